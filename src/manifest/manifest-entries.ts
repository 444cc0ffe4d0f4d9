// The filesystem a root tuple describes, flattened: one row per path, in UTF-8 byte order, the
// same rows as the golden set's tree.json.
import { isTuple, type ManifestTuple } from './tuple.js';
import { manifestToJson, type ManifestJson } from './to-json.js';

export interface ManifestEntry {
  /** "/" for the root, else names joined by "/". */
  path: string;
  type: 'dir' | 'file' | 'symlink';
  /** A file's `contents.host`, when it has one. */
  host?: string;
  linktarget?: string;
  /** Other keys on the entry (mtime, exec, ...), as JSON. */
  keys?: Record<string, ManifestJson>;
}

const STRUCTURAL = new Set(['children', 'contents', 'linktarget']);

/** Every entry under (and including) the root. A tuple with a `children` tuple is a directory,
 * one with a string `linktarget` a symlink, anything else a file (as the kernel decides). */
export function manifestEntries(root: ManifestTuple): ManifestEntry[] {
  const out: ManifestEntry[] = [];
  const pending: [string, ManifestTuple][] = [['/', root]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [path, t] = next;
    const children = t.entries.get('children');
    const link = t.entries.get('linktarget');
    const contents = t.entries.get('contents');
    const entry: ManifestEntry = { path, type: isTuple(children) ? 'dir' : typeof link === 'string' ? 'symlink' : 'file' };
    const host = isTuple(contents) ? contents.entries.get('host') : undefined;
    if (entry.type === 'file' && typeof host === 'string') entry.host = host;
    if (entry.type === 'symlink') entry.linktarget = link as string;
    if (path !== '/') {
      const keys = [...t.entries].filter(([k]) => !STRUCTURAL.has(k));
      if (keys.length > 0) entry.keys = Object.fromEntries(keys.map(([k, v]) => [k, manifestToJson(v)]));
    }
    out.push(entry);
    if (isTuple(children)) {
      for (const [name, child] of children.entries) {
        if (isTuple(child)) pending.push([path === '/' ? `/${name}` : `${path}/${name}`, child]);
      }
    }
  }
  return out.sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
}
