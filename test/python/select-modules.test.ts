import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MinopsError } from '../../src/errors.js';
import { findPython } from '../../src/python/find-python.js';
import type { ModuleSelection, SelectOptions } from '../../src/python/module-selection.js';
import type { PythonLayout } from '../../src/python/python-layout.js';
import { selectModules } from '../../src/python/select-modules.js';
import { debianPythonRootfs, testCacheDir } from '../support/debian-rootfs.js';
import { materialise } from './run-selected.js';
import { need, testWith } from '../support/needs.js';

let root: string;
let layout: PythonLayout;
let scratch: string;
beforeAll(async () => {
  root = debianPythonRootfs();
  layout = await findPython(root);
  mkdirSync(testCacheDir, { recursive: true });
  scratch = mkdtempSync(path.join(testCacheDir, 'select-modules-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Write a script (and its siblings) into its own directory; return its host path. */
function project(name: string, files: Record<string, string>): string {
  const dir = path.join(scratch, name);
  for (const [rel, body] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), body);
  }
  return path.join(dir, 'main.py');
}

const select = (script: string, more: Partial<SelectOptions> = {}) =>
  selectModules({ root, layout, script, scriptGuest: '/app/main.py', slim: 'imports', ...more });

const guests = (sel: ModuleSelection) => sel.files.map((f) => f.guest);
const rel = (sel: ModuleSelection) => guests(sel).map((g) => g.replace(layout.stdlib, '<stdlib>'));

/** Materialise the selection and run the script with the rootfs's interpreter in that tree. */
async function runSelection(sel: ModuleSelection, script: string) {
  const tree = await materialise(layout, sel.files, { host: script, guest: '/app/main.py' }, scratch);
  return tree.run();
}

describe('selectModules --slim imports (Debian rootfs)', () => {
  test('hello.py: the start-up set and core codecs only, and it runs', async () => {
    const script = project('hello', { 'main.py': 'print("hello from minops")\n' });
    const sel = await select(script);
    expect(sel.method).toBe('trace');
    expect(sel.warnings).toEqual([]);
    const files = rel(sel);
    for (const f of ['<stdlib>/os.py', '<stdlib>/site.py', '<stdlib>/encodings/__init__.py', '<stdlib>/encodings/utf_8.py', '<stdlib>/encodings/aliases.py', '<stdlib>/codecs.py']) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => f.startsWith('<stdlib>/encodings/')).length).toBeLessThan(25); // not all 120 codecs
    expect(files.some((f) => f.includes('json') || f.includes('lib-dynload'))).toBe(false);
    expect(sel.files.find((f) => f.guest === layout.landmark)?.reason).toEqual({ kind: 'startup', module: 'os' });
    expect(guests(sel)).toEqual([...guests(sel)].sort());
    expect(await runSelection(sel, script)).toMatchObject({ exitCode: 0, stdout: 'hello from minops' });
  });

  test('json + hashlib + datetime: their modules with import chains, _hashlib extension, and it runs', async () => {
    const script = project('jhd', {
      'main.py': [
        'import json, hashlib, datetime',
        'd = datetime.datetime(2024, 5, 6, 7, 8, 9)',
        'print(json.dumps({"sha": hashlib.sha256(b"minops").hexdigest()[:12], "when": d.isoformat()}))',
      ].join('\n'),
    });
    const sel = await select(script);
    const files = rel(sel);
    for (const f of ['<stdlib>/json/__init__.py', '<stdlib>/json/decoder.py', '<stdlib>/hashlib.py', '<stdlib>/datetime.py', '<stdlib>/re/__init__.py']) {
      expect(files).toContain(f);
    }
    const hashlibSo = sel.files.find((f) => /\/lib-dynload\/_hashlib\.cpython-.*\.so$/.test(f.guest));
    expect(hashlibSo).toMatchObject({ kind: 'extension', module: '_hashlib', reason: { kind: 'import', module: '_hashlib', chain: ['__main__', 'hashlib', '_hashlib'] } });
    expect(sel.files.find((f) => f.guest === `${layout.stdlib}/json/decoder.py`)).toMatchObject({
      kind: 'source',
      reason: { kind: 'import', chain: ['__main__', 'json', 'json.decoder'] },
    });
    expect(sel.files.find((f) => f.guest === `${layout.stdlib}/json/__init__.py`)?.kind).toBe('package');
    // A lazy import inside a function (json.tool, unittest) is not pulled in by the trace.
    expect(files.some((f) => f.includes('unittest') || f.includes('asyncio') || f.includes('/test/'))).toBe(false);
    const run = await runSelection(sel, script);
    const sha = createHash('sha256').update('minops').digest('hex').slice(0, 12);
    expect(run).toMatchObject({ exitCode: 0, stdout: `{"sha": "${sha}", "when": "2024-05-06T07:08:09"}` });
  });

  test('a package\'s own lazy imports (inside functions) are kept: email.message_from_string → email.parser', async () => {
    const script = project('lazy', { 'main.py': 'import email\nprint(email.message_from_string("Subject: hi\\n\\nbody")["Subject"])\n' });
    const sel = await select(script);
    expect(sel.files.find((f) => f.guest === `${layout.stdlib}/email/parser.py`)?.reason).toEqual({
      kind: 'import',
      module: 'email.parser',
      chain: ['__main__', 'email', 'email.parser'],
    });
    // a lazy import into another package is not followed (that is what makes 'graph' large)
    expect(guests(sel).some((g) => g.includes('/asyncio/') || g.includes('/unittest/'))).toBe(false);
    expect(await runSelection(sel, script)).toMatchObject({ exitCode: 0, stdout: 'hi' });
  });

  test('functions of a module the script imports by name may import any module: Counter.most_common → heapq, strptime → _strptime', async () => {
    const script = project('lazy-cross', {
      'main.py':
        'import collections, datetime\n' +
        'print(collections.Counter("mississippi").most_common(1))\n' +
        'print(datetime.datetime.strptime("2024-03-01", "%Y-%m-%d").date())\n',
    });
    const sel = await select(script);
    expect(sel.files.find((f) => f.guest === `${layout.stdlib}/heapq.py`)?.reason).toEqual({
      kind: 'import',
      module: 'heapq',
      chain: ['__main__', 'collections', 'heapq'],
    });
    expect(sel.lazyOnly).toEqual(expect.arrayContaining(['heapq', '_strptime']));
    expect(await runSelection(sel, script)).toMatchObject({ exitCode: 0, stdout: "[('i', 4)]\n2024-03-01" });
  });

  test('a selection missing one module does not run (the run check can fail)', async () => {
    const script = project('broken', { 'main.py': 'import json\nprint(json.dumps([1]))\n' });
    const sel = await select(script);
    const cut = { ...sel, files: sel.files.filter((f) => !f.guest.endsWith('/json/decoder.py')) };
    const run = await runSelection(cut, script);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("ModuleNotFoundError: No module named 'json.decoder'");
  });

  test('yaml: site-packages package, its C extension _yaml and its dist-info, and it runs', async () => {
    const script = project('yaml', {
      'main.py': [
        'import yaml, importlib.metadata',
        'print(yaml.__with_libyaml__, yaml.dump({"a": [1, 2]}, Dumper=yaml.CDumper).strip())',
        'print(importlib.metadata.version("PyYAML") == yaml.__version__)',
      ].join('\n'),
    });
    const sel = await select(script);
    const site = '/usr/lib/python3/dist-packages';
    const ext = sel.files.find((f) => f.guest.startsWith(`${site}/yaml/_yaml.`));
    expect(ext).toMatchObject({ kind: 'extension', module: 'yaml._yaml', reason: { kind: 'import', chain: ['__main__', 'yaml', 'yaml.cyaml', 'yaml._yaml'] } });
    expect(guests(sel)).toContain(`${site}/yaml/__init__.py`);
    expect(sel.files.find((f) => /\/PyYAML-[^/]+\.dist-info\/METADATA$/.test(f.guest))).toMatchObject({
      kind: 'data',
      reason: { kind: 'import', module: 'yaml', chain: ['__main__', 'yaml'] },
    });
    const run = await runSelection(sel, script);
    expect(run.stderr).toBe('');
    expect(run).toMatchObject({ exitCode: 0, stdout: 'True a:\n- 1\n- 2\nTrue' });
  });

  test('sibling module and sibling package are user files under the script\'s guest dir, and it runs', async () => {
    const script = project('siblings', {
      'main.py': 'import helper\nfrom pkg import sub\nprint(helper.greet(sub.NAME))\n',
      'helper.py': 'import textwrap\ndef greet(n):\n    return textwrap.shorten("hi " + n, 20)\n',
      'pkg/__init__.py': '',
      'pkg/sub.py': 'NAME = "pkg.sub"\n',
      'unused.py': 'import this_does_not_exist\n',
    });
    const sel = await select(script);
    const user = sel.files.filter((f) => f.reason.kind === 'user');
    expect(user.map((f) => [f.guest, f.module, f.kind, f.host])).toEqual([
      ['/app/helper.py', 'helper', 'source', path.join(path.dirname(script), 'helper.py')],
      ['/app/pkg/__init__.py', 'pkg', 'package', path.join(path.dirname(script), 'pkg/__init__.py')],
      ['/app/pkg/sub.py', 'pkg.sub', 'source', path.join(path.dirname(script), 'pkg/sub.py')],
    ]);
    expect(user[0]!.reason).toEqual({ kind: 'user', detail: 'module helper, imported by __main__' });
    // textwrap is imported by the sibling, so it is kept, with the chain through it
    expect(sel.files.find((f) => f.guest.endsWith('/textwrap.py'))?.reason).toEqual({
      kind: 'import',
      module: 'textwrap',
      chain: ['__main__', 'helper', 'textwrap'],
    });
    expect(await runSelection(sel, script)).toMatchObject({ exitCode: 0, stdout: 'hi pkg.sub' });
  });

  test('an import that does not exist is reported missing, not fatal', async () => {
    const script = project('missing', { 'main.py': 'try:\n    import no_such_module_xyz\nexcept ImportError:\n    pass\nprint("ok")\n' });
    const sel = await select(script);
    expect(sel.missing).toContain('no_such_module_xyz');
    expect(sel.warnings).toEqual([
      'module no_such_module_xyz (imported by __main__) was not found (or does not compile) in the rootfs or beside the script; the script fails if that import runs',
    ]);
    expect(await runSelection(sel, script)).toMatchObject({ exitCode: 0, stdout: 'ok' });
  });

  test('`from package import Name` of an attribute is not a missing module', async () => {
    const script = project('from-import', { 'main.py': 'from collections import Counter\nfrom json import dumps\nprint(dumps(Counter("aab")["a"]))\n' });
    const sel = await select(script);
    expect(sel.missing).toEqual([]);
    expect(sel.warnings).toEqual([]);
    expect(await runSelection(sel, script)).toMatchObject({ exitCode: 0, stdout: '2' });
  });

  test('a script that does not compile: SCRIPT_SYNTAX with file, line and column', async () => {
    const script = project('syntax', { 'main.py': 'import json\nprint(1\n' });
    const err = await select(script).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MinopsError);
    expect(err).toMatchObject({ code: 'SCRIPT_SYNTAX', where: { file: script, line: 2, column: 6 } });
    expect((err as Error).message).toBe("'(' was never closed"); // the file is in `where`, printed once by the CLI
  });

  test("method 'graph' walks everything statically: a superset of the trace", async () => {
    const script = project('graph', { 'main.py': 'import json\n' });
    const traced = await select(script);
    const graphed = await select(script, { method: 'graph' });
    expect(graphed.method).toBe('graph');
    expect(guests(graphed)).toEqual(expect.arrayContaining(guests(traced)));
    expect(graphed.files.length).toBeGreaterThan(traced.files.length);
  });

  test('the drivers see guest paths: a PYTHONPATH of the guest environment (/app/lib) is followed', async () => {
    const script = project('extra', { 'main.py': 'import extlib\nprint(extlib.X)\n', 'lib/extlib.py': 'import json\nX = 42\n' });
    const sel = await select(script, { env: [['PYTHONPATH', '/app/lib']] });
    expect(sel.files.find((f) => f.module === 'extlib')).toMatchObject({ guest: '/app/lib/extlib.py', host: path.join(path.dirname(script), 'lib/extlib.py'), reason: { kind: 'user' } });
    expect(sel.files.find((f) => f.module === 'json')?.reason).toMatchObject({ kind: 'import', chain: ['__main__', 'extlib', 'json'] });
  });
});

