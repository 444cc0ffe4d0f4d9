// Manifest → image file, through the image cache: the native TFS writer by default, the real
// Nanos mkfs when the user names one (`--mkfs PATH`, `--mkfs auto`, config Minops.Mkfs). The
// arguments and environment are not part of the cached image: one image serves every argument
// list, and each run adds its own as a record appended to the root log (a patch).
import { closeSync, copyFileSync, constants, existsSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileIdentity } from '../file-identity.js';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { BuildSettings } from '../config/build-settings.js';
import { parseSize } from '../config/parse-size.js';
import { MinopsError } from '../errors.js';
import type { OnEvent } from '../events.js';
import { applyPatch, rootUpdate, type ImagePatch } from '../image/root-update.js';
import { tuple, type ManifestTuple, type ManifestValue } from '../manifest/tuple.js';
import { trackTemp } from '../track-temp.js';
import { evictImages, openEntry, publishEntry, type OpenedEntry } from './image-entries.js';
import { imageCacheDir, imageCacheKey } from './image-cache.js';
import type { KernelFiles } from './resolve-kernel.js';

export interface CachedImage extends OpenedEntry {
  /** True when nothing was written because an identical image was cached. */
  reused: boolean;
}

export interface RunImage {
  image: CachedImage;
  /** This run's arguments and environment, to write over the image (empty when it has them). */
  patch: ImagePatch;
}

/** Root keys that change from run to run without changing a file: kept out of the cached image. */
const RUN_KEYS = new Set(['arguments', 'environment']);

/** Default cap of the image cache; MINOPS_IMAGE_CACHE_SIZE changes it. */
const DEFAULT_IMAGE_CACHE_BYTES = 2e9;

/** The cached image for `root` without its run keys, and the patch that adds them. Arguments too
 * big for the log's last extension get an image of their own. */
export async function imageForRun(root: ManifestTuple, kernel: KernelFiles, settings: BuildSettings, onEvent: OnEvent): Promise<RunImage> {
  const base = tuple([...root.entries].filter(([k]) => !RUN_KEYS.has(k)));
  const runKeys = [...root.entries].filter(([k]) => RUN_KEYS.has(k)) as [string, ManifestValue][];
  const image = await writeCachedImage(base, kernel, settings, onEvent);
  const patch = rootUpdate(image.record.rootLog, runKeys);
  if (patch) return { image, patch };
  closeSync(image.fd);
  onEvent({ kind: 'debug', message: 'the arguments and environment do not fit in the log of the shared image: an image of their own' });
  const whole = await writeCachedImage(root, kernel, settings, onEvent);
  return { image: whole, patch: rootUpdate(whole.record.rootLog, [])! };
}

async function writeCachedImage(root: ManifestTuple, kernel: KernelFiles, settings: BuildSettings, onEvent: OnEvent): Promise<CachedImage> {
  const mkfs = await mkfsPath(settings.mkfs);
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
  const hit = openEntry(dir, key, onEvent);
  if (hit) {
    onEvent({ kind: 'debug', message: `image cache hit: ${hit.file}` });
    return { ...hit, reused: true };
  }
  onEvent({ kind: 'start', step: 'writing image' });
  const written = await publishEntry(
    dir,
    key,
    async (out) => {
      if (mkfs) {
        // The writers load only when there is an image to write.
        const { writeImageWithMkfs } = await import('../image/mkfs.js');
        await writeImageWithMkfs({ mkfs, root, out, bootImg: kernel.bootImg, label: settings.label, minSizeBytes: settings.imageSize, onEvent });
      } else {
        const { writeImage } = await import('../image/write-image.js');
        await writeImage({
          root,
          out,
          bootImg: kernel.bootImg,
          label: settings.label,
          uuid: settings.uuid,
          minSizeBytes: settings.imageSize,
          uefiLoader: settings.uefi ? uefiLoaderOf(settings, kernel) : undefined,
          onEvent,
        });
      }
    },
    onEvent,
  );
  onEvent({ kind: 'end', step: 'writing image' });
  const evicted = evictImages(dir, imageCacheCap(), key);
  if (evicted.removed.length > 0) {
    onEvent({ kind: 'debug', message: `image cache: removed ${evicted.removed.length} least recently used image(s), ${evicted.freedBytes} bytes` });
  }
  return { ...written, reused: false };
}

/** MINOPS_IMAGE_CACHE_SIZE (`2g`, `500m`), else the default. */
export function imageCacheCap(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.MINOPS_IMAGE_CACHE_SIZE;
  if (given === undefined || given === '') return DEFAULT_IMAGE_CACHE_BYTES;
  const parsed = parseSize(given);
  if (!parsed.ok) {
    throw new MinopsError('CONFIG_INVALID', `MINOPS_IMAGE_CACHE_SIZE: ${parsed.error}`, {
      where: { file: 'MINOPS_IMAGE_CACHE_SIZE' },
      hint: 'give a size such as 2g or 500m',
    });
  }
  return parsed.value;
}

async function mkfsPath(setting: string | undefined): Promise<string | undefined> {
  if (setting === undefined) return undefined;
  if (setting !== 'auto') return path.resolve(setting);
  const { findMkfs } = await import('../image/find-mkfs.js');
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

/** Put a cached image (with this run's patch) where the user asked for it, unless the copy made
 * last time is still there untouched (same size, mtime and inode, and the same patch, as recorded
 * beside the cached image). */
export function deliverImage(cached: string, out: string, patch?: ImagePatch): { copied: boolean } {
  const stamps = path.join(path.dirname(cached), 'copies.json');
  let known: Record<string, string> = {};
  try {
    known = JSON.parse(readFileSync(stamps, 'utf8')) as Record<string, string>;
  } catch {
    // first delivery of this image
  }
  const patchId = patch && patch.bytes.length > 0 ? `|${createHash('sha256').update(patch.bytes).digest('hex').slice(0, 16)}@${patch.offset}` : '';
  if (known[out] !== undefined && known[out] === `${fileIdentity(out)}${patchId}`) return { copied: false };
  copyImageTo(cached, out, patch);
  known[out] = `${fileIdentity(out) ?? ''}${patchId}`;
  const tmp = `${stamps}.tmp-${process.pid}`;
  trackTemp(tmp);
  writeFileSync(tmp, JSON.stringify(known));
  renameSync(tmp, stamps);
  return { copied: true };
}


/** Copy a cached image (plus a patch) to where the user asked for it, never leaving half a file there. */
export function copyImageTo(cached: string, out: string, patch?: ImagePatch): void {
  const tmp = `${out}.tmp-${process.pid}`;
  try {
    trackTemp(tmp);
    // A reflink where the filesystem can, a plain copy elsewhere.
    copyFileSync(cached, tmp, constants.COPYFILE_FICLONE);
    if (patch && patch.bytes.length > 0) {
      const fd = openSync(tmp, 'r+');
      try {
        applyPatch(fd, patch);
      } finally {
        closeSync(fd);
      }
    }
    renameSync(tmp, out);
  } catch (cause) {
    rmSync(tmp, { force: true });
    throw new MinopsError('INPUT_MISSING', `cannot write ${out}: ${(cause as Error).message}`, { where: { file: out }, cause });
  }
}
