// The value model of TFS metadata as stored on disk (spec §B.6.3). Unlike the manifest model it has
// integers (type 3) and untyped buffers, which the kernel and mkfs write.

export type TfsValue = string | TfsInt | TfsBuffer | TfsTuple | TfsVector;

export interface TfsTuple {
  readonly kind: 'tuple';
  readonly entries: Map<string, TfsValue>;
}

export interface TfsVector {
  readonly kind: 'vector';
  readonly items: TfsValue[];
}

export interface TfsInt {
  readonly kind: 'int';
  readonly value: bigint;
}

/** An untyped (type 0) buffer: v4 strings, and the `81 00` null marker of flags like `uninited`. */
export interface TfsBuffer {
  readonly kind: 'buffer';
  readonly bytes: Uint8Array;
}

export const tfsTuple = (entries: Iterable<readonly [string, TfsValue]> = []): TfsTuple => ({
  kind: 'tuple',
  entries: new Map(entries),
});

export const tfsInt = (value: number | bigint): TfsInt => ({ kind: 'int', value: BigInt(value) });

export const isTfsTuple = (v: TfsValue | undefined): v is TfsTuple => typeof v === 'object' && v.kind === 'tuple';

/** The text of a string-like value (type 4 strings, and v4-style untyped buffers). */
export function tfsText(v: TfsValue | undefined): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && v.kind === 'buffer') return new TextDecoder().decode(v.bytes);
  return undefined;
}

/** A number stored either as an integer or as a decimal string (the kernel accepts both). */
export function tfsNumber(v: TfsValue | undefined): bigint | undefined {
  if (typeof v === 'object' && v.kind === 'int') return v.value;
  const text = tfsText(v);
  if (text !== undefined && /^[0-9]+$/.test(text)) return BigInt(text);
  return undefined;
}

/** Plain JSON for display: strings stay strings, tuples become objects, vectors arrays. */
export function tfsToJson(v: TfsValue): unknown {
  if (typeof v === 'string') return v;
  switch (v.kind) {
    case 'int':
      return v.value.toString();
    case 'buffer':
      return tfsText(v);
    case 'vector':
      return v.items.map(tfsToJson);
    case 'tuple':
      return Object.fromEntries([...v.entries].map(([k, x]) => [k, tfsToJson(x)]));
  }
}
