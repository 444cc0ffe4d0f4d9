// Follow a guest path inside a rootfs as the guest would (src/resolve-in-root.ts): a symlink
// target, absolute or relative, is read relative to the rootfs, never the host.
// `/usr/bin/python3 → /usr/bin/python3.11` must not open the host's python.
import path from 'node:path';
import { RootView, type SymlinkHop } from '../resolve-in-root.js';

export interface InRoot {
  /** Real guest path, no symlink in it. */
  readonly guest: string;
  /** Host path of that guest path. */
  readonly host: string;
  readonly kind: 'file' | 'dir' | 'other';
  /** Symlinks met on the way, in order. */
  readonly links: readonly SymlinkHop[];
}

export const hostOf = (root: string, guest: string): string => path.join(root, guest);

/** The real guest path of `guest` inside `root`, or undefined when it does not exist. */
export async function resolveInRoot(root: string, guest: string): Promise<InRoot | undefined> {
  const r = new RootView(root).resolve(guest.startsWith('/') ? guest : `/${guest}`);
  if (r.kind === 'missing' || r.kind === 'loop') return undefined;
  return { guest: r.guest, host: hostOf(root, r.guest), kind: r.kind === 'directory' ? 'dir' : r.kind, links: r.links };
}
