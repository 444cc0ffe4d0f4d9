// Every path under a guest directory of a RootfsView, depth first in sorted order, symlinks not
// followed. Used for `--slim none`, include globs, config Dirs/MapDirs and the report's "before".
import type { RootfsView, RootNode } from './rootfs-view.js';

export interface WalkedNode {
  readonly guest: string;
  readonly node: RootNode;
}

/** `skip` names guest directories not to descend into (the host's /proc, /sys, /dev). */
export function* walkView(view: RootfsView, from = '/', skip: ReadonlySet<string> = new Set()): Generator<WalkedNode> {
  const start = view.node(from);
  if (start === undefined) return;
  if (from !== '/') yield { guest: from, node: start };
  if (start.kind !== 'dir') return;
  const stack = [from];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    const names = view.list(dir);
    const subdirs: string[] = [];
    for (const name of names) {
      const guest = dir === '/' ? `/${name}` : `${dir}/${name}`;
      const node = view.node(guest);
      if (node === undefined) continue;
      yield { guest, node };
      if (node.kind === 'dir' && !skip.has(guest)) subdirs.push(guest);
    }
    stack.push(...subdirs.reverse());
  }
}

/** A live host's virtual filesystems: never part of "the rootfs" when the rootfs is '/'. */
export const hostVirtualDirs: ReadonlySet<string> = new Set(['/proc', '/sys', '/dev', '/run', '/tmp']);
