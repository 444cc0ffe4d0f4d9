// A private copy of a raw image grown to a multiple of `multiple` bytes: Azure wants a VHD whose
// size is a whole number of MiB, GCE a disk.raw of whole GiB. The growth is a hole past the last
// partition, so the copy stays as small on disk as the image (a reflink where the filesystem can).
import { constants, copyFileSync, statSync, truncateSync } from 'node:fs';

export function paddedCopy(raw: string, dest: string, multiple: number): number {
  copyFileSync(raw, dest, constants.COPYFILE_FICLONE);
  const size = statSync(dest).size;
  const padded = Math.ceil(size / multiple) * multiple;
  if (padded !== size) truncateSync(dest, padded);
  return padded;
}