describe('selectModules --slim stdlib (Debian rootfs)', () => {
  test('the whole stdlib without tests/GUI/ensurepip/lib2to3 and stale bytecode, plus extensions and site-packages', async () => {
    const script = project('stdlib', { 'main.py': 'import helper\nimport json, yaml\nprint(helper.V, json.dumps(yaml.safe_load("[1]")))\n', 'helper.py': 'V = "std"\n' });
    const sel = await select(script, { slim: 'stdlib' });
    const files = rel(sel);
    expect(files).toContain('<stdlib>/os.py');
    expect(files).toContain('<stdlib>/asyncio/__init__.py'); // not imported, kept anyway
    expect(files.filter((f) => f.startsWith('<stdlib>/encodings/')).length).toBeGreaterThan(100);
    for (const dir of ['test', 'idlelib', 'tkinter', 'ensurepip', 'lib2to3', 'turtledemo']) {
      expect(files.filter((f) => f.startsWith(`<stdlib>/${dir}/`))).toEqual([]);
    }
    expect(files.filter((f) => f.includes('__pycache__') || f.endsWith('.pyc'))).toEqual([]);
    expect(sel.files.filter((f) => f.kind === 'extension').length).toBeGreaterThan(30);
    expect(sel.files.find((f) => f.guest.endsWith('/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so') || /_ssl\.cpython/.test(f.guest))?.reason).toEqual({ kind: 'stdlib' });
    expect(sel.files.find((f) => f.guest === '/usr/lib/python3/dist-packages/yaml/__init__.py')).toMatchObject({ module: 'yaml', kind: 'package', reason: { kind: 'site-packages' } });
    expect(sel.files.find((f) => f.guest === '/app/helper.py')?.reason.kind).toBe('user');
    expect(await runSelection(sel, script)).toMatchObject({ exitCode: 0, stdout: 'std [1]' });
  });
});

