// Packages that load parts of themselves by a name held in a string survive `--slim imports`:
// Debian's Pillow registers its image plugins by importing each name in a list when an image is
// saved, and SQLAlchemy finds a dialect through a registry of "module:attribute" strings. Proved
// by running the slim tree, which holds only what the plan keeps.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { planBundle } from '../../src/bundle/plan-bundle.js';
import { packageModuleNames } from '../../src/python/package-modules.js';
import { materialisePlan, runTree } from '../bundle/materialise-plan.js';
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

describeWith([needCommand('apt-get', 'apt'), needCommand('bwrap', 'bubblewrap')], 'plug-ins loaded by name, on Debian packages (--slim imports)', () => {
  test('Pillow saves WEBP and TIFF, and SQLAlchemy finds its sqlite dialect, from the slim tree', async () => {
    const root = debianPluginsRootfs();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'minops-plugins-'));
    const script = path.join(dir, 'plugins.py');
    writeFileSync(
      script,
      [
        'import io',
        'from PIL import Image',
        'import sqlalchemy',
        'im = Image.new("RGB", (8, 4), "red")',
        'for fmt in ("PNG", "WEBP", "TIFF"):',
        '    b = io.BytesIO(); im.save(b, fmt); b.seek(0); print(fmt, Image.open(b).size)',
        'with sqlalchemy.create_engine("sqlite://").connect() as c:',
        '    print("sqlite", c.execute(sqlalchemy.text("select 1 + 1")).scalar())',
        '',
      ].join('\n'),
    );
    const plan = await planBundle({ root, script, scriptArgs: [], slim: 'imports', env: [], includes: [], excludes: [], allowMissing: false, cacheDir: path.join(dir, 'cache') });
    const guests = new Set(plan.entries.map((e) => e.guest));
    expect([...guests].some((g) => g.endsWith('/PIL/WebPImagePlugin.py'))).toBe(true);
    // Package tests are never part of it.
    expect([...guests].some((g) => /\/(PIL|sqlalchemy)\/(.*\/)?tests?\//.test(g))).toBe(false);
    const run = runTree(plan, materialisePlan(plan));
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('PNG (8, 4)\nWEBP (8, 4)\nTIFF (8, 4)\nsqlite 2\n');
  }, 240_000);
});
