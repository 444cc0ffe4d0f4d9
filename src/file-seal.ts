// What a cache file was when it was written, to tell later whether it still is: its size and
// SHA-256, and a stamp (size, mtime, ctime, inode) that every change made through the filesystem
// alters — truncating, writing a byte, copying over it; ctime cannot even be set back. While the
// stamp matches, a check costs one fstat. A stamp that differs (a copy of the whole cache, a chmod)
// costs one hash: the same bytes renew the stamp, other bytes mean the entry is damaged.
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { identityOf } from './file-identity.js';

export interface FileSeal {
  size: number;
  sha256: string;
  stamp: string;
}

export type SealCheck =
  | { ok: true; /** Set when the stamp had to be renewed (store it). */ renewed?: FileSeal }
  | { ok: false; why: string };

const stampOf = (fd: number): string => identityOf(fstatSync(fd, { bigint: true }));

export function sealOf(fd: number): FileSeal {
  // The stamp first: a change during the hash then shows as a stamp that no longer matches.
  const stamp = stampOf(fd);
  const { size, sha256 } = hashOf(fd);
  return { size, sha256, stamp };
}

export function sealFile(file: string): FileSeal {
  const fd = openSync(file, 'r');
  try {
    return sealOf(fd);
  } finally {
    closeSync(fd);
  }
}

export function checkSeal(fd: number, seal: FileSeal): SealCheck {
  const stamp = stampOf(fd);
  if (stamp === seal.stamp) return { ok: true };
  const size = Number(stamp.split(':')[0]);
  if (size !== seal.size) return { ok: false, why: `${size} bytes, ${seal.size} when it was written` };
  const now = hashOf(fd);
  if (now.sha256 !== seal.sha256) return { ok: false, why: 'its bytes differ from those written' };
  return { ok: true, renewed: { ...seal, stamp } };
}

/** checkSeal for a path (one stat while the stamp matches); a missing file is damage too. */
export function checkFileSeal(file: string, seal: FileSeal): SealCheck {
  const st = statSync(file, { bigint: true, throwIfNoEntry: false });
  if (!st) return { ok: false, why: 'it is missing' };
  if (identityOf(st) === seal.stamp) return { ok: true };
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    return { ok: false, why: (e as Error).message };
  }
  try {
    return checkSeal(fd, seal);
  } finally {
    closeSync(fd);
  }
}

function hashOf(fd: number): { size: number; sha256: string } {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(1 << 20);
  let size = 0;
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, size);
    if (n === 0) break;
    hash.update(buf.subarray(0, n));
    size += n;
  }
  return { size, sha256: hash.digest('hex') };
}