describe('selectModules when the rootfs interpreter cannot run', () => {
  /** The Debian interpreter and a stub stdlib, but no loader and no libraries. */
  async function noLoaderLayout(): Promise<PythonLayout> {
    const bare = path.join(scratch, 'no-loader');
    mkdirSync(path.join(bare, 'usr/bin'), { recursive: true });
    mkdirSync(path.join(bare, `usr/lib/python${layout.version.major}.${layout.version.minor}`), { recursive: true });
    copyFileSync(path.join(root, layout.interpreter), path.join(bare, layout.interpreter));
    writeFileSync(path.join(bare, layout.landmark), '');
    return findPython(bare);
  }

  test('imports: PYTHON_FAILED names the interpreter and the missing loader', async () => {
    const bareLayout = await noLoaderLayout();
    const script = project('noloader', { 'main.py': 'print(1)\n' });
    const err = await selectModules({ root: bareLayout.root, layout: bareLayout, script, scriptGuest: '/app/main.py', slim: 'imports' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MinopsError);
    expect(err).toMatchObject({ code: 'PYTHON_FAILED', where: { file: bareLayout.root, entry: '/lib64/ld-linux-x86-64.so.2' } });
    expect((err as Error).message).toBe(`${layout.interpreter} in ${bareLayout.root} asks for the loader /lib64/ld-linux-x86-64.so.2, which the rootfs does not have`);
  });

  test('stdlib: still selects, with a warning that sibling modules were not detected', async () => {
    const bareLayout = await noLoaderLayout();
    const script = project('noloader2', { 'main.py': 'print(1)\n' });
    const sel = await selectModules({ root: bareLayout.root, layout: bareLayout, script, scriptGuest: '/app/main.py', slim: 'stdlib' });
    expect(sel.files.map((f) => f.guest)).toEqual([bareLayout.landmark]);
    expect(sel.warnings).toHaveLength(1);
    expect(sel.warnings[0]).toMatch(/which the rootfs does not have; modules beside the script are not detected, add them with Files\/Dirs$/);
  });
});

describe('selectModules on the host rootfs', () => {
  testWith([need('/usr/bin/python3', existsSync('/usr/bin/python3'))], 'root / (needs /usr/bin/python3): guest paths are host paths, and it runs', async () => {
    const hostLayout = await findPython('/');
    const script = project('host', { 'main.py': 'import json\nprint(json.dumps({"host": True}))\n' });
    const sel = await selectModules({ root: '/', layout: hostLayout, script, scriptGuest: '/app/main.py', slim: 'imports' });
    expect(sel.files.find((f) => f.module === 'json')).toMatchObject({ guest: `${hostLayout.stdlib}/json/__init__.py`, host: `${hostLayout.stdlib}/json/__init__.py` });
    const tree = await materialise(hostLayout, sel.files, { host: script, guest: '/app/main.py' }, scratch);
    expect(await tree.run()).toMatchObject({ exitCode: 0, stdout: '{"host": true}' });
  });
});
