// `kill -9` of minops during `run`, at 20 moments: while QEMU runs the guest, while a temporary
// file or directory is in the cache (an image being written, a plan, bytecode), and at random.
// Afterwards no process minops started is left (QEMU, the rootfs's Python, the sweeper) and no
// temporary path is left in the cache; the cache still serves a normal run.
import { mkdirSync, mkdtempSync, readdirSync, readlinkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { debianPythonRootfs } from '../support/debian-rootfs.js';
import { describeWith } from '../support/needs.js';
import { kernel, needKernel, needQemu } from '../support/machine-needs.js';
import { runMinops } from '../support/run-minops.js';
import { waitFor } from '../vm/support/qemu-processes.js';

const RUNS = 20;
const top = mkdtempSync(path.join(os.tmpdir(), 'minops-kill-'));
const cache = path.join(top, 'cache');
afterAll(() => rmSync(top, { recursive: true, force: true }));

/** Processes whose working directory is `dir` (every child of a minops started there), as
 * [pid, argv[0]]; zombies have no cwd and are gone for our purposes. */
function processesIn(dir: string): [number, string][] {
  const found: [number, string][] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/cwd`) !== dir) continue;
      found.push([Number(entry), readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')[0] ?? '']);
    } catch {
      // exited while we looked
    }
  }
  return found;
}

/** Temporary paths anywhere in the cache (those of process `pid` only, when given). */
function tempPaths(pid?: number, dir: string = cache): string[] {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const p = path.join(dir, e.name);
    if (/\.tmp-/.test(e.name)) return pid === undefined || e.name.includes(`-${pid}`) ? [p] : [];
    return e.isDirectory() ? tempPaths(pid, p) : [];
  });
}

type Moment = 'qemu' | 'temp' | 'random';

describeWith([needKernel, needQemu], 'kill -9 of minops', () => {
  test(`${RUNS} kills: no QEMU or other child left, no temporary path left, the cache still works`, async () => {
    const rootfs = `dir:${debianPythonRootfs()}`;
    const env = { MINOPS_CACHE: cache, MINOPS_KERNEL_DIR: kernel!.dir };
    const hit: Record<Moment, number> = { qemu: 0, temp: 0, random: 0 };
    const one = async (i: number): Promise<void> => {
      const dir = path.join(top, `run-${i}`);
      mkdirSync(dir);
      // A script of its own: every run plans, compiles and writes an image before it boots; the
      // guest then stays up, so a QEMU that outlived minops would be seen.
      writeFileSync(path.join(dir, 'app.py'), `import json, time\nprint(json.dumps({"run": ${i}}), flush=True)\ntime.sleep(120)\n`);
      const moment: Moment = (['qemu', 'temp', 'random'] as const)[i % 3]!;
      const child = runMinops(['run', 'app.py', '--rootfs', rootfs, '--quiet-kernel'], { cwd: dir, env });
      let exited = false;
      void child.then(() => (exited = true));
      const ready =
        moment === 'qemu'
          ? () => processesIn(dir).some(([, argv0]) => argv0.includes('qemu-system'))
          : moment === 'temp'
            ? () => tempPaths(child.pid).length > 0
            : () => false;
      const reached = await waitFor(() => exited || ready(), moment === 'random' ? 200 + Math.random() * 6000 : 60_000);
      if (reached && !exited && moment !== 'random') hit[moment]++;
      if (moment === 'qemu') await new Promise((r) => setTimeout(r, Math.random() * 500));
      child.kill('SIGKILL');
      await child;
      // Everything it started goes with it: QEMU and Python at once, the sweeper once it swept.
      expect(await waitFor(() => processesIn(dir).length === 0, 5000), `left: ${JSON.stringify(processesIn(dir))}`).toBe(true);
    };
    for (let batch = 0; batch < RUNS; batch += 4) {
      await Promise.all(Array.from({ length: Math.min(4, RUNS - batch) }, (_, k) => one(batch + k)));
      expect(tempPaths()).toEqual([]);
    }
    // The kills landed where they were meant to, at least most of the time.
    expect(hit.qemu).toBeGreaterThanOrEqual(3);
    expect(hit.temp).toBeGreaterThanOrEqual(3);

    const dir = path.join(top, 'after');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'app.py'), 'import json\nprint(json.dumps({"after": 1}))\n');
    const after = await runMinops(['run', 'app.py', '--rootfs', rootfs, '--quiet-kernel'], { cwd: dir, env });
    expect(after.stdout).toBe('{"after": 1}');
    expect(after.exitCode).toBe(0);
    expect(after.stderr).not.toMatch(/damaged/);
  }, 900_000);
});
