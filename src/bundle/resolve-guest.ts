// Follow a guest path through a rootfs the way the guest kernel will: every symlink on the way,
// relative or absolute, resolved inside the rootfs. The symlinks are returned too, because a path
// that is a symlink in the rootfs must stay one in the image (usrmerge's /lib → usr/lib).
import { normalizeGuest, guestDirname } from './compare-guest.js';
import type { RootfsView, RootNode } from './rootfs-view.js';

/** Linux gives up after 40 symlinks (ELOOP); so do we. */
const MAX_HOPS = 40;

export interface ResolvedGuest {
  /** The real path (no symlink in it) and its node; undefined when the path is dangling. */
  readonly real?: { readonly guest: string; readonly node: Exclude<RootNode, { kind: 'symlink' }> };
  /** Every symlink met on the way, in the order met. */
  readonly links: readonly { readonly guest: string; readonly target: string }[];
}

export function resolveGuest(view: RootfsView, guest: string): ResolvedGuest {
  const links: { guest: string; target: string }[] = [];
  let pending = normalizeGuest(guest).split('/').filter(Boolean);
  let cur = '/';
  let hops = 0;
  while (pending.length > 0) {
    const [part, ...rest] = pending as [string, ...string[]];
    const next = cur === '/' ? `/${part}` : `${cur}/${part}`;
    const node = view.node(next);
    if (node === undefined) return { links };
    if (node.kind === 'symlink') {
      if (++hops > MAX_HOPS) return { links };
      links.push({ guest: next, target: node.target });
      const base = node.target.startsWith('/') ? '/' : guestDirname(next);
      pending = normalizeGuest(base, node.target, ...rest).split('/').filter(Boolean);
      cur = '/';
      continue;
    }
    if (rest.length > 0 && node.kind !== 'dir') return { links };
    cur = next;
    pending = rest;
    if (rest.length === 0) return { real: { guest: next, node }, links };
  }
  return { real: { guest: '/', node: { kind: 'dir' } }, links };
}
