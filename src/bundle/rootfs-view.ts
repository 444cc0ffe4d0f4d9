// What the planner needs to know about a rootfs: the type of each guest path, without following
// the last symlink. Tests give an in-memory view; planBundle gives one backed by lstat.
import { isUtf8 } from 'node:buffer';
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

/** Called with the host path of a directory entry whose name is not UTF-8: Nanos takes UTF-8
 * names only, so such an entry is never listed (spec §A.4); the caller says so or refuses. */
export type OnNonUtf8Name = (hostPath: string) => void;

/** A RootfsView backed by the filesystem; lstat results are cached for the planner's one pass. */
export function hostRootfsView(root: string, onNonUtf8Name: OnNonUtf8Name = () => {}): RootfsView {
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
      const dir = hostPathOf(root, guest);
      let raw: Buffer[];
      try {
        raw = readdirSync(dir, { encoding: 'buffer' });
      } catch {
        return [];
      }
      const names: string[] = [];
      for (const name of raw) {
        // A lossy decoding would name a file that is not there, or another one.
        if (isUtf8(name)) names.push(name.toString('utf8'));
        else onNonUtf8Name(path.join(dir, escapedName(name)));
      }
      return names.sort();
    },
  };
}

/** A name for messages: its UTF-8 runs as they are, every other byte as \xNN. */
export function escapedName(name: Buffer): string {
  let out = '';
  let start = 0;
  for (let end = name.length; start < end; ) {
    let ok = end;
    while (ok > start && !isUtf8(name.subarray(start, ok))) ok--;
    if (ok > start) {
      out += name.subarray(start, ok).toString('utf8');
      start = ok;
    } else {
      out += `\\x${name[start]!.toString(16).padStart(2, '0')}`;
      start++;
    }
  }
  return out;
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
