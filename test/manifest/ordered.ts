// Tuples as [key, value] lists, so that toEqual also checks key order (it ignores Map order).
import type { ManifestValue } from '../../src/manifest/tuple.js';

export type Ordered = string | { vector: Ordered[] } | { tuple: [string, Ordered][] };

export function ordered(v: ManifestValue): Ordered {
  if (typeof v === 'string') return v;
  if (v.kind === 'vector') return { vector: v.items.map(ordered) };
  return { tuple: [...v.entries].map(([k, x]): [string, Ordered] => [k, ordered(x)]) };
}
