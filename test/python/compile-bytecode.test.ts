import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { compileBytecode, pycPathOf } from '../../src/python/compile-bytecode.js';
import { findPython } from '../../src/python/find-python.js';
import type { PythonLayout } from '../../src/python/python-layout.js';
import { hostOf } from '../../src/python/resolve-in-root.js';
import { runRootfsPython } from '../../src/python/run-rootfs-python.js';
import { selectModules } from '../../src/python/select-modules.js';
import { debianPythonRootfs, testCacheDir } from '../support/debian-rootfs.js';
import { materialise } from './run-selected.js';

let root: string;
let layout: PythonLayout;
let scratch: string;
let cacheDir: string;
beforeAll(async () => {
  root = debianPythonRootfs();
  layout = await findPython(root);
  mkdirSync(testCacheDir, { recursive: true });
  scratch = mkdtempSync(path.join(testCacheDir, 'compile-bytecode-'));
  cacheDir = path.join(scratch, 'cache');
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('compileBytecode (Debian rootfs)', () => {
  test('pyc path: __pycache__/<name>.<cache tag>.pyc beside the source', () => {
    expect(pycPathOf('/usr/lib/python3.11/json/decoder.py', 'cpython-311')).toBe('/usr/lib/python3.11/json/__pycache__/decoder.cpython-311.pyc');
    expect(pycPathOf('/app/pkg/__init__.py', 'cpython-310')).toBe('/app/pkg/__pycache__/__init__.cpython-310.pyc');
  });

  test('unchecked-hash header, the rootfs magic, and the guest path as co_filename', async () => {
    const guest = `${layout.stdlib}/json/decoder.py`;
    const { compiled, warnings } = await compileBytecode({ layout, files: [{ guest, host: hostOf(root, guest) }], cacheDir });
    expect(warnings).toEqual([]);
    expect(compiled).toHaveLength(1);
    expect(compiled[0]).toMatchObject({ guest: `${layout.stdlib}/json/__pycache__/decoder.${layout.cacheTag}.pyc`, source: guest });
    const pyc = readFileSync(compiled[0]!.host);
    expect(pyc.readUInt32LE(4)).toBe(1); // PEP 552 flags: bit 0 hash-based, bit 1 check_source off
    const pycDir = { host: path.dirname(compiled[0]!.host), guest: '/pyc' };
    const probe = await runRootfsPython(
      layout,
      ['-c', 'import sys, marshal, importlib.util; d = open(sys.argv[1], "rb").read(); print(d[:4] == importlib.util.MAGIC_NUMBER, marshal.loads(d[16:]).co_filename)', `/pyc/${path.basename(compiled[0]!.host)}`],
      { mounts: [pycDir] },
    );
    expect(probe.stdout).toBe(`True ${guest}`);
  });

  test('content-addressed cache: the same source gives the same file, which is not rewritten', async () => {
    const guest = `${layout.stdlib}/json/encoder.py`;
    const first = await compileBytecode({ layout, files: [{ guest, host: hostOf(root, guest) }], cacheDir });
    const before = statSync(first.compiled[0]!.host).mtimeMs;
    const again = await compileBytecode({ layout, files: [{ guest, host: hostOf(root, guest) }], cacheDir });
    expect(again.compiled).toEqual(first.compiled);
    expect(statSync(again.compiled[0]!.host).mtimeMs).toBe(before);
  });

  test('a symlinked source (sitecustomize.py → /etc/...) is read inside the rootfs', async () => {
    const guest = `${layout.stdlib}/sitecustomize.py`;
    const { compiled, warnings } = await compileBytecode({ layout, files: [{ guest, host: hostOf(root, guest) }], cacheDir });
    expect(warnings).toEqual([]);
    expect(compiled.map((c) => c.guest)).toEqual([`${layout.stdlib}/__pycache__/sitecustomize.${layout.cacheTag}.pyc`]);
  });

  test('a source with a syntax error is reported and gets no bytecode', async () => {
    const bad = path.join(scratch, 'bad.py');
    writeFileSync(bad, 'def (:\n');
    const { compiled, warnings } = await compileBytecode({ layout, files: [{ guest: '/app/bad.py', host: bad }], cacheDir });
    expect(compiled).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^\/app\/bad\.py: .*SyntaxError.*; shipped without bytecode$/);
  });

  test('the shipped bytecode is what runs: a source changed after compiling is not read', async () => {
    const dir = path.join(scratch, 'proj');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'main.py'), 'import mod\nprint(mod.WHO)\n');
    writeFileSync(path.join(dir, 'mod.py'), 'WHO = "bytecode"\n');
    const script = path.join(dir, 'main.py');
    const sel = await selectModules({ root, layout, script, scriptGuest: '/app/main.py', slim: 'imports' });
    const { compiled } = await compileBytecode({ layout, files: sel.files, cacheDir });
    expect(compiled.map((c) => c.guest)).toContain(`/app/__pycache__/mod.${layout.cacheTag}.pyc`);
    expect(compiled.map((c) => c.guest)).toContain(`${layout.stdlib}/encodings/__pycache__/utf_8.${layout.cacheTag}.pyc`);
    const tree = await materialise(layout, sel.files, { host: script, guest: '/app/main.py' }, scratch, { compiled });
    writeFileSync(hostOf(tree.dir, '/app/mod.py'), 'WHO = "source"\n');
    expect(await tree.run()).toMatchObject({ exitCode: 0, stdout: 'bytecode' });
  });
});

describe('compileBytecode is reproducible', () => {
  // PYTHONHASHSEED=0 matters on Pythons before 3.11, whose marshal wrote frozensets in hash order.
  test('two cold caches give byte-identical .pyc', async () => {
    const src = path.join(scratch, 'sets.py');
    writeFileSync(src, 'def f(x):\n    return x in {"alpha", "beta", "gamma", "delta", "epsilon"}\n');
    const a = await compileBytecode({ layout, files: [{ guest: '/app/sets.py', host: src }], cacheDir: path.join(scratch, 'cold-a') });
    const b = await compileBytecode({ layout, files: [{ guest: '/app/sets.py', host: src }], cacheDir: path.join(scratch, 'cold-b') });
    expect(readFileSync(a.compiled[0]!.host).equals(readFileSync(b.compiled[0]!.host))).toBe(true);
  });
});
