// Decodes metadata records with the log-wide dictionary (spec §B.6.3), including what the kernel
// appends after a boot: tuple and vector references that merge new entries into existing
// objects, and deletes (`80`) that remove a key.
import { truncated } from './truncated.js';
import type { TfsTuple, TfsValue, TfsVector } from './value.js';
import { readValueHeader, TYPE_INTEGER, TYPE_STRING, TYPE_TUPLE, TYPE_VECTOR } from './value-header.js';
import { readVarint, readVarintBig } from './varint.js';

/** Dictionary slots: objects, and symbols (kept as their name). */
type DictEntry = TfsTuple | TfsVector | { kind: 'symbol'; name: string };

export interface RecordDecoder {
  /** Decode one whole record; throws if it does not consume exactly `bytes.length` bytes. */
  decodeRecord(bytes: Uint8Array): TfsValue | undefined;
  /** Dictionary entry `index` (1 is the root tuple). */
  entry(index: number): DictEntry | undefined;
  readonly dictionarySize: number;
  /** Symbols written in full although already in the dictionary (breaks kernel appends, §B.10). */
  readonly duplicateSymbols: number;
  /** Each symbol's dictionary index (the last one, as the kernel's reversed table keeps). */
  readonly symbols: ReadonlyMap<string, number>;
}

const DELETE = Symbol('delete');
const text = new TextDecoder();

export function createRecordDecoder(version = 5): RecordDecoder {
  const dict: DictEntry[] = [];
  const symbolNames = new Map<string, number>();
  let duplicateSymbols = 0;

  function lookup(index: number, pos: number): DictEntry {
    const e = dict[index - 1];
    if (e === undefined) throw new RangeError(`reference to dictionary entry ${index}, which does not exist, at byte ${pos}`);
    return e;
  }

  function readName(bytes: Uint8Array, pos: number): { name: string; next: number } {
    const h = readValueHeader(bytes, pos, version);
    if (!h.immediate) {
      const e = lookup(h.length, pos);
      if (e.kind !== 'symbol') throw new RangeError(`name at byte ${pos} refers to a ${e.kind}, not a symbol`);
      return { name: e.name, next: h.next };
    }
    const end = h.next + h.length;
    if (end > bytes.length) throw truncated(bytes.length);
    const name = text.decode(bytes.subarray(h.next, end));
    if (symbolNames.has(name)) duplicateSymbols++;
    dict.push({ kind: 'symbol', name });
    symbolNames.set(name, dict.length);
    return { name, next: end };
  }

  function readValue(bytes: Uint8Array, pos: number): { value: TfsValue | typeof DELETE; next: number } {
    const h = readValueHeader(bytes, pos, version);
    let next = h.next;
    const type = version >= 5 ? h.type : h.type === 1 ? TYPE_TUPLE : 0;
    if (type === TYPE_TUPLE || type === TYPE_VECTOR) {
      let target: TfsTuple | TfsVector;
      if (h.immediate) {
        target = type === TYPE_TUPLE ? { kind: 'tuple', entries: new Map() } : { kind: 'vector', items: [] };
        dict.push(target);
      } else {
        const ref = readVarint(bytes, next);
        next = ref.next;
        const e = lookup(ref.value, pos);
        const want = type === TYPE_TUPLE ? 'tuple' : 'vector';
        if (e.kind !== want) throw new RangeError(`${want} reference at byte ${pos} points at a ${e.kind}`);
        target = e;
      }
      for (let i = 0; i < h.length; i++) {
        if (target.kind === 'tuple') {
          const n = readName(bytes, next);
          const v = readValue(bytes, n.next);
          next = v.next;
          if (v.value === DELETE) target.entries.delete(n.name);
          else target.entries.set(n.name, v.value);
        } else {
          const v = readValue(bytes, next);
          next = v.next;
          if (v.value !== DELETE) target.items[i] = v.value;
        }
      }
      return { value: target, next };
    }
    if (type === TYPE_INTEGER && version >= 5) {
      const v = readVarintBig(bytes, next);
      return { value: { kind: 'int', value: h.length === 1 ? -v.value : v.value }, next: v.next };
    }
    if (!h.immediate) {
      // A reference in a value slot: the kernel hands back the dictionary object itself.
      const e = lookup(h.length, pos);
      return { value: e.kind === 'symbol' ? e.name : e, next };
    }
    const end = next + h.length;
    if (end > bytes.length) throw truncated(bytes.length);
    const raw = bytes.subarray(next, end);
    if (type === TYPE_STRING && version >= 5) return { value: text.decode(raw), next: end };
    // Types 0 and 5-7 are untyped buffers; the empty one means "delete this key".
    if (h.length === 0) return { value: DELETE, next: end };
    return { value: { kind: 'buffer', bytes: raw.slice() }, next: end };
  }

  return {
    decodeRecord(bytes) {
      const { value, next } = readValue(bytes, 0);
      if (next !== bytes.length) {
        throw new RangeError(`record of ${bytes.length} bytes holds a value of ${next} bytes`);
      }
      return value === DELETE ? undefined : value;
    },
    entry: (index) => dict[index - 1],
    get dictionarySize() {
      return dict.length;
    },
    get duplicateSymbols() {
      return duplicateSymbols;
    },
    symbols: symbolNames,
  };
}
