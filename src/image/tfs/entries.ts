// The file tree of a decoded TFS: every path with its type (spec §B.7 type test: `children` =
// directory, string `linktarget` = symlink, anything else a regular file), sizes and extents.
import { tfsNumber, tfsText, isTfsTuple, type TfsTuple, type TfsValue } from './value.js';

export interface TfsExtent {
  /** File offset of the extent, in 512-byte blocks (its key in `extents`). */
  fileBlock: number;
  /** Start block of the data, relative to the filesystem. */
  offset: number;
  length: number;
  allocated: number;
  /** Reads as zeros (`uninited`). */
  uninited: boolean;
}

interface EntryBase {
  path: string;
  /** Every key except the structural one (`children`, `linktarget`, `extents`/`filelength`). */
  keys: Map<string, TfsValue>;
  node: TfsTuple;
}
export type TfsEntry =
  | (EntryBase & { type: 'dir' })
  | (EntryBase & { type: 'file'; size: number; extents: TfsExtent[] })
  | (EntryBase & { type: 'symlink'; linktarget: string });

const without = (node: TfsTuple, ...names: string[]): Map<string, TfsValue> =>
  new Map([...node.entries].filter(([k]) => !names.includes(k)));

export function describeEntry(path: string, node: TfsTuple): TfsEntry {
  if (isTfsTuple(node.entries.get('children'))) return { type: 'dir', path, keys: without(node, 'children'), node };
  const target = node.entries.get('linktarget');
  if (typeof target === 'string' || (typeof target === 'object' && target.kind === 'buffer')) {
    return { type: 'symlink', path, linktarget: tfsText(target)!, keys: without(node, 'linktarget'), node };
  }
  const size = Number(tfsNumber(node.entries.get('filelength')) ?? 0n);
  return { type: 'file', path, size, extents: fileExtents(node), keys: without(node, 'extents', 'filelength'), node };
}

export function fileExtents(node: TfsTuple): TfsExtent[] {
  const extents = node.entries.get('extents');
  if (!isTfsTuple(extents)) return [];
  const out: TfsExtent[] = [];
  for (const [key, value] of extents.entries) {
    if (!isTfsTuple(value) || !/^[0-9]+$/.test(key)) continue;
    const num = (name: string): number => Number(tfsNumber(value.entries.get(name)) ?? 0n);
    out.push({
      fileBlock: Number(key),
      offset: num('offset'),
      length: num('length'),
      allocated: num('allocated'),
      uninited: value.entries.has('uninited'),
    });
  }
  return out.sort((a, b) => a.fileBlock - b.fileBlock);
}

const byUtf8 = (a: TfsEntry, b: TfsEntry): number => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path));

/** Every entry, the root `/` included, sorted by the UTF-8 bytes of the path. */
export function listEntries(root: TfsTuple): TfsEntry[] {
  const out: TfsEntry[] = [];
  const walk = (path: string, node: TfsTuple, ancestors: Set<TfsTuple>): void => {
    const entry = describeEntry(path, node);
    out.push(entry);
    if (entry.type !== 'dir' || ancestors.has(node)) return;
    const children = node.entries.get('children') as TfsTuple;
    const inner = new Set(ancestors).add(node);
    for (const [name, child] of children.entries) {
      if (isTfsTuple(child)) walk(path === '/' ? `/${name}` : `${path}/${name}`, child, inner);
    }
  };
  walk('/', root, new Set());
  return out.sort(byUtf8);
}

/** The entry at an absolute guest path, without following symlinks (like lstat). */
export function findEntry(root: TfsTuple, guestPath: string): TfsEntry | undefined {
  let node = root;
  const names = guestPath.split('/').filter((n) => n !== '');
  for (const name of names) {
    const children = node.entries.get('children');
    if (!isTfsTuple(children)) return undefined;
    const child = children.entries.get(name);
    if (!isTfsTuple(child)) return undefined;
    node = child;
  }
  return describeEntry(names.length === 0 ? '/' : `/${names.join('/')}`, node);
}
