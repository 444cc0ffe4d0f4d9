// A warm `minops run`, end to end, against what it should cost:
// - minops's own time from its start to QEMU's start (a stand-in QEMU on PATH records when it is
//   started), for hello.py from a dir: tree and from the default rootfs, beside `node -e ''` started
//   the same way (node's own start-up, the floor);
// - warm `minops run hello.py` against a static C hello run through minops, per machine type, and
//   against `podman run --rm` of the same rootfs image running the same script.
// Samples of each kind are interleaved so that load from elsewhere falls on all of them alike
// (the container runs apart, see below); each figure is a median, and the ratios come from this
// one run.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { tryFindKernel } from '../src/kernel/find-kernel.js';
import { detectEngine } from '../src/rootfs/engine/engine.js';
import { findOnPath } from '../src/find-on-path.js';
import { debianPythonRootfs, repoRoot } from '../test/support/debian-rootfs.js';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const round = (x: number): number => Math.round(x * 10) / 10;
const ratio = (a: number, b: number): number => Math.round((a / b) * 100) / 100;
const nowMs = (): number => performance.timeOrigin + performance.now();

/** A qemu-system-x86_64 that writes when it started, then becomes the real QEMU (`boot`) or ends
 * as a guest that exited 0 would (`stop`: QEMU status 1). */
function standInQemu(dir: string, real: string, mode: 'boot' | 'stop'): { dir: string; stamps: string } {
  const stamps = path.join(dir, 'started');
  const bin = path.join(dir, 'qemu-system-x86_64');
  // `--version` and `-machine help` are minops asking what QEMU is, not a boot. The stopping
  // stand-in gives a version of its own, so what `--accel auto` remembers about it stays apart.
  const version = mode === 'boot' ? `exec '${real}' "$@"` : 'echo "QEMU emulator version 0.0.0-stand-in"; exit 0';
  const rest = mode === 'boot' ? `exec '${real}' "$@"` : 'exit 1';
  const script = [
    '#!/bin/bash',
    `if [ "$1" = --version ]; then ${version}; fi`,
    `if [ "$1 $2" = "-machine help" ]; then exec '${real}' "$@"; fi`,
    `echo "$EPOCHREALTIME" >> '${stamps}'`,
    rest,
  ];
  writeFileSync(bin, `${script.join('\n')}\n`);
  chmodSync(bin, 0o755);
  return { dir, stamps };
}

interface Sample {
  /** Spawn to exit, ms. */
  totalMs: number;
  /** Spawn to the stand-in QEMU's start, ms (NaN when none started). */
  toQemuMs: number;
}

