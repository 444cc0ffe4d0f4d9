// Resolves a guest path inside a rootfs the way the guest would see it (src/resolve-in-root.ts),
// so a link to /usr/lib/x never reads the host's /usr/lib/x.
import { resolveInRoot as resolve } from '../resolve-in-root.js';

/** The resolved guest path ("/usr/bin/python3.11"), or null when it is missing or loops. */
export function resolveInRoot(root: string, guestPath: string): string | null {
  const r = resolve(root, guestPath.startsWith('/') ? guestPath : `/${guestPath}`);
  return r.kind === 'missing' || r.kind === 'loop' ? null : r.guest;
}
