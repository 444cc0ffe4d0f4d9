// mkimage --format figures: the time to write each format from one raw image and the file sizes,
// for an image with 64 MiB of incompressible data (a static C hello plus a random file), and the
// time `run --image` spends checking a qcow2 through qemu-img before QEMU starts.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openBootImage } from '../src/image/format/open-boot-image.js';
import { writeImageAs } from '../src/image/format/write-image-as.js';
import { writeImage } from '../src/image/write-image.js';
import { tryFindKernel } from '../src/kernel/find-kernel.js';
import { tuple, vector } from '../src/manifest/tuple.js';
import { hasCommand } from '../test/support/debian-rootfs.js';

const round = (ms: number): number => Math.round(ms * 10) / 10;
const file = (host: string) => tuple([['contents', tuple([['host', host]])]]);

export async function bench(): Promise<Record<string, unknown>> {
  const kernel = tryFindKernel();
  if (!kernel) return { skipped: 'no Nanos kernel found (see `minops kernel ls`)' };
  if (!hasCommand('qemu-img')) return { skipped: 'qemu-img is not installed (apt-get install qemu-utils)' };
  const dir = mkdtempSync(path.join(tmpdir(), 'minops-bench-formats-'));
  try {
    const data = path.join(dir, 'data.bin');
    writeFileSync(data, randomBytes(64 << 20));
    const raw = path.join(dir, 'app.img');
    await writeImage({
      out: raw,
      bootImg: kernel.bootImg,
      root: tuple([
        ['children', tuple([['data.bin', file(data)], ['kernel-copy', file(kernel.kernelImg)]])],
        ['program', '/kernel-copy'],
        ['arguments', vector(['/kernel-copy'])],
        ['boot', tuple([['children', tuple([['kernel', file(kernel.kernelImg)]])]])],
      ]),
    });
    const result: Record<string, unknown> = { rawBytes: statSync(raw).size };
    for (const format of ['qcow2', 'vmdk', 'vhd', 'gce', 'containerdisk'] as const) {
      const out = path.join(dir, `app.${format}`);
      const t0 = performance.now();
      await writeImageAs(raw, out, format, { refName: 'localhost/bench:latest' });
      result[format] = { writeMs: round(performance.now() - t0), bytes: statSync(out).size };
    }
    const t0 = performance.now();
    const opened = await openBootImage(path.join(dir, 'app.qcow2'), { cwd: dir, args: [], persist: false, extractKernel: false, tlsVerify: true });
    result.qcow2CheckBeforeBootMs = round(performance.now() - t0);
    opened.dispose();
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
