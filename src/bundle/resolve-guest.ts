// Follow a guest path through a rootfs view the way the guest kernel will (src/resolve-in-root.ts).
// The symlinks are returned too, because a path that is a symlink in the rootfs must stay one in
// the image (usrmerge's /lib → usr/lib).
import { resolveGuestPath, type GuestEntry, type SymlinkHop } from '../resolve-in-root.js';
import type { RootfsView, RootNode } from './rootfs-view.js';

export interface ResolvedGuest {
  /** The real path (no symlink in it) and its node; undefined when the path is dangling. */
  readonly real?: { readonly guest: string; readonly node: Exclude<RootNode, { kind: 'symlink' }> };
  /** Every symlink met on the way, in the order met. */
  readonly links: readonly SymlinkHop[];
}

const entryIn =
  (view: RootfsView) =>
  (guest: string): GuestEntry => {
    const node = view.node(guest);
    if (node === undefined) return { kind: 'missing' };
    if (node.kind === 'symlink') return node;
    return { kind: node.kind === 'dir' ? 'directory' : node.kind === 'file' ? 'file' : 'other' };
  };

export function resolveGuest(view: RootfsView, guest: string): ResolvedGuest {
  const r = resolveGuestPath(entryIn(view), guest.startsWith('/') ? guest : `/${guest}`);
  if (r.kind === 'missing' || r.kind === 'loop') return { links: r.links };
  const node = r.guest === '/' ? ({ kind: 'dir' } as const) : view.node(r.guest);
  if (node === undefined || node.kind === 'symlink') return { links: r.links };
  return { real: { guest: r.guest, node }, links: r.links };
}
