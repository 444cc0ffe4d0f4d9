// Manifest values as plain JSON (string | array | object), the shape tree.json and
// `minops image manifest --json` use. Tuple order survives except where JavaScript objects put
// integer-like keys ("0", "1") first.
import { MinopsError } from '../errors.js';
import type { ManifestValue } from './tuple.js';

export type ManifestJson = string | ManifestJson[] | { [name: string]: ManifestJson };

export function manifestToJson(value: ManifestValue): ManifestJson {
  if (typeof value === 'string') return value;
  if (value.kind === 'vector') return value.items.map(manifestToJson);
  // fromEntries defines own properties, so a key named "__proto__" stays a key.
  return Object.fromEntries([...value.entries].map(([k, v]) => [k, manifestToJson(v)]));
}

/** The inverse of manifestToJson. Anything but strings, arrays and plain objects is refused,
 * since the tuple text has no numbers, booleans or null (spec §A.6). */
export function manifestFromJson(json: unknown, path = '$'): ManifestValue {
  if (typeof json === 'string') return json;
  if (Array.isArray(json)) return { kind: 'vector', items: json.map((item, i) => manifestFromJson(item, `${path}[${i}]`)) };
  if (typeof json === 'object' && json !== null) {
    const entries = Object.entries(json).map(([k, v]): [string, ManifestValue] => [k, manifestFromJson(v, `${path}.${k}`)]);
    return { kind: 'tuple', entries: new Map(entries) };
  }
  throw new MinopsError('CONFIG_INVALID', `${path}: ${json === null ? 'null' : typeof json} is not a manifest value; use a string, an array or an object`, {
    where: { file: '<json>', entry: path },
    hint: 'write numbers and flags as strings, for example "7" or "t"',
  });
}
