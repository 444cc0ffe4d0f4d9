// Where files of given names are in a rootfs. The kernel's missing_files list holds bare names
// (`libz.so.1`, not its directory), so `run --trace-missing` looks them up here to tell the user
// which ones the rootfs has, and at which guest path.
import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** System trees only: on the host rootfs a walk of /home or /proc would be slow and beside the point. */
const TOP_DIRS = ['bin', 'etc', 'lib', 'lib32', 'lib64', 'opt', 'sbin', 'usr'];
const MAX_ENTRIES = 300_000;

/** Guest paths (sorted) of every regular file or symlink whose name is in `names`. Symlinked
 * directories are not followed, so each file is found once, under its real directory. */
export function findByName(root: string, names: Iterable<string>): Map<string, string[]> {
  const wanted = new Set(names);
  const found = new Map<string, string[]>();
  if (wanted.size === 0) return found;
  // usrmerge's /lib → usr/lib would list the same files twice.
  const pending = TOP_DIRS.map((d) => `/${d}`).filter((d) => lstatSync(path.join(root, d), { throwIfNoEntry: false })?.isDirectory());
  let seen = 0;
  while (pending.length > 0 && seen < MAX_ENTRIES) {
    const dir = pending.pop() as string;
    let entries;
    try {
      entries = readdirSync(path.join(root, dir), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      seen++;
      const guest = `${dir}/${e.name}`;
      if (e.isDirectory()) pending.push(guest);
      else if (wanted.has(e.name)) found.set(e.name, [...(found.get(e.name) ?? []), guest].sort());
    }
  }
  return found;
}
