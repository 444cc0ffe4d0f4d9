// Real plans on a real Debian python3 rootfs, each proved by materialising the plan and running
// the script with the tree's own interpreter and loader.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { BundlePlan } from '../../src/bundle/bundle-plan.js';
import { compareGuest } from '../../src/bundle/compare-guest.js';
import { planBundle, type PlanBundleInput } from '../../src/bundle/plan-bundle.js';
import { MinopsError } from '../../src/errors.js';
import { isDesktopOnlyHook } from '../../src/python/select-modules.js';
import { debianPythonName, debianPythonRootfs, repoRoot } from '../support/debian-rootfs.js';
import { materialisePlan, runTree } from './materialise-plan.js';
import { describeWith } from '../support/needs.js';
import { needGcc } from '../support/machine-needs.js';

const examples = path.join(repoRoot, 'examples');
const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'minops-plan-cache-'));
let root = '';
let python = '';

beforeAll(() => {
  root = debianPythonRootfs();
  python = `/usr/bin/${debianPythonName(root)}`;
});

const plan = (over: Partial<PlanBundleInput> & { script: string }): Promise<BundlePlan> =>
  planBundle({ root, scriptArgs: [], slim: 'imports', env: [], includes: [], excludes: [], allowMissing: false, cacheDir, ...over });

const contentBytes = (p: BundlePlan): number => p.entries.reduce((n, e) => n + (e.source.kind === 'file' ? e.source.size : 0), 0);
const entry = (p: BundlePlan, guest: string) => p.entries.find((e) => e.guest === guest);

/** Sorted by UTF-8 bytes, unique, and every parent present as a directory. */
function expectWellFormed(p: BundlePlan): void {
  const guests = p.entries.map((e) => e.guest);
  expect([...guests].sort(compareGuest)).toEqual(guests);
  expect(new Set(guests).size).toBe(guests.length);
  const dirs = new Set(p.entries.filter((e) => e.source.kind === 'dir').map((e) => e.guest));
  const orphans = guests.filter((g) => g.lastIndexOf('/') > 0 && !dirs.has(g.slice(0, g.lastIndexOf('/'))));
  expect(orphans).toEqual([]);
}

