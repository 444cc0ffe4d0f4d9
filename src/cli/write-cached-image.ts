// Manifest → image file, through the image cache: the native TFS writer by default, the real
// Nanos mkfs when the user names one (`--mkfs PATH`, `--mkfs auto`, config Minops.Mkfs).
import { copyFileSync, constants, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BuildSettings } from '../config/build-settings.js';
import { MinopsError } from '../errors.js';
import type { OnEvent } from '../events.js';
import { findMkfs } from '../image/find-mkfs.js';
import { writeImageWithMkfs } from '../image/mkfs.js';
import { writeImage } from '../image/write-image.js';
import type { ManifestTuple } from '../manifest/tuple.js';
import { imageCacheDir, imageCacheKey } from './image-cache.js';
import type { KernelFiles } from './resolve-kernel.js';

export interface CachedImage {
  /** The image in the cache (boot it with -snapshot so it stays as built). */
  file: string;
  key: string;
  /** True when nothing was written because an identical image was cached. */
  reused: boolean;
}

export async function writeCachedImage(root: ManifestTuple, kernel: KernelFiles, settings: BuildSettings, onEvent: OnEvent): Promise<CachedImage> {
  const mkfs = mkfsPath(settings.mkfs);
  const writer = {
    writer: mkfs ?? 'native',
    bootImg: kernel.bootImg,
    label: settings.label,
    uuid: settings.uuid,
    size: settings.imageSize,
    uefi: settings.uefi,
  };
  const key = imageCacheKey(root, writer);
  const dir = imageCacheDir();
  const file = path.join(dir, `${key}.img`);
  if (existsSync(file)) {
    onEvent({ kind: 'debug', message: `image cache hit: ${file}` });
    return { file, key, reused: true };
  }
  mkdirSync(dir, { recursive: true });
  onEvent({ kind: 'start', step: 'writing image' });
  if (mkfs) {
    await writeImageWithMkfs({ mkfs, root, out: file, bootImg: kernel.bootImg, label: settings.label, minSizeBytes: settings.imageSize, onEvent });
  } else {
    await writeImage({
      root,
      out: file,
      bootImg: kernel.bootImg,
      label: settings.label,
      uuid: settings.uuid,
      minSizeBytes: settings.imageSize,
      uefiLoader: settings.uefi ? uefiLoaderOf(settings, kernel) : undefined,
      onEvent,
    });
  }
  onEvent({ kind: 'end', step: 'writing image' });
  return { file, key, reused: false };
}

function mkfsPath(setting: string | undefined): string | undefined {
  if (setting === undefined) return undefined;
  if (setting !== 'auto') return path.resolve(setting);
  const found = findMkfs();
  if (!found) {
    throw new MinopsError('INPUT_MISSING', '--mkfs auto: no Nanos mkfs found (MINOPS_MKFS, or output/tools/bin/mkfs in a Nanos build tree here or above)', {
      where: { file: '--mkfs' },
      hint: 'give its path: --mkfs /path/to/nanos/output/tools/bin/mkfs, or leave --mkfs out to use the native writer',
    });
  }
  return found;
}

function uefiLoaderOf(settings: BuildSettings, kernel: KernelFiles): string {
  const loader = settings.uefiBoot ?? path.join(path.dirname(kernel.bootImg), 'bootx64.efi');
  if (!existsSync(loader)) {
    throw new MinopsError('INPUT_MISSING', `--uefi: no UEFI loader at ${loader}`, {
      where: { file: loader },
      hint: 'set UefiBoot in config.json to the bootx64.efi of your Nanos release',
    });
  }
  return loader;
}

/** Put a cached image where the user asked for it, unless the copy made last time is still there
 * untouched (same size, mtime and inode as recorded beside the cached image). */
export function deliverImage(cached: string, out: string): { copied: boolean } {
  const stamps = `${cached}.copies.json`;
  let known: Record<string, string> = {};
  try {
    known = JSON.parse(readFileSync(stamps, 'utf8')) as Record<string, string>;
  } catch {
    // first delivery of this image
  }
  if (known[out] !== undefined && known[out] === stampOf(out)) return { copied: false };
  copyImageTo(cached, out);
  known[out] = stampOf(out) ?? '';
  const tmp = `${stamps}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(known));
  renameSync(tmp, stamps);
  return { copied: true };
}

function stampOf(file: string): string | undefined {
  const st = statSync(file, { bigint: true, throwIfNoEntry: false });
  return st ? `${st.size}:${st.mtimeNs}:${st.ino}` : undefined;
}

/** Copy a cached image to where the user asked for it, never leaving half a file there. */
export function copyImageTo(cached: string, out: string): void {
  const tmp = `${out}.tmp-${process.pid}`;
  try {
    // A reflink where the filesystem can, a plain copy elsewhere.
    copyFileSync(cached, tmp, constants.COPYFILE_FICLONE);
    renameSync(tmp, out);
  } catch (cause) {
    rmSync(tmp, { force: true });
    throw new MinopsError('INPUT_MISSING', `cannot write ${out}: ${(cause as Error).message}`, { where: { file: out }, cause });
  }
}