function timed(argv: string[], env: NodeJS.ProcessEnv, stamps?: string, cwd = repoRoot): Sample {
  if (stamps) writeFileSync(stamps, '');
  const t0 = nowMs();
  const r = spawnSync(argv[0]!, argv.slice(1), { env, cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  const totalMs = nowMs() - t0;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  const started = stamps ? Number(readFileSync(stamps, 'utf8').trim().split('\n')[0]) * 1000 : NaN;
  return { totalMs, toQemuMs: started - t0 };
}

export async function bench(): Promise<Record<string, unknown>> {
  const kernel = tryFindKernel();
  if (!kernel) return { skipped: 'no Nanos kernel found (see `minops kernel ls`)' };
  const qemu = findOnPath('qemu-system-x86_64');
  if (!qemu || !findOnPath('gcc')) return { skipped: 'needs qemu-system-x86_64 and gcc' };
  const runs = Number(process.env.MINOPS_BENCH_RUNS ?? 7);
  const work = mkdtempSync(path.join(tmpdir(), 'minops-bench-warm-'));
  try {
    const cache = path.join(work, 'cache');
    const env: NodeJS.ProcessEnv = { ...process.env, MINOPS_KERNEL_DIR: kernel.dir, MINOPS_CACHE: cache };
    const minops = [process.execPath, path.join(repoRoot, 'bin/minops.js')];
    const hello = path.join(repoRoot, 'examples/hello.py');
    const dirRootfs = `dir:${debianPythonRootfs()}`;
    const engine = await detectEngine({ env });
    const cSource = path.join(work, 'hello.c');
    writeFileSync(cSource, '#include <stdio.h>\nint main(void) { printf("hello\\n"); return 0; }\n');
    const cHello = path.join(work, 'hello-c');
    execFileSync('gcc', ['-static', '-O2', '-o', cHello, cSource]);

    // 1. minops's own time to QEMU, warm: every cache filled by a first run.
    const fast = standInQemu(mkdtempSync(path.join(work, 'fast-')), qemu, 'stop');
    const fastEnv = { ...env, PATH: `${fast.dir}:${env.PATH}` };
    const toQemu = { dir: [] as number[], default: [] as number[], node: [] as number[] };
    timed([...minops, 'run', hello, '--rootfs', dirRootfs], fastEnv, fast.stamps);
    if (engine) timed([...minops, 'run', hello], fastEnv, fast.stamps);
    for (let i = 0; i < runs * 2; i++) {
      toQemu.dir.push(timed([...minops, 'run', hello, '--rootfs', dirRootfs], fastEnv, fast.stamps).toQemuMs);
      if (engine) toQemu.default.push(timed([...minops, 'run', hello], fastEnv, fast.stamps).toQemuMs);
      toQemu.node.push(timed([process.execPath, '-e', ''], fastEnv).totalMs);
    }
    const out: Record<string, unknown> = {
      measuredUnderLoad: `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} CPUs`,
      toQemu: {
        dirRootfsMedianMs: round(median(toQemu.dir)),
        dirRootfsGoalMs: 150,
        defaultRootfsMedianMs: engine ? round(median(toQemu.default)) : `skipped: neither docker nor podman works`,
        defaultRootfsGoalMs: 300,
        nodeStartMedianMs: round(median(toQemu.node)),
        // What minops adds to node's own start-up: the part this project controls.
        dirRootfsOverNodeStartMs: round(median(toQemu.dir) - median(toQemu.node)),
        samples: toQemu.dir.length,
      },
    };

    // 2. Whole warm runs through the real QEMU: hello.py against a static C hello, per machine
    // type, and against the container a user would pick instead.
    const real = standInQemu(mkdtempSync(path.join(work, 'real-')), qemu, 'boot');
    const realEnv = { ...env, PATH: `${real.dir}:${env.PATH}` };
    const pyArgs = engine ? [hello] : [hello, '--rootfs', dirRootfs];
    const image = engine ? JSON.parse(execFileSync(minops[0]!, [minops[1]!, 'rootfs', 'pull', '--json', 'dockerfile:Dockerfile.rootfs'], { env, cwd: repoRoot, encoding: 'utf8' })).record.imageId : undefined;
    const podman = engine?.name === 'podman' && image
      ? ['podman', ...engine.globalArgs, 'run', '--rm', ...engine.runArgs, '-v', `${hello}:/app/hello.py:ro`, image, 'python3', '/app/hello.py']
      : undefined;
    const machines: Record<string, unknown> = {};
    const containerMs: number[] = [];
    for (const machine of ['microvm', 'q35'] as const) {
      const py: Sample[] = [];
      const c: Sample[] = [];
      timed([...minops, 'run', ...pyArgs, '--machine', machine], realEnv, real.stamps);
      timed([...minops, 'run', cHello, '--rootfs', 'host', '--machine', machine], realEnv, real.stamps);
      // Which of the two goes first alternates, so neither always follows the other's exit.
      for (let i = 0; i < runs; i++) {
        const pySample = () => py.push(timed([...minops, 'run', ...pyArgs, '--machine', machine], realEnv, real.stamps));
        const cSample = () => c.push(timed([...minops, 'run', cHello, '--rootfs', 'host', '--machine', machine], realEnv, real.stamps));
        if (i % 2 === 0) (pySample(), cSample());
        else (cSample(), pySample());
      }
      const pyMs = median(py.map((s) => s.totalMs));
      const cMs = median(c.map((s) => s.totalMs));
      machines[machine] = {
        helloPyRunMedianMs: round(pyMs),
        helloPyToQemuMedianMs: round(median(py.map((s) => s.toQemuMs))),
        staticCRunMedianMs: round(cMs),
        staticCToQemuMedianMs: round(median(c.map((s) => s.toQemuMs))),
        pyOverCRatio: ratio(pyMs, cMs),
        pyOverCRatioGoal: 2.2,
      };
    }
    // The container runs come last, apart: podman's clean-up after `run --rm` goes on in the
    // background and would slow whatever boot came next.
    if (podman) {
      timed(podman, env);
      for (let i = 0; i < runs; i++) containerMs.push(timed(podman, env).totalMs);
    }
    out.warmRun = {
      rootfs: engine ? `dockerfile:Dockerfile.rootfs (${engine.name})` : dirRootfs,
      runs,
      ...machines,
      ...(podman
        ? { podmanRunRmMedianMs: round(median(containerMs)), pyMicrovmOverPodmanRatio: ratio((machines.microvm as { helloPyRunMedianMs: number }).helloPyRunMedianMs, median(containerMs)) }
        : { podmanRunRm: 'skipped: needs podman' }),
    };
    return out;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
