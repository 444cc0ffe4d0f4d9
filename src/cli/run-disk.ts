// The disk one `minops run` boots: the cached image with this run's arguments and environment on
// top. Normally a qcow2 overlay nobody else sees: an unnamed file, handed to QEMU as fd 3 with the
// cached image as fd 4, so nothing is left on disk however QEMU and minops end, and the guest's
// writes vanish with it. With --persist, a copy of its own under <cache>/persist/, kept across
// runs of the same image and arguments.
import { closeSync, constants, existsSync, mkdirSync, openSync, unlinkSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { minopsCacheDir } from '../cache-dir.js';
import { writeQcow2Overlay } from '../image/qcow2-overlay.js';
import type { Disk } from '../vm/vm-spec.js';
import { copyImageTo, type RunImage } from './write-cached-image.js';

export interface RunDisk {
  disk: Omit<Disk, 'bus'>;
  /** Descriptors QEMU must get as fd 3, 4, … */
  fds: number[];
  /** Close our descriptors once QEMU has ended. */
  close(): void;
}

/** Linux O_TMPFILE (not in fs.constants): a file with no name, in `dir`'s filesystem. */
const O_TMPFILE = 0o20000000 | constants.O_DIRECTORY;

export function runDisk(run: RunImage, o: { persist: boolean; cacheDir?: string }): RunDisk {
  const { image, patch } = run;
  const cacheDir = o.cacheDir ?? minopsCacheDir();
  if (o.persist) {
    closeSync(image.fd);
    const id = createHash('sha256').update(`${image.key}\0${patch.offset}\0`).update(patch.bytes).digest('hex').slice(0, 32);
    const file = path.join(cacheDir, 'persist', `${id}.img`);
    if (!existsSync(file)) {
      mkdirSync(path.dirname(file), { recursive: true });
      copyImageTo(image.file, file, patch);
    }
    return { disk: { file, format: 'raw', persist: true }, fds: [], close: () => {} };
  }
  const overlay = openUnnamed(path.dirname(path.dirname(image.file)));
  try {
    writeQcow2Overlay(overlay, { backingName: '/proc/self/fd/4', backingFd: image.fd, size: image.record.seal.size, patches: [patch] });
  } catch (e) {
    closeSync(overlay);
    closeSync(image.fd);
    throw e;
  }
  return {
    disk: { file: '/proc/self/fd/3', format: 'qcow2', persist: true },
    fds: [overlay, image.fd],
    close: () => {
      closeSync(overlay);
      closeSync(image.fd);
    },
  };
}

function openUnnamed(dir: string): number {
  try {
    return openSync(dir, O_TMPFILE | constants.O_RDWR, 0o600);
  } catch {
    // A filesystem without O_TMPFILE: a name that lives only for as long as it takes to unlink it.
    const file = path.join(dir, `.tmp-overlay-${process.pid}-${Math.random().toString(36).slice(2)}`);
    const fd = openSync(file, 'wx+', 0o600);
    unlinkSync(file);
    return fd;
  }
}