describe('planBundle on a Debian python3 rootfs', () => {
  test('hello.py under imports: runs from the slim tree, keeps usrmerge symlinks, and stays small', async () => {
    const p = await plan({ script: path.join(examples, 'hello.py'), scriptArgs: ['x'] });
    expectWellFormed(p);
    expect(p.program).toBe(python);
    expect(p.args).toEqual([python, '/app/hello.py', 'x']);
    expect(p.cwd).toBe('/app');
    expect(p.python).toEqual({ version: python.replace('/usr/bin/python', ''), method: 'trace', missingModules: [] });
    expect(p.env).toContainEqual(['PYTHONDONTWRITEBYTECODE', '1']);
    expect(entry(p, '/lib')?.source).toEqual({ kind: 'symlink', target: 'usr/lib' });
    expect(entry(p, '/lib64')?.source).toEqual({ kind: 'symlink', target: 'usr/lib64' });
    expect(entry(p, '/proc/self/exe')?.source).toEqual({ kind: 'symlink', target: python });
    expect(entry(p, '/app/hello.py')?.reason).toEqual({ kind: 'script' });
    expect(entry(p, python)?.reason).toEqual({ kind: 'interpreter' });
    expect(entry(p, '/usr/lib/x86_64-linux-gnu/libm.so.6')?.reason).toEqual({ kind: 'needed', chain: [python, '/usr/lib/x86_64-linux-gnu/libm.so.6'] });
    expect(p.entries.some((e) => e.guest.includes('/json/'))).toBe(false);
    expect(contentBytes(p)).toBeLessThanOrEqual(11.3e6);

    const run = runTree(p, materialisePlan(p));
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('Hello from Python inside a Nanos unikernel!\n');
    expect(run.status).toBe(0);
  });

  test('json + hashlib + datetime: extension modules come with libcrypto, and the output matches', async () => {
    const script = path.join(examples, 'stdlib_mix.py');
    const p = await plan({ script });
    expectWellFormed(p);
    const libcrypto = p.entries.find((e) => /\/libcrypto\.so\.[\d.]+$/.test(e.guest) && e.source.kind === 'file');
    expect(libcrypto?.reason.kind).toBe('needed');
    expect(contentBytes(p)).toBeLessThanOrEqual(16.5e6);
    const tree = materialisePlan(p);
    const run = runTree(p, tree);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      '{"name": "minops", "when": "2024-01-01T12:00:00"}\n' +
        'sha256 cd19cbd3c372e9543220bccb4134a7282bcb1cd68d762c0bf5bbe62bc00f7e62\n' +
        'days 60\n',
    );
    // The shipped bytecode is what Python loads (it would say "code object from" the .py's
    // __pycache__ only after compiling when the .pyc is missing or stale).
    const verbose = runTree({ ...p, env: [...p.env, ['PYTHONVERBOSE', '1']] }, tree);
    expect(verbose.stderr).toMatch(/matches \/usr\/lib\/python3\.\d+\/json\/decoder\.py/);
    expect(verbose.stderr).not.toMatch(/could not create|bytecode is stale/);
  });

  test('a site-packages C extension (yaml → _yaml → libyaml) runs from the slim tree', async () => {
    const p = await plan({ script: path.join(examples, 'yaml/parse.py') });
    expectWellFormed(p);
    const libyaml = p.entries.find((e) => /\/libyaml-0\.so\.2[\d.]*$/.test(e.guest) && e.source.kind === 'file');
    expect(libyaml?.reason).toMatchObject({ kind: 'needed' });
    const run = runTree(p, materialisePlan(p));
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('minops with rootfs, elf, python\nlibyaml True\n');
  });

  test('start-up work a guest does not need is left out: the apport sitecustomize, and .pth files (with what they import) when nothing outside the stdlib is', async () => {
    // A copy of the rootfs (hard links: nothing of the original is written) with a .pth file
    // whose import line loads a module at start-up, as setuptools's distutils-precedence.pth does.
    const copy = mkdtempSync(path.join(path.dirname(root), '.minops-pth-'));
    execFileSync('cp', ['-al', `${root}/.`, copy]);
    const site = '/usr/lib/python3/dist-packages';
    writeFileSync(path.join(copy, site, 'hook.pth'), 'import _startup_hook\n');
    writeFileSync(path.join(copy, site, '_startup_hook.py'), 'import sys\nsys.hooked = True\n');
    const stdlib = path.posix.dirname(python.replace('/bin/', '/lib/'));
    try {
      const hello = await planBundle({ root: copy, scriptArgs: [], slim: 'imports', env: [], includes: [], excludes: [], allowMissing: false, cacheDir, script: path.join(examples, 'hello.py') });
      const guests = hello.entries.map((e) => e.guest);
      expect(guests.filter((g) => /sitecustomize|\.pth$|_startup_hook/.test(g))).toEqual([]);
      const run = runTree(hello, materialisePlan(hello));
      expect(run.stdout).toBe('Hello from Python inside a Nanos unikernel!\n');
      expect(run.status).toBe(0);
      // exit() (site's) still works from that tree.
      const exits = mkdtempSync(path.join(os.tmpdir(), 'minops-exit-'));
      writeFileSync(path.join(exits, 'exits.py'), 'import sys\nprint(hasattr(sys, "hooked"))\nexit(3)\n');
      const exit = await planBundle({ root: copy, scriptArgs: [], slim: 'imports', env: [], includes: [], excludes: [], allowMissing: false, cacheDir, script: path.join(exits, 'exits.py') });
      expect(runTree(exit, materialisePlan(exit))).toMatchObject({ stdout: 'False\n', status: 3 });

      // A script that imports from site-packages keeps every .pth file and what it loads.
      const yaml = await planBundle({ root: copy, scriptArgs: [], slim: 'imports', env: [], includes: [], excludes: [], allowMissing: false, cacheDir, script: path.join(examples, 'yaml/parse.py') });
      expect(entry(yaml, `${site}/hook.pth`)?.reason).toEqual({ kind: 'startup', module: 'site' });
      expect(entry(yaml, `${site}/_startup_hook.py`)?.reason).toEqual({ kind: 'startup', module: '_startup_hook' });
      expect(entry(yaml, `${stdlib}/sitecustomize.py`)).toBeUndefined();
      expect(runTree(yaml, materialisePlan(yaml)).stdout).toBe('minops with rootfs, elf, python\nlibyaml True\n');
    } finally {
      execFileSync('rm', ['-rf', copy]);
    }
  });

  test('the rootfs sitecustomize is recognised as the desktop crash reporter only when that is all it does', () => {
    expect(isDesktopOnlyHook(readFileSync(path.join(root, 'etc', path.basename(python), 'sitecustomize.py'), 'utf8'))).toBe(true);
    expect(isDesktopOnlyHook('import apport_python_hook\napport_python_hook.install()\nimport os\n')).toBe(false);
    expect(isDesktopOnlyHook('import coverage\ncoverage.process_startup()\n')).toBe(false);
  });

  test('--slim stdlib keeps the whole stdlib minus tests and still runs', async () => {
    const p = await plan({ script: path.join(examples, 'stdlib_mix.py'), slim: 'stdlib' });
    expectWellFormed(p);
    const stdlib = path.posix.dirname(p.entries.find((e) => e.guest.endsWith('/os.py'))!.guest);
    expect(entry(p, `${stdlib}/json/decoder.py`)).toBeDefined();
    expect(p.entries.some((e) => e.guest.startsWith(`${stdlib}/test/`))).toBe(false);
    expect(contentBytes(p)).toBeLessThanOrEqual(36e6);
    const run = runTree(p, materialisePlan(p));
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('days 60\n');
  });

  test('--slim none keeps every rootfs path, and include/exclude globs apply', async () => {
    const p = await plan({ script: path.join(examples, 'hello.py'), slim: 'none', excludes: ['/usr/share/doc/**'] });
    expectWellFormed(p);
    const rootPaths = walk(root).filter((g) => !g.startsWith('/usr/share/doc'));
    const planned = new Set(p.entries.map((e) => e.guest));
    expect(rootPaths.filter((g) => !planned.has(g))).toEqual([]);
    expect(entry(p, '/etc/debian_version')?.reason).toEqual({ kind: 'rootfs' });
    expect(p.entries.some((e) => e.guest.startsWith('/usr/share/doc/'))).toBe(false);

    const q = await plan({ script: path.join(examples, 'hello.py'), includes: ['/etc/debian_*', '/lib/x86_64-linux-gnu/libyaml*', '/etc/ld.so.conf.d'] });
    // A directory named without a wildcard keeps what is below it.
    expect(q.entries.filter((e) => e.guest.startsWith('/etc/ld.so.conf.d/')).length).toBe(readdirSync(path.join(root, 'etc/ld.so.conf.d')).length);
    expect(entry(q, '/etc/debian_version')?.reason).toEqual({ kind: 'config', key: 'include /etc/debian_*' });
    // A glob through the /lib → usr/lib symlink keeps the symlink and the real files.
    expect(entry(q, '/lib')?.source).toEqual({ kind: 'symlink', target: 'usr/lib' });
    expect(q.entries.filter((e) => e.guest.startsWith('/usr/lib/x86_64-linux-gnu/libyaml')).map((e) => e.reason)).toContainEqual({ kind: 'config', key: 'include /lib/x86_64-linux-gnu/libyaml*' });
  });

  test('config Files, Dirs and MapDirs land at documented guest paths', async () => {
    const base = mkdtempSync(path.join(os.tmpdir(), 'minops-user-'));
    writeFileSync(path.join(base, 'data.txt'), 'data');
    mkdirSync(path.join(base, 'static/css'), { recursive: true });
    writeFileSync(path.join(base, 'static/css/main.css'), 'body{}');
    mkdirSync(path.join(base, 'certs'));
    writeFileSync(path.join(base, 'certs/a.pem'), 'A');
    const p = await plan({
      script: path.join(examples, 'hello.py'),
      userFiles: { baseDir: base, files: ['data.txt'], dirs: ['static'], mapDirs: [{ host: 'certs/*', guest: '/etc/ssl/certs' }] },
    });
    expect(entry(p, '/app/data.txt')).toEqual({ guest: '/app/data.txt', source: { kind: 'file', hostPath: path.join(base, 'data.txt'), size: 4 }, reason: { kind: 'user', detail: 'Files: data.txt' } });
    expect(entry(p, '/app/static/css/main.css')?.reason).toEqual({ kind: 'user', detail: 'Dirs: static' });
    expect(entry(p, '/etc/ssl/certs/a.pem')?.reason).toEqual({ kind: 'user', detail: 'MapDirs: certs/* → /etc/ssl/certs' });
    await expect(plan({ script: path.join(examples, 'hello.py'), userFiles: { baseDir: base, files: ['nope.txt'], dirs: [], mapDirs: [] } })).rejects.toMatchObject({
      code: 'INPUT_MISSING',
      message: `Files: ${path.join(base, 'nope.txt')} does not exist`,
    });
  });

  test('a file the config names whose name is not UTF-8 is refused by name, never dropped or renamed', async () => {
    const base = mkdtempSync(path.join(os.tmpdir(), 'minops-user-'));
    mkdirSync(path.join(base, 'in'));
    writeFileSync(path.join(base, 'in/ok.txt'), 'ok');
    writeFileSync(Buffer.concat([Buffer.from(path.join(base, 'in/caf')), Buffer.from([0xe9]), Buffer.from('.txt')]), 'latin-1');
    await expect(plan({ script: path.join(examples, 'hello.py'), userFiles: { baseDir: base, files: [], dirs: ['in'], mapDirs: [] } })).rejects.toMatchObject({
      code: 'MANIFEST_BAD_NAME',
      message: 'the name is not UTF-8, and Nanos takes UTF-8 names only',
      where: { file: `${path.join(base, 'in')}/caf\\xe9.txt`, entry: 'Dirs: in' },
    });
  });

  test('the same input gives the same plan', async () => {
    const a = await plan({ script: path.join(examples, 'stdlib_mix.py') });
    const b = await plan({ script: path.join(examples, 'stdlib_mix.py') });
    expect(b).toEqual(a);
  });

  test('user env wins over the recommended one and keeps its order', async () => {
    const p = await plan({ script: path.join(examples, 'hello.py'), env: [['Z', '1'], ['PYTHONDONTWRITEBYTECODE', ''], ['A', '2']] });
    // HOME as docker gives it: this dpkg-extracted tree has no /etc/passwd, so "/".
    expect(p.env).toEqual([['HOME', '/'], ['PYTHONNOUSERSITE', '1'], ['Z', '1'], ['PYTHONDONTWRITEBYTECODE', ''], ['A', '2']]);
    // A user who names a user site keeps it.
    const withSite = await plan({ script: path.join(examples, 'hello.py'), env: [['PYTHONUSERBASE', '/app/.local']] });
    expect(withSite.env).toEqual([['HOME', '/'], ['PYTHONDONTWRITEBYTECODE', '1'], ['PYTHONUSERBASE', '/app/.local']]);
    const withHome = await plan({ script: path.join(examples, 'hello.py'), env: [['HOME', '/data']] });
    expect(withHome.env.filter(([k]) => k === 'HOME')).toEqual([['HOME', '/data']]);
  });
});

