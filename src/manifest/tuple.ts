// The Nanos tuple value model: the three kinds of value the manifest parser produces
// (spec §A.6). Tuples keep insertion order so that the same input prints the same text and
// encodes to the same image bytes.

export type ManifestValue = string | ManifestTuple | ManifestVector;

export interface ManifestTuple {
  readonly kind: 'tuple';
  readonly entries: Map<string, ManifestValue>;
}

export interface ManifestVector {
  readonly kind: 'vector';
  readonly items: ManifestValue[];
}

export const tuple = (entries: Iterable<readonly [string, ManifestValue]> = []): ManifestTuple => ({
  kind: 'tuple',
  entries: new Map(entries),
});

export const vector = (items: Iterable<ManifestValue> = []): ManifestVector => ({
  kind: 'vector',
  items: [...items],
});

export const isTuple = (v: ManifestValue | undefined): v is ManifestTuple =>
  typeof v === 'object' && v !== null && v.kind === 'tuple';

export const isVector = (v: ManifestValue | undefined): v is ManifestVector =>
  typeof v === 'object' && v !== null && v.kind === 'vector';
