// Turns a manifest tuple into the TFS metadata tree, the way mkfs reads a manifest (spec §A.7,
// §A.9): a `contents:(host:PATH)` tuple in a directory entry becomes file data to copy, every
// other key is carried over as it is (strings stay strings, e.g. `mtime`). Unlike mkfs, only an
// entry's own `contents` key is file data, so a child *named* `contents` is kept. Pure: host
// paths are resolved as strings, never touched.
import path from 'node:path';
import { MinopsError } from '../../errors.js';
import { isTuple, type ManifestTuple, type ManifestValue } from '../../manifest/tuple.js';
import type { TfsTuple, TfsValue } from './value.js';

export interface PlannedFile {
  guestPath: string;
  /** Absolute host path of the data. */
  host: string;
  /** The file's metadata tuple; `extents` and `filelength` are added once the data is placed. */
  node: TfsTuple;
}

export interface PlannedTree {
  root: TfsTuple;
  /** In tree order, which is also the order their data is laid out in. */
  files: PlannedFile[];
}

/** A manifest value as metadata: strings stay strings (as mkfs keeps them). */
export const tfsFromManifest = (v: ManifestValue): TfsValue => {
  if (typeof v === 'string') return v;
  if (v.kind === 'vector') return { kind: 'vector', items: v.items.map(tfsFromManifest) };
  return { kind: 'tuple', entries: new Map([...v.entries].map(([k, x]) => [k, tfsFromManifest(x)])) };
};

/** The kernel resolves each path component in a 255-byte buffer (`NAME_MAX`). */
const NAME_MAX = 255;
const utf8 = new TextEncoder();

export function planTree(root: ManifestTuple, hostDir: string, source = 'manifest'): PlannedTree {
  const files: PlannedFile[] = [];
  const bad = (guestPath: string, msg: string): MinopsError =>
    new MinopsError('MANIFEST_BAD_NAME', msg, { where: { file: source, entry: guestPath } });

  const entry = (guestPath: string, t: ManifestTuple, isRoot: boolean): TfsTuple => {
    const node: TfsTuple = { kind: 'tuple', entries: new Map() };
    const contents = t.entries.get('contents');
    const children = t.entries.get('children');
    if (contents !== undefined && !isRoot) {
      const host = isTuple(contents) ? contents.entries.get('host') : undefined;
      if (typeof host !== 'string' || host === '') throw bad(guestPath, 'contents must be (host:PATH) with a host path');
      if (children !== undefined) throw bad(guestPath, 'an entry cannot have both contents and children');
      files.push({ guestPath, host: path.resolve(hostDir, host), node });
    }
    for (const [key, value] of t.entries) {
      if (key === 'contents' && !isRoot) continue;
      if (key === 'children') {
        if (!isTuple(value)) throw bad(guestPath, 'children must be a tuple');
        node.entries.set(key, directory(guestPath, value));
      } else {
        node.entries.set(key, tfsFromManifest(value));
      }
    }
    return node;
  };

  const directory = (dirPath: string, children: ManifestTuple): TfsTuple => {
    const out: TfsTuple = { kind: 'tuple', entries: new Map() };
    for (const [name, child] of children.entries) {
      const childPath = dirPath === '/' ? `/${name}` : `${dirPath}/${name}`;
      checkName(name, childPath, bad);
      if (!isTuple(child)) throw bad(childPath, 'a directory entry must be a tuple');
      out.entries.set(name, entry(childPath, child, false));
    }
    return out;
  };

  if (!isTuple(root.entries.get('children'))) {
    throw new MinopsError('MANIFEST_SYNTAX', 'the root tuple has no children tuple', { where: { file: source } });
  }
  return { root: entry('/', root, true), files };
}

function checkName(name: string, guestPath: string, bad: (p: string, m: string) => MinopsError): void {
  if (name === '' || name === '.' || name === '..') throw bad(guestPath, `the name "${name}" cannot be stored in TFS`);
  if (name.includes('/') || name.includes('\0')) throw bad(guestPath, 'a name cannot contain "/" or NUL');
  // A lone surrogate is not valid UTF-8: the kernel's path resolver could never open it.
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(name)) {
    throw bad(guestPath, 'the name is not valid UTF-8');
  }
  if (utf8.encode(name).length > NAME_MAX) throw bad(guestPath, `a name longer than ${NAME_MAX} bytes cannot be opened`);
}
