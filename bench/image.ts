// Image writer figures: native write time of a full-stdlib-like file set (the whole Debian python
// rootfs of the tests), the real mkfs on the same manifest when MINOPS_MKFS is set, and the peak
// RSS of writing a 250 MB image in a child process.
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeImageWithMkfs } from '../src/image/mkfs.js';
import { writeImage } from '../src/image/write-image.js';
import { tuple, type ManifestTuple } from '../src/manifest/tuple.js';
import { debianPythonRootfs } from '../test/support/debian-rootfs.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** A manifest of every directory, regular file and symlink under `dir`. */
function manifestOfTree(dir: string, stats: { files: number; bytes: number }): ManifestTuple {
  const children = tuple();
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    const st = lstatSync(p);
    if (st.isSymbolicLink()) children.entries.set(name, tuple([['linktarget', readlinkSync(p)]]));
    else if (st.isDirectory()) children.entries.set(name, manifestOfTree(p, stats));
    else if (st.isFile()) {
      stats.files++;
      stats.bytes += st.size;
      children.entries.set(name, tuple([['contents', tuple([['host', p]])]]));
    }
  }
  return tuple([['children', children]]);
}

async function timeMs(runs: number, f: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await f();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return Math.round(median(times) * 10) / 10;
}

function peakRssOf250MbWrite(dir: string): number {
  const data = path.join(dir, 'rss-data');
  mkdirSync(data, { recursive: true });
  const chunk = Buffer.alloc(25 << 20, 0x5a);
  for (let i = 0; i < 10; i++) writeFileSync(path.join(data, `f${i}.bin`), chunk);
  const script = `
    import { writeImage } from ${JSON.stringify(path.join(repoRoot, 'src/image/write-image.ts'))};
    import { tuple } from ${JSON.stringify(path.join(repoRoot, 'src/manifest/tuple.ts'))};
    const files = Array.from({ length: 10 }, (_, i) => [\`f\${i}.bin\`, tuple([['contents', tuple([['host', ${JSON.stringify(data)} + \`/f\${i}.bin\`]])]])]);
    await writeImage({ root: tuple([['children', tuple(files)]]), out: ${JSON.stringify(path.join(dir, 'rss.img'))} });
    process.stdout.write(String(process.resourceUsage().maxRSS));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`RSS child failed: ${r.stderr}`);
  return Math.round(Number(r.stdout) / 1024);
}

export async function bench(): Promise<Record<string, number | string>> {
  const rootfs = debianPythonRootfs();
  const stats = { files: 0, bytes: 0 };
  const usr = manifestOfTree(path.join(rootfs, 'usr'), stats);
  const root = tuple([['children', tuple([['usr', usr]])], ['program', '/usr/bin/python3']]);
  const dir = mkdtempSync(path.join(tmpdir(), 'minops-bench-image-'));
  try {
    const out = path.join(dir, 'native.img');
    const result: Record<string, number | string> = {
      fileSet: `${rootfs}/usr`,
      fileSetFiles: stats.files,
      fileSetMB: Math.round(stats.bytes / 1e5) / 10,
      nativeWriteMedianMs: await timeMs(5, () => writeImage({ root, out })),
      nativeImageMB: Math.round(statSync(out).size / 1e5) / 10,
      goalNativeMs: 350,
    };
    const mkfs = process.env.MINOPS_MKFS;
    if (mkfs) {
      result.mkfsWriteMedianMs = await timeMs(3, () => writeImageWithMkfs({ mkfs, root, out: path.join(dir, 'mkfs.img') }));
      result.nativeOverMkfs = Math.round((result.nativeWriteMedianMs as number / result.mkfsWriteMedianMs) * 100) / 100;
    } else {
      result.mkfsWriteMedianMs = 'skipped: set MINOPS_MKFS to a Nanos mkfs';
    }
    rmSync(out, { force: true });
    result.peakRssMBWriting250MB = peakRssOf250MbWrite(dir);
    result.goalPeakRssMB = 200;
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
