// Follow a guest path inside a rootfs as the guest would: a symlink target (absolute or relative)
// is read relative to the rootfs, never the host. `/usr/bin/python3 → /usr/bin/python3.11` must
// not open the host's python.
import { lstat, readlink } from 'node:fs/promises';
import path from 'node:path';

const MAX_HOPS = 40; // Linux's ELOOP limit

export interface InRoot {
  /** Real guest path, no symlink in it. */
  readonly guest: string;
  /** Host path of that guest path. */
  readonly host: string;
  readonly kind: 'file' | 'dir' | 'other';
  /** Symlinks met on the way, in order. */
  readonly links: readonly { readonly guest: string; readonly target: string }[];
}

export const hostOf = (root: string, guest: string): string => path.join(root, guest);

/** The real guest path of `guest` inside `root`, or undefined when it does not exist. */
export async function resolveInRoot(root: string, guest: string): Promise<InRoot | undefined> {
  const links: { guest: string; target: string }[] = [];
  let pending = path.posix.normalize(`/${guest}`).split('/').filter(Boolean);
  let cur = '/';
  let hops = 0;
  while (pending.length > 0) {
    const [part, ...rest] = pending as [string, ...string[]];
    const next = part === '..' ? path.posix.dirname(cur) : path.posix.join(cur, part);
    if (part === '.' || part === '..') {
      cur = next;
      pending = rest;
      continue;
    }
    const st = await lstat(hostOf(root, next)).catch(() => undefined);
    if (!st) return undefined;
    if (st.isSymbolicLink()) {
      if (++hops > MAX_HOPS) return undefined;
      const target = await readlink(hostOf(root, next));
      links.push({ guest: next, target });
      const base = target.startsWith('/') ? '/' : cur;
      pending = [...path.posix.join(base, target).split('/').filter(Boolean), ...rest];
      cur = '/';
      continue;
    }
    if (rest.length > 0 && !st.isDirectory()) return undefined;
    cur = next;
    pending = rest;
  }
  const st = await lstat(hostOf(root, cur)).catch(() => undefined);
  if (!st) return undefined;
  const kind = st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
  return { guest: cur, host: hostOf(root, cur), kind, links };
}
