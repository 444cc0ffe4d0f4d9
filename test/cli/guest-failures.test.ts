// A guest that runs out of memory, on the real kernel: one line says so with the -m it had and how
// to give it more; the kernel's register and stack dump is not shown (it is with --verbose).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { debianPythonRootfs } from '../support/debian-rootfs.js';
import { describeWith } from '../support/needs.js';
import { kernel, needKernel, needQemu } from '../support/machine-needs.js';
import { runMinops } from '../support/run-minops.js';

const top = mkdtempSync(path.join(os.tmpdir(), 'minops-oom-'));
const app = path.join(top, 'app');
mkdirSync(app);
writeFileSync(path.join(app, 'big.py'), 'print("allocating", flush=True)\nchunks = [bytearray(1 << 20) for _ in range(300)]\nprint("never")\n');
afterAll(() => rmSync(top, { recursive: true, force: true }));

describeWith([needKernel, needQemu], 'a guest out of memory', () => {
  test('minops run big.py -m 128: one line naming -m 128 and a bigger value, no dump', async () => {
    const r = await runMinops(['run', 'big.py', '-m', '128', '--rootfs', `dir:${debianPythonRootfs()}`], {
      cwd: app,
      env: { MINOPS_CACHE: path.join(top, 'cache'), MINOPS_KERNEL_DIR: kernel!.dir },
    });
    expect(r.stdout).toContain('allocating\n');
    expect(r.stdout).toMatch(/^\[\d+\.\d+\] page fill failed with \(result:out of memory\)$/m);
    expect(r.stdout).not.toMatch(/signal 7|stack trace|rip: /);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('minops: '))).toEqual([
      "minops: the guest ran out of memory with -m 128 (128 MiB); give it more, e.g. -m 256 (or RunConfig.Memory in config.json); --verbose shows the kernel's dump",
    ]);
    expect(r.exitCode).toBe(7);
  }, 300_000);
});