describeWith([needGcc], 'planBundle for ELF programs (needs gcc)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'minops-elf-'));

  test('a static C hello is bundled alone at /app/<name> and runs', async () => {
    writeFileSync(path.join(dir, 'hello.c'), '#include <stdio.h>\nint main(int c, char **v) { printf("hello %s\\n", v[1]); return 0; }\n');
    execFileSync('gcc', ['-static', '-O2', '-o', path.join(dir, 'hello'), path.join(dir, 'hello.c')]);
    const p = await planBundle({ root: '/', script: path.join(dir, 'hello'), scriptArgs: ['world'], slim: 'imports', env: [], includes: [], excludes: [], allowMissing: false, cacheDir });
    expect(p.entries.map((e) => e.guest)).toEqual(['/app', '/app/hello', '/proc', '/proc/self', '/proc/self/exe']);
    expect(p.program).toBe('/app/hello');
    expect(p.args).toEqual(['/app/hello', 'world']);
    const run = runTree(p, materialisePlan(p));
    expect(run.stdout).toBe('hello world\n');
  });

  test('a dynamic C program from the host (--rootfs host) comes with its loader and libc, and runs', async () => {
    writeFileSync(path.join(dir, 'dyn.c'), '#include <stdio.h>\n#include <math.h>\nint main(int c, char **v) { printf("%s %.0f\\n", v[1], sqrt(c * 8.0)); return 0; }\n');
    execFileSync('gcc', ['-O2', '-o', path.join(dir, 'dyn'), path.join(dir, 'dyn.c'), '-lm']);
    const p = await planBundle({ root: '/', script: path.join(dir, 'dyn'), scriptArgs: ['two'], slim: 'imports', env: [], includes: [], excludes: [], allowMissing: false, cacheDir });
    expect(p.args).toEqual(['/app/dyn', 'two']);
    const reasons = p.entries.filter((e) => e.source.kind === 'file').map((e) => e.reason.kind);
    expect(reasons).toContain('loader');
    expect(reasons).toContain('needed');
    expect(p.entries.some((e) => e.guest.startsWith(dir))).toBe(false);
    const run = runTree(p, materialisePlan(p));
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('two 4\n');
  });

  test('an unresolved DT_NEEDED is LIB_NOT_FOUND naming it and the dirs searched; --allow-missing warns', async () => {
    const fakeRoot = mkdtempSync(path.join(os.tmpdir(), 'minops-missing-'));
    writeFileSync(path.join(dir, 'foo.c'), 'int foo(void) { return 1; }\n');
    writeFileSync(path.join(dir, 'main.c'), 'int foo(void);\nint main(void) { return foo(); }\n');
    execFileSync('gcc', ['-shared', '-fPIC', '-o', path.join(dir, 'libfoo.so'), path.join(dir, 'foo.c')]);
    execFileSync('gcc', ['-o', path.join(fakeRoot, 'main'), path.join(dir, 'main.c'), `-L${dir}`, '-lfoo']);
    const input: PlanBundleInput = { root: fakeRoot, script: path.join(fakeRoot, 'main'), scriptArgs: [], slim: 'imports', env: [], includes: [], excludes: [], allowMissing: false, cacheDir };
    const error = await planBundle(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MinopsError);
    expect((error as MinopsError).code).toBe('LIB_NOT_FOUND');
    expect((error as MinopsError).message).toMatch(/^shared librar(y|ies) not found in the rootfs: .*libfoo\.so/);
    expect((error as MinopsError).message).toMatch(/libfoo\.so \(needed by \/main; searched .*\/usr\/lib/);
    const p = await planBundle({ ...input, allowMissing: true });
    expect(p.warnings.some((w) => w.includes('libfoo.so'))).toBe(true);
  });
});

function walk(dir: string, guest = ''): string[] {
  const out: string[] = [];
  for (const d of readdirSync(path.join(dir, guest), { withFileTypes: true })) {
    const g = `${guest}/${d.name}`;
    out.push(g);
    if (d.isDirectory() && !d.isSymbolicLink()) out.push(...walk(dir, g));
  }
  return out;
}


