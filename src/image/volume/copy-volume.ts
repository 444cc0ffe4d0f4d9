// `volume cp` with docker cp's rules: a source copied onto an existing directory lands inside it
// under its own name (a source ending in `/.`, or a volume's `/`, copies its contents); onto a
// path that does not exist, it becomes that path (its parent must exist); a file replaces a file.
// Out of a volume the tree is read with the kernel's log records replayed; into one the volume is
// unpacked, the source placed, and the volume written again whole (same size, label and UUID).
import { lstatSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { MinopsError } from '../../errors.js';
import { openImage, type OpenedImage } from '../read-image.js';
import type { TfsEntry } from '../tfs/entries.js';
import { resolveGuestPath } from '../tfs/resolve-path.js';
import { writeVolume } from './write-volume.js';
import { dirTuple } from './dir-tuple.js';
import { placeTree, type PlacedCount } from './place-tree.js';
import { hostTreeSource, tfsTreeSource } from './tree-source.js';
import type { VolumePath } from './volume-path.js';

/** A host side of `volume cp`: the absolute path, and what its spelling said. */
export interface HostPath {
  /** As the user wrote it (named in errors). */
  text: string;
  path: string;
  /** Written as `DIR/.`: the directory's contents, not the directory. */
  contents: boolean;
  /** Written with a trailing `/`: it must be a directory. */
  dirOnly: boolean;
}

export const hostPath = (text: string, cwd: string): HostPath => ({
  text,
  path: path.resolve(cwd, text),
  contents: /(^|\/)\.$/.test(text),
  dirOnly: text.endsWith('/'),
});

/** Copies `from` (a path in the volume `file`) to the host. */
export async function copyOutOfVolume(file: string, from: VolumePath, to: HostPath): Promise<PlacedCount> {
  const image = await openVolume(file, from.name);
  try {
    const entry = entryAt(image, from);
    const contents = entry.path === '/' || /\/\.$/.test(from.path);
    const dest = hostTarget(to, entry.type === 'dir', contents ? undefined : path.posix.basename(entry.path));
    return await placeTree(tfsTreeSource(image.root, entry), dest);
  } finally {
    await image.close();
  }
}

/** Copies a host path into the volume `file` at `to`. */
export async function copyIntoVolume(file: string, from: HostPath, to: VolumePath): Promise<PlacedCount> {
  const source = lstatSync(from.path, { throwIfNoEntry: false }) ? hostTreeSource(from.path) : undefined;
  if (!source) throw new MinopsError('INPUT_MISSING', 'no such file or directory', { where: { file: from.text } });
  const image = await openVolume(file, to.name);
  const { uuid } = image.root;
  const sizeBytes = image.root.reader.size;
  const unpacked = mkdtempSync(path.join(path.dirname(file), `.${to.name}.cp-`));
  try {
    let count: PlacedCount;
    try {
      await placeTree(tfsTreeSource(image.root, entryAt(image, { ...to, path: '/' })), unpacked);
      const contents = source.type === 'dir' && from.contents;
      const rel = volumeTarget(image, to, source.type === 'dir', contents ? undefined : path.basename(from.path));
      count = await placeTree(source, path.join(unpacked, rel));
    } finally {
      await image.close();
    }
    await writeVolume({ file, label: to.name, uuid, sizeBytes, root: dirTuple(unpacked) });
    return count;
  } finally {
    rmSync(unpacked, { recursive: true, force: true });
  }
}

async function openVolume(file: string, name: string): Promise<OpenedImage> {
  const image = await openImage(file);
  if (image.kind !== 'bare') {
    await image.close();
    throw new MinopsError('IMAGE_INVALID', `volume "${name}" is a bootable image, not a volume`, { where: { file } });
  }
  return image;
}

/** The entry a volume path names; symlinks on the way are followed inside the volume, a final
 * one is copied as a link. */
function entryAt(image: OpenedImage, at: VolumePath): TfsEntry {
  const r = resolveGuestPath(image.root.root, at.path, false);
  if ('entry' in r) return r.entry;
  const why = 'loop' in r ? `too many symbolic links at ${r.loop}` : `no such file or directory (${r.missing} is missing)`;
  throw new MinopsError('INPUT_MISSING', why, { where: { file: `${at.name}:${at.path}` } });
}

/** Where a copy to the host path `to` goes (docker cp's rule); `name` undefined: contents. */
function hostTarget(to: HostPath, sourceIsDir: boolean, name: string | undefined): string {
  const where = { file: to.text };
  const st = statSync(to.path, { throwIfNoEntry: false });
  if (st?.isDirectory()) return name === undefined ? to.path : path.join(to.path, name);
  if (st && sourceIsDir) throw new MinopsError('USAGE', 'is a file; a directory cannot be copied onto it', { where });
  if (!st && to.dirOnly) throw new MinopsError('INPUT_MISSING', 'no such directory', { where });
  if (!statSync(path.dirname(to.path), { throwIfNoEntry: false })?.isDirectory()) {
    throw new MinopsError('INPUT_MISSING', 'its parent directory does not exist', { where });
  }
  return to.path;
}

/** The same rule inside the volume, resolved through the volume's own symlinks; the result is a
 * real (symlink-free) path relative to the volume's root. */
function volumeTarget(image: OpenedImage, to: VolumePath, sourceIsDir: boolean, name: string | undefined): string {
  const where = { file: `${to.name}:${to.path}` };
  const root = image.root.root;
  const r = resolveGuestPath(root, to.path);
  if ('entry' in r) {
    if (r.entry.type === 'dir') return name === undefined ? r.entry.path : path.posix.join(r.entry.path, name);
    if (sourceIsDir) throw new MinopsError('USAGE', 'is a file; a directory cannot be copied onto it', { where });
    return r.entry.path;
  }
  const parent = resolveGuestPath(root, path.posix.dirname(to.path));
  if (to.path.endsWith('/') || !('entry' in parent) || parent.entry.type !== 'dir') {
    throw new MinopsError('INPUT_MISSING', 'its parent directory does not exist in the volume', { where });
  }
  return path.posix.join(parent.entry.path, path.posix.basename(to.path));
}
