// What says a file is still the one seen before without reading it: size, mtime and ctime (ns),
// inode and device. Caches, seals and memos compare these; any edit, replacement or move changes
// one of them, and ctime cannot even be set back.
import { statSync, type BigIntStats } from 'node:fs';

export const identityOf = (st: BigIntStats): string => `${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}:${st.dev}`;

/** The identity of `file` (symlinks followed), or undefined when nothing is there. */
export function fileIdentity(file: string): string | undefined {
  const st = statSync(file, { bigint: true, throwIfNoEntry: false });
  return st ? identityOf(st) : undefined;
}
