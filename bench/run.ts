// Whole-process figures: `minops mkimage` with a cached rootfs (cold and unchanged), and
// boot-to-exit of hello.py against a static C hello, both images built by minops with the same
// machine settings (q35, TCG), as a ratio (goal ≤ 1.75), with the time to the first output line.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tryFindKernel } from '../src/kernel/find-kernel.js';
import { debianPythonRootfs, hasCommand, repoRoot } from '../test/support/debian-rootfs.js';
import { timeBoot } from './vm.js';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const round = (ms: number): number => Math.round(ms);

function mkimage(script: string, out: string, rootfs: string, env: NodeJS.ProcessEnv): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/minops.js'), 'mkimage', script, out, '--rootfs', rootfs, '--accel', 'tcg'], { env, stdio: 'pipe' });
  if (r.status !== 0) throw new Error(`mkimage ${script} failed: ${r.stderr}`);
  return performance.now() - t0;
}

export async function bench(): Promise<Record<string, number | string>> {
  const kernel = tryFindKernel();
  if (!kernel) return { skipped: 'no Nanos kernel found (see `minops kernel ls`)' };
  const work = mkdtempSync(path.join(tmpdir(), 'minops-bench-run-'));
  try {
    const env = { ...process.env, MINOPS_KERNEL_DIR: kernel.dir, MINOPS_CACHE: path.join(work, 'cache') };
    const rootfs = `dir:${debianPythonRootfs()}`;
    const hello = path.join(repoRoot, 'examples/hello.py');
    const pyImage = path.join(work, 'hello-py.img');
    const cold: number[] = [];
    for (let i = 0; i < 3; i++) {
      // A cache of its own each time: the rootfs is in place, nothing else is cached.
      cold.push(mkimage(hello, pyImage, rootfs, { ...env, MINOPS_CACHE: path.join(work, `cold-${i}`) }));
    }
    mkimage(hello, pyImage, rootfs, env);
    const unchanged = [1, 2, 3, 4, 5].map(() => mkimage(hello, pyImage, rootfs, env));
    const out: Record<string, number | string> = {
      mkimageHelloCachedRootfsMs: round(median(cold)),
      mkimageHelloCachedRootfsGoalMs: 600,
      mkimageUnchangedMs: round(median(unchanged)),
      mkimageUnchangedGoalMs: 250,
    };
    if (!hasCommand('qemu-system-x86_64') || !hasCommand('gcc')) return { ...out, boot: 'skipped: needs qemu-system-x86_64 and gcc' };

    const cSource = path.join(work, 'hello.c');
    writeFileSync(cSource, '#include <stdio.h>\nint main(void) { printf("hello\\n"); return 0; }\n');
    const cProgram = path.join(work, 'hello-c');
    execFileSync('gcc', ['-static', '-O2', '-o', cProgram, cSource]);
    const cImage = path.join(work, 'hello-c.img');
    mkimage(cProgram, cImage, 'host', env);

    const runs = Number(process.env.MINOPS_BENCH_RUNS ?? 5);
    const py = [];
    const c = [];
    for (let i = 0; i < runs; i++) {
      py.push(await timeBoot(pyImage, 'q35', kernel.kernelImg));
      c.push(await timeBoot(cImage, 'q35', kernel.kernelImg));
    }
    const pyExit = median(py.map((s) => s.exitMs));
    const cExit = median(c.map((s) => s.exitMs));
    return {
      ...out,
      bootRuns: runs,
      helloPyBootToExitMs: round(pyExit),
      helloPyFirstOutputMs: round(median(py.map((s) => s.firstOutputMs))),
      staticCBootToExitMs: round(cExit),
      staticCFirstOutputMs: round(median(c.map((s) => s.firstOutputMs))),
      pyOverCRatio: Math.round((pyExit / cExit) * 100) / 100,
      pyOverCRatioGoal: 1.75,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
