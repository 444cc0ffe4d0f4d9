// Debian's python3-numpy (BLAS and LAPACK reached through /etc/alternatives, absolute symlinks)
// with the default `--slim imports`: on the real kernel the script prints what it prints on the
// host, where "the host" is the rootfs's own interpreter on this machine's kernel (in the
// sandbox, the rootfs as /).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { runInSandbox } from '../../src/python/run-in-sandbox.js';
import { debianNumpyRootfs } from '../support/debian-rootfs.js';
import { needCommand, needKernel, needQemu } from '../support/machine-needs.js';
import { describeWith } from '../support/needs.js';
import { runMinops } from '../support/run-minops.js';

const SCRIPT = `import numpy as np
a = np.arange(1, 10, dtype=float).reshape(3, 3) + np.eye(3)
b = np.array([[2.0, 0.0, 1.0], [1.0, 3.0, 0.0], [0.0, 1.0, 4.0]])
print("product", (a @ b).tolist())
print("det %.6f" % np.linalg.det(a))
print("solve", [round(x, 6) for x in np.linalg.solve(a, np.ones(3)).tolist()])
rng = np.random.default_rng(42)
print("random", [round(x, 6) for x in rng.random(3).tolist()])
`;

describeWith([needKernel, needQemu, needCommand('bwrap', 'bubblewrap'), needCommand('apt-get', 'apt')], 'numpy from Debian packages, --slim imports', () => {
  let rootfs = '';
  const work = mkdtempSync(path.join(tmpdir(), 'minops-numpy-'));
  const cache = path.join(work, 'cache');
  beforeAll(() => {
    rootfs = debianNumpyRootfs();
    writeFileSync(path.join(work, 'np_main.py'), SCRIPT);
  }, 240_000);

  test('the guest prints what the host prints: matrix product, determinant, a solve, seeded random numbers', async () => {
    const host = await runInSandbox({ root: rootfs, mounts: [{ host: work, guest: '/app' }], env: {}, cwd: '/app', argv: ['/usr/bin/python3', '/app/np_main.py'] });
    expect(host.exitCode).toBe(0);
    expect(host.stdout).toContain('det -2.000000');
    const r = await runMinops(['run', 'np_main.py', '--rootfs', `dir:${rootfs}`, '--quiet-kernel'], { cwd: work, env: { MINOPS_CACHE: cache } });
    expect(r.stdout.trim()).toBe(host.stdout.trim());
    expect(r.exitCode).toBe(0);
  });

  test('the image: libblas.so.3 and liblapack.so.3 through their /etc/alternatives links, resolved inside the rootfs', async () => {
    const r = await runMinops(['manifest', 'np_main.py', '--rootfs', `dir:${rootfs}`], { cwd: work, env: { MINOPS_CACHE: cache } });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('"libblas.so.3":("linktarget":"/etc/alternatives/libblas.so.3-x86_64-linux-gnu")');
    expect(r.stdout).toContain('"libblas.so.3-x86_64-linux-gnu":("linktarget":"/usr/lib/x86_64-linux-gnu/blas/libblas.so.3")');
    expect(r.stdout).toContain('"liblapack.so.3-x86_64-linux-gnu":("linktarget":"/usr/lib/x86_64-linux-gnu/lapack/liblapack.so.3")');
    expect(r.stdout).toMatch(/"libblas\.so\.3\.[\d.]+":\("contents":/);
  });
});
