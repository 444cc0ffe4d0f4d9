// Builds the manifest root tuple a fixture case describes, from its tree.json (rootKeys + entries
// with host paths), for tests that do not go through the manifest parser.
import { tuple, vector, type ManifestTuple, type ManifestValue } from '../../src/manifest/tuple.js';
import type { GoldenTree } from './golden.js';

const fromJson = (v: unknown): ManifestValue => {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return vector(v.map(fromJson));
  return tuple(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, fromJson(x)]));
};

export function manifestFromGolden(g: GoldenTree): ManifestTuple {
  const root = tuple([['children', tuple()]]);
  const dirs = new Map<string, ManifestTuple>([['/', root]]);
  for (const e of g.entries) {
    if (e.path === '/') continue;
    const cut = e.path.lastIndexOf('/');
    const parent = dirs.get(cut === 0 ? '/' : e.path.slice(0, cut))!;
    const children = parent.entries.get('children') as ManifestTuple;
    const node = tuple();
    if (e.type === 'dir') {
      node.entries.set('children', tuple());
      dirs.set(e.path, node);
    } else if (e.type === 'file') {
      node.entries.set('contents', tuple([['host', e.host!]]));
    } else {
      node.entries.set('linktarget', e.linktarget!);
    }
    for (const [k, v] of Object.entries(e.keys ?? {})) node.entries.set(k, fromJson(v));
    children.entries.set(e.path.slice(cut + 1), node);
  }
  for (const [k, v] of Object.entries(g.rootKeys)) root.entries.set(k, fromJson(v));
  return root;
}
