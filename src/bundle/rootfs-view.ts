// What the planner needs to know about a rootfs: the type of each guest path, without following
// the last symlink. Tests give an in-memory view; planBundle gives one backed by lstat.
import { lstatSync, readlinkSync, readdirSync } from 'node:fs';
import path from 'node:path';

export type RootNode =
  | { readonly kind: 'file'; readonly size: number; readonly mtime?: number; readonly mode?: number }
  | { readonly kind: 'symlink'; readonly target: string }
  | { readonly kind: 'dir' }
  /** A socket, fifo or device: never copied into an image. */
  | { readonly kind: 'special' };

export interface RootfsView {
  /** Host directory that guest `/` maps to ('/' for the host rootfs). */
  readonly root: string;
  /** The guest path's own type (lstat), or undefined when it does not exist. */
  node(guest: string): RootNode | undefined;
  /** Names in a guest directory (no symlink following on the directory itself), sorted. */
  list(guest: string): string[];
}

/** Host path of a guest path inside `root`. */
export const hostPathOf = (root: string, guest: string): string => path.join(root, guest);

/** A RootfsView backed by the filesystem; lstat results are cached for the planner's one pass. */
export function hostRootfsView(root: string): RootfsView {
  const cache = new Map<string, RootNode | undefined>();
  return {
    root,
    node(guest) {
      if (cache.has(guest)) return cache.get(guest);
      const node = lstatNode(hostPathOf(root, guest));
      cache.set(guest, node);
      return node;
    },
    list(guest) {
      try {
        return readdirSync(hostPathOf(root, guest)).sort();
      } catch {
        return [];
      }
    },
  };
}

function lstatNode(hostPath: string): RootNode | undefined {
  let st;
  try {
    st = lstatSync(hostPath);
  } catch {
    return undefined;
  }
  if (st.isSymbolicLink()) return { kind: 'symlink', target: readlinkSync(hostPath) };
  if (st.isDirectory()) return { kind: 'dir' };
  if (st.isFile()) return { kind: 'file', size: st.size, mtime: Math.floor(st.mtimeMs / 1000), mode: st.mode & 0o7777 };
  return { kind: 'special' };
}

/** An in-memory RootfsView: guest path → node. Parent directories are implied. */
export function memoryRootfsView(root: string, nodes: Iterable<readonly [string, RootNode]>): RootfsView {
  const map = new Map<string, RootNode>(nodes);
  for (const guest of [...map.keys()]) {
    for (let i = guest.lastIndexOf('/'); i > 0; i = guest.lastIndexOf('/', i - 1)) {
      const dir = guest.slice(0, i);
      if (!map.has(dir)) map.set(dir, { kind: 'dir' });
    }
  }
  return {
    root,
    node: (guest) => map.get(guest),
    list(guest) {
      const prefix = guest === '/' ? '/' : `${guest}/`;
      return [...map.keys()]
        .filter((g) => g.startsWith(prefix) && g.length > prefix.length && !g.slice(prefix.length).includes('/'))
        .map((g) => g.slice(prefix.length))
        .sort();
    },
  };
}
