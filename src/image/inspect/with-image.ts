// Open an image for the duration of one inspection, and find guest paths in it with errors that
// name the image and the path.
import { MinopsError } from '../../errors.js';
import { openImage, type OpenedImage } from '../read-image.js';
import type { TfsEntry } from '../tfs/entries.js';
import { resolveGuestPath } from '../tfs/resolve-path.js';

export async function withImage<T>(file: string, use: (image: OpenedImage) => Promise<T>): Promise<T> {
  const image = await openImage(file);
  try {
    return await use(image);
  } finally {
    await image.close();
  }
}

/** The entry at `guestPath` in the root FS, following symlinks (`followLast`: also the last one). */
export function findGuestEntry(image: OpenedImage, guestPath: string, followLast = true): TfsEntry {
  const where = { file: image.file, entry: guestPath };
  if (!guestPath.startsWith('/')) {
    throw new MinopsError('USAGE', 'a path inside the image must start with /', { where });
  }
  const r = resolveGuestPath(image.root.root, guestPath, followLast);
  if ('entry' in r) return r.entry;
  if ('loop' in r) throw new MinopsError('INPUT_MISSING', `too many symbolic links (at ${r.loop})`, { where });
  throw new MinopsError('INPUT_MISSING', `no such file or directory in the image (${r.missing} is missing)`, { where });
}
