// Rootfs extraction speed: minops's safe extractor vs GNU `tar -x` on the same ~250 MB archive
// (the Debian python rootfs, repeated under different prefixes), both into fresh directories on
// the same filesystem, page cache warm, `sync` before each timed run. Goal: minops ≤ 1.3 × tar.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractTar } from '../src/rootfs/tar/extract.js';
import { debianPythonRootfs } from '../test/support/debian-rootfs.js';

const TARGET_BYTES = 250e6;
const RUNS = 3;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timed(run: () => Promise<void> | void): Promise<number> {
  // Start each contender with no dirty pages of the previous one still being written back.
  execFileSync('sync');
  const t0 = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export async function bench(): Promise<Record<string, number | string>> {
  const root = debianPythonRootfs();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'minops-bench-rootfs-'));
  try {
    const archive = path.join(work, 'rootfs.tar');
    execFileSync('tar', ['-cf', archive, '--transform', 's,^\\.,copy-0,', '-C', root, '.']);
    const one = fs.statSync(archive).size;
    const copies = Math.max(1, Math.round(TARGET_BYTES / one));
    for (let i = 1; i < copies; i++) execFileSync('tar', ['-rf', archive, '--transform', `s,^\\.,copy-${i},`, '-C', root, '.']);
    const bytes = fs.statSync(archive).size;
    fs.readFileSync(archive); // warm the page cache for both contenders

    const minops: number[] = [];
    const gnu: number[] = [];
    const ratios: number[] = [];
    const runMinops = (dir: string) => timed(() => extractTar(fs.createReadStream(archive, { highWaterMark: 1 << 20 }), dir, { mode: 'flat' }).then(() => {}));
    const runTar = (dir: string) => timed(() => (fs.mkdirSync(dir), void execFileSync('tar', ['-xf', archive, '-C', dir])));
    for (let run = 0; run < RUNS; run++) {
      // Alternate who goes first, in case the page cache favours one position.
      const a = path.join(work, `minops-${run}`);
      const b = path.join(work, `tar-${run}`);
      const [m, t] = run % 2 === 0 ? [await runMinops(a), await runTar(b)] : [await runTar(b), await runMinops(a)].reverse();
      minops.push(m!);
      gnu.push(t!);
      ratios.push(m! / t!);
      fs.rmSync(a, { recursive: true, force: true });
      fs.rmSync(b, { recursive: true, force: true });
    }
    const minopsMs = Math.round(median(minops));
    const tarMs = Math.round(median(gnu));
    return {
      archiveMB: Math.round(bytes / 1e5) / 10,
      minopsExtractMs: minopsMs,
      gnuTarExtractMs: tarMs,
      /** Median of the per-run ratios (each pair ran back to back). */
      ratio: Math.round(median(ratios) * 100) / 100,
      goalRatio: 1.3,
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
