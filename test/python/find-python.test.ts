import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { MinopsError } from '../../src/errors.js';
import { findPython } from '../../src/python/find-python.js';
import { debianPythonName, debianPythonRootfs } from '../support/debian-rootfs.js';
import { need, testWith } from '../support/needs.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'minops-find-python-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A tree shaped like python:3.10-slim: /usr/local/bin/python3.10, libpython in /usr/local/lib
 * (found through a $ORIGIN/../lib rpath), stdlib and site-packages under /usr/local/lib/python3.10. */
function slimLikeTree(name: string, python3Target: string): string {
  const root = path.join(scratch, name);
  const file = (p: string, body = '') => {
    mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    writeFileSync(path.join(root, p), body);
  };
  file('/usr/local/bin/python3.10', '\x7fELF fake');
  file('/usr/local/lib/libpython3.10.so.1.0');
  file('/usr/local/lib/python3.10/os.py', '# landmark');
  file('/usr/local/lib/python3.10/lib-dynload/_json.cpython-310-x86_64-linux-gnu.so');
  file('/usr/local/lib/python3.10/site-packages/README.txt');
  symlinkSync(python3Target, path.join(root, '/usr/local/bin/python3'));
  symlinkSync('python3', path.join(root, '/usr/local/bin/python'));
  mkdirSync(path.join(root, 'usr/bin'), { recursive: true });
  return root;
}

describe('findPython', () => {
  test('Debian rootfs: /usr/bin/python3 → python3.11, stdlib in /usr/lib, dist-packages', async () => {
    const root = debianPythonRootfs();
    const name = debianPythonName(root); // e.g. python3.11: the test does not assume a version
    const [, minor] = /^python3\.(\d+)$/.exec(name)!;
    const layout = await findPython(root);
    expect(layout).toEqual({
      root,
      interpreter: `/usr/bin/${name}`,
      links: [{ guest: '/usr/bin/python3', target: name }],
      version: { major: 3, minor: Number(minor) },
      prefix: '/usr',
      stdlib: `/usr/lib/${name}`,
      libDynload: `/usr/lib/${name}/lib-dynload`,
      sitePackages: ['/usr/lib/python3/dist-packages'],
      landmark: `/usr/lib/${name}/os.py`,
      cacheTag: `cpython-3${minor}`,
    });
  });

  test('python:3.10-slim layout: /usr/local/bin/python3.10, prefix /usr/local', async () => {
    const root = slimLikeTree('slim', 'python3.10');
    expect(await findPython(root)).toEqual({
      root,
      interpreter: '/usr/local/bin/python3.10',
      links: [{ guest: '/usr/local/bin/python3', target: 'python3.10' }],
      version: { major: 3, minor: 10 },
      prefix: '/usr/local',
      stdlib: '/usr/local/lib/python3.10',
      libDynload: '/usr/local/lib/python3.10/lib-dynload',
      sitePackages: ['/usr/local/lib/python3.10/site-packages'],
      landmark: '/usr/local/lib/python3.10/os.py',
      cacheTag: 'cpython-310',
    });
  });

  test('an absolute symlink target is read inside the rootfs, never on the host', async () => {
    expect(existsSync('/usr/local/bin/python3.10')).toBe(false); // else this test proves nothing
    const root = slimLikeTree('absolute', '/usr/local/bin/python3.10');
    const layout = await findPython(root);
    expect(layout.interpreter).toBe('/usr/local/bin/python3.10');
    expect(layout.links).toEqual([{ guest: '/usr/local/bin/python3', target: '/usr/local/bin/python3.10' }]);
  });

  test('a symlink climbing out with ../.. stays inside the rootfs', async () => {
    const root = slimLikeTree('climb', '../../../../../../usr/local/bin/python3.10');
    expect((await findPython(root)).interpreter).toBe('/usr/local/bin/python3.10');
  });

  test('program option: a name looked up in the bin dirs, or a guest path', async () => {
    const root = slimLikeTree('program', 'python3.10');
    expect((await findPython(root, { program: 'python3.10' })).interpreter).toBe('/usr/local/bin/python3.10');
    expect((await findPython(root, { program: '/usr/local/bin/python' })).links.map((l) => l.guest)).toEqual([
      '/usr/local/bin/python',
      '/usr/local/bin/python3',
    ]);
  });

  test('no python3 symlink: the newest pythonX.Y in a bin dir', async () => {
    const root = slimLikeTree('bare', 'python3.10');
    rmSync(path.join(root, 'usr/local/bin/python3'));
    rmSync(path.join(root, 'usr/local/bin/python'));
    writeFileSync(path.join(root, 'usr/local/bin/python3.9'), '');
    expect((await findPython(root)).interpreter).toBe('/usr/local/bin/python3.10');
  });

  test('PYTHON_NOT_FOUND names the root and what was looked for', async () => {
    const root = path.join(scratch, 'empty');
    mkdirSync(root);
    const err = await findPython(root).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MinopsError);
    expect(err).toMatchObject({ code: 'PYTHON_NOT_FOUND', where: { file: root } });
    expect((err as Error).message).toContain(`no Python interpreter in ${root}: looked for /usr/local/bin/python3, /usr/local/bin/python, /usr/bin/python3`);
  });

  test('PYTHON_NOT_FOUND when the interpreter has no stdlib beside it', async () => {
    const root = slimLikeTree('nostdlib', 'python3.10');
    rmSync(path.join(root, 'usr/local/lib/python3.10/os.py'));
    const err = await findPython(root).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'PYTHON_NOT_FOUND' });
    expect((err as Error).message).toBe(
      `/usr/local/bin/python3.10 in ${root} has no standard library: looked for /usr/local/lib/python3.10/os.py, /usr/local/lib64/python3.10/os.py, /usr/lib/python3.10/os.py, /usr/lib64/python3.10/os.py`,
    );
  });

  testWith([need('/usr/bin/python3', existsSync('/usr/bin/python3'))], 'the host as a rootfs (root /) works the same (needs /usr/bin/python3)', async () => {
    const layout = await findPython('/');
    expect(layout.interpreter).toMatch(/^\/usr\/(local\/)?bin\/python3\.\d+$/);
    expect(existsSync(layout.landmark)).toBe(true);
  });
});
