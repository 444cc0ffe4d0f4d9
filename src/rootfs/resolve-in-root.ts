// Resolves a guest path inside a rootfs the way the guest would see it: symlinks followed, but an
// absolute target starts again at the rootfs root and '..' stops at it (chroot-style), so a link
// to /usr/lib/x never reads the host's /usr/lib/x.
import fs from 'node:fs';
import path from 'node:path';

const MAX_LINKS = 40;

/** The resolved guest path ("/usr/bin/python3.11"), or null when it is missing or loops. */
export function resolveInRoot(root: string, guestPath: string): string | null {
  const todo = guestPath.split('/').filter((p) => p !== '' && p !== '.').reverse();
  const done: string[] = [];
  let links = 0;
  while (todo.length > 0) {
    const part = todo.pop()!;
    if (part === '..') {
      done.pop();
      continue;
    }
    const guest = `/${[...done, part].join('/')}`;
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(path.join(root, guest));
    } catch {
      return null;
    }
    if (!stat.isSymbolicLink()) {
      if (todo.length > 0 && !stat.isDirectory()) return null;
      done.push(part);
      continue;
    }
    if (++links > MAX_LINKS) return null;
    const target = fs.readlinkSync(path.join(root, guest));
    if (target.startsWith('/')) done.length = 0;
    todo.push(...target.split('/').filter((p) => p !== '' && p !== '.').reverse());
  }
  return `/${done.join('/')}`;
}
