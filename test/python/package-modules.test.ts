// Real Debian packages that load what no import statement or DT_NEEDED entry names survive
// `--slim imports`: Pillow registers its image plugins by importing each name in a list when an
// image is saved, SQLAlchemy finds a dialect through a registry of "module:attribute" strings,
// Markdown finds "tables" through its egg-info's entry points, Babel reads locale data through a
// symlink into /usr/share, python-magic loads libmagic with ctypes and libmagic reads its
// database, zipfile decodes names with the codec it names, 'cp437'. Proved by running the slim
// tree, which holds only what the plan keeps.
import { describe, expect, test } from 'vitest';
import { ctypesLibrariesIn } from '../../src/python/ctypes-libraries.js';
import { packageModuleNames } from '../../src/python/package-modules.js';
import { materialisePlan, runTree } from '../bundle/materialise-plan.js';
import { planSlimScript } from './plan-slim-script.js';
import { debianPluginsRootfs } from '../support/debian-rootfs.js';
import { needCommand } from '../support/machine-needs.js';
import { describeWith } from '../support/needs.js';

describe('packageModuleNames', () => {
  test('modules and extension modules by name; tests, __main__ and directories that are not packages left out', () => {
    const files = [
      '__init__.py', 'Image.py', 'WebPImagePlugin.py', '_webp.cpython-311-x86_64-linux-gnu.so', '_imaging.abi3.so',
      '__main__.py', 'py.typed', 'fonts/a.ttf', 'data/x.py',
      'dialects/__init__.py', 'dialects/sqlite/__init__.py', 'dialects/sqlite/base.py',
      'tests/__init__.py', 'tests/test_image.py', 'dialects/tests/__init__.py', 'dialects/tests/t.py',
      'odd-name.py', 'README.txt',
    ];
    expect(packageModuleNames('PIL', files)).toEqual([
      'PIL', 'PIL.Image', 'PIL.WebPImagePlugin', 'PIL._imaging', 'PIL._webp',
      'PIL.dialects', 'PIL.dialects.sqlite', 'PIL.dialects.sqlite.base',
    ]);
  });
});

describe('ctypesLibrariesIn', () => {
  test('library file names and find_library names in a module that uses ctypes; nothing otherwise', () => {
    const loader = "import ctypes\nfrom ctypes.util import find_library\nyield find_library('magic')\nyield 'libmagic.so.1'\nCDLL(\"libz.so\")\n";
    expect(ctypesLibrariesIn(loader)).toEqual(['libmagic.so*', 'libmagic.so.1', 'libz.so']);
    expect(ctypesLibrariesIn("name = 'libmagic.so.1'\n")).toEqual([]);
  });
});

describeWith([needCommand('apt-get', 'apt'), needCommand('bwrap', 'bubblewrap')], 'what packages load by name, on Debian packages (--slim imports)', () => {
  test('Pillow saves WEBP and TIFF, SQLAlchemy finds its sqlite dialect, Markdown its tables, Babel its locales, python-magic libmagic, from the slim tree', async () => {
    const root = debianPluginsRootfs();
    const plan = await planSlimScript(root, 'plugins.py', [
      'import io',
      'from PIL import Image',
      'import sqlalchemy',
      'im = Image.new("RGB", (8, 4), "red")',
      'for fmt in ("PNG", "WEBP", "TIFF"):',
      '    b = io.BytesIO(); im.save(b, fmt); b.seek(0); print(fmt, Image.open(b).size)',
      'with sqlalchemy.create_engine("sqlite://").connect() as c:',
      '    print("sqlite", c.execute(sqlalchemy.text("select 1 + 1")).scalar())',
      'import markdown',
      'print(markdown.markdown("| a |\\n|---|\\n| 1 |", extensions=["tables"]).count("<td>"))',
      'import datetime',
      'from babel.dates import format_date',
      'print(format_date(datetime.date(2024, 1, 5), locale="de_DE"))',
      'import magic',
      'print(magic.from_buffer(b"%PDF-1.4\\n", mime=True))',
      // A codec named in a string: zipfile decodes member names with 'cp437'.
      'import zipfile',
      'z = io.BytesIO()',
      'with zipfile.ZipFile(z, "w") as w: w.writestr("a.txt", "x")',
      'print(zipfile.ZipFile(z).read("a.txt"))',
    ]);
    const guests = new Set(plan.entries.map((e) => e.guest));
    expect([...guests].some((g) => g.endsWith('/PIL/WebPImagePlugin.py'))).toBe(true);
    // Package tests are never part of it.
    expect([...guests].some((g) => /\/(PIL|sqlalchemy)\/(.*\/)?tests?\//.test(g))).toBe(false);
    const run = runTree(plan, materialisePlan(plan));
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('PNG (8, 4)\nWEBP (8, 4)\nTIFF (8, 4)\nsqlite 2\n1\n05.01.2024\napplication/pdf\nb\'x\'\n');
  }, 240_000);
});
