// HOME for the guest, as docker sets it for a container's user: the home the rootfs's user
// database gives uid 0 (Nanos runs every program as uid 0), else "/". CPython's site module
// expands "~" at every start-up to find the user base even with the user site off; with HOME set
// that costs nothing, without it glibc reads nsswitch.conf and /etc/passwd first.
import { readFile } from 'node:fs/promises';
import { resolveInRoot } from './resolve-in-root.js';

/** The home directory of uid 0 in passwd(5) text, or undefined when no line gives one. */
export function superuserHome(passwd: string): string | undefined {
  for (const line of passwd.split('\n')) {
    const fields = line.split(':');
    if (fields.length >= 7 && fields[2] === '0' && fields[5]!.startsWith('/')) return fields[5];
  }
  return undefined;
}

export async function guestHome(root: string): Promise<string> {
  const passwd = await resolveInRoot(root, '/etc/passwd');
  if (passwd?.kind !== 'file') return '/';
  const text = await readFile(passwd.host, 'utf8').catch(() => '');
  return superuserHome(text) ?? '/';
}
