// The cache under many argument lists: `minops run` of one script with N distinct argument lists,
// then N reruns of one unchanged list: cache growth in bytes (on disk) and the per-run wall time
// (median and 90th percentile), each whole process. QEMU is a stand-in that exits at once (a
// guest status of 0), so the times are minops's own, from start to the end of the boot.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { diskBytes } from '../src/disk-bytes.js';
import { tryFindKernel } from '../src/kernel/find-kernel.js';
import { debianPythonRootfs, repoRoot } from '../test/support/debian-rootfs.js';

const quantile = (xs: number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))] ?? NaN;

export async function bench(): Promise<Record<string, unknown>> {
  const kernel = tryFindKernel();
  if (!kernel) return { skipped: 'no Nanos kernel found (see `minops kernel ls`)' };
  const runs = Number(process.env.MINOPS_BENCH_CACHE_RUNS ?? 100);
  const work = mkdtempSync(path.join(tmpdir(), 'minops-bench-cache-'));
  try {
    const bin = path.join(work, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'qemu-system-x86_64'), '#!/bin/sh\n[ "$1" = --version ] && { echo "QEMU emulator version 7.2.0 (stand-in)"; exit 0; }\nexit 1\n');
    chmodSync(path.join(bin, 'qemu-system-x86_64'), 0o755);
    const cache = path.join(work, 'cache');
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, MINOPS_CACHE: cache, MINOPS_KERNEL_DIR: kernel.dir };
    const script = path.join(work, 'args.py');
    writeFileSync(script, 'import sys, json\nprint(json.dumps(sys.argv[1:]))\n');
    const run = (args: string[]): number => {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/minops.js'), 'run', script, '--rootfs', `dir:${debianPythonRootfs()}`, '--accel', 'tcg', '--', ...args], { env, stdio: 'pipe' });
      if (r.status !== 0) throw new Error(`minops run failed (${r.status}): ${r.stderr}`);
      return performance.now() - t0;
    };
    const coldMs = run(['warm-up']);
    const start = diskBytes(cache);
    const distinct = Array.from({ length: runs }, (_, i) => run([`input-${i}`, String(i * 7919), `x${'y'.repeat(i % 17)}`]));
    const afterDistinct = diskBytes(cache);
    const same = Array.from({ length: runs }, () => run(['input-0', '0', 'x']));
    const afterSame = diskBytes(cache);
    return {
      qemu: 'stand-in (exits at once): per-run times are minops start to boot end, without the guest',
      runs,
      firstRunMs: Math.round(coldMs),
      cacheBytesAfterFirstRun: start,
      distinctArgs: {
        cacheGrowthBytes: afterDistinct - start,
        perRunMedianMs: Math.round(quantile(distinct, 0.5)),
        perRunP90Ms: Math.round(quantile(distinct, 0.9)),
      },
      unchangedArgs: {
        cacheGrowthBytes: afterSame - afterDistinct,
        perRunMedianMs: Math.round(quantile(same, 0.5)),
        perRunP90Ms: Math.round(quantile(same, 0.9)),
      },
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
