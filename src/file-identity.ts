// What says a file is still the one seen before without reading it: size, mtime (ns), inode and
// device. Caches and memos compare these; any edit, replacement or move changes one of them.
import { statSync } from 'node:fs';

/** `size:mtimeNs:ino:dev` (symlinks followed), or undefined when nothing is there. */
export function fileIdentity(file: string): string | undefined {
  try {
    const st = statSync(file, { bigint: true });
    return `${st.size}:${st.mtimeNs}:${st.ino}:${st.dev}`;
  } catch {
    return undefined;
  }
}
