// Encodes metadata records with the log-wide dictionary (spec §B.6.3, write rules §B.10): every
// symbol is written in full once per log and referenced by index afterwards, every tuple or vector
// written in full gets the next index, and a tuple met a second time becomes a reference (a hard
// link). The encoder lives as long as the log does, so the counter runs across records.
import { ByteSink } from './byte-sink.js';
import type { TfsValue } from './value.js';
import {
  pushValueHeader,
  TYPE_BUFFER,
  TYPE_INTEGER,
  TYPE_STRING,
  TYPE_TUPLE,
  TYPE_VECTOR,
} from './value-header.js';
import { pushVarint } from './varint.js';

export interface RecordEncoder {
  encodeRecord(value: TfsValue): Uint8Array;
  /** An update record: `entries` merged into the tuple that is dictionary entry `index`
   * (1 is the root), as the kernel writes its own changes. */
  encodeUpdate(index: number, entries: ReadonlyMap<string, TfsValue>): Uint8Array;
  /** Dictionary entries assigned so far. */
  readonly dictionarySize: number;
}

/** The dictionary of a log already on disk, for records appended to it. */
export interface DictionaryState {
  readonly dictionarySize: number;
  readonly symbols: ReadonlyMap<string, number>;
}

const utf8 = new TextEncoder();

export function createRecordEncoder(start?: DictionaryState): RecordEncoder {
  const symbols = new Map<string, number>(start?.symbols ?? []);
  const objects = new Map<object, number>();
  let count = start?.dictionarySize ?? 0;

  function pushName(sink: ByteSink, name: string): void {
    const index = symbols.get(name);
    if (index !== undefined) {
      pushValueHeader(sink, false, TYPE_BUFFER, index);
      return;
    }
    symbols.set(name, ++count);
    const bytes = utf8.encode(name);
    pushValueHeader(sink, true, TYPE_BUFFER, bytes.length);
    sink.pushBytes(bytes);
  }

  function pushEntries(sink: ByteSink, entries: ReadonlyMap<string, TfsValue>): void {
    for (const [name, value] of entries) {
      pushName(sink, name);
      pushValue(sink, value);
    }
  }

  function pushValue(sink: ByteSink, v: TfsValue): void {
    if (typeof v === 'string') {
      const bytes = utf8.encode(v);
      pushValueHeader(sink, true, TYPE_STRING, bytes.length);
      sink.pushBytes(bytes);
      return;
    }
    switch (v.kind) {
      case 'int': {
        const negative = v.value < 0n;
        pushValueHeader(sink, true, TYPE_INTEGER, negative ? 1 : 0);
        pushVarint(sink, negative ? -v.value : v.value);
        return;
      }
      case 'buffer':
        pushValueHeader(sink, true, TYPE_BUFFER, v.bytes.length);
        sink.pushBytes(v.bytes);
        return;
      case 'tuple':
      case 'vector': {
        const type = v.kind === 'tuple' ? TYPE_TUPLE : TYPE_VECTOR;
        const seen = objects.get(v);
        if (seen !== undefined) {
          pushValueHeader(sink, false, type, 0);
          pushVarint(sink, seen);
          return;
        }
        // The index is taken before the contents, as the reader assigns it (pre-order).
        objects.set(v, ++count);
        if (v.kind === 'tuple') {
          pushValueHeader(sink, true, type, v.entries.size);
          pushEntries(sink, v.entries);
        } else {
          pushValueHeader(sink, true, type, v.items.length);
          for (const item of v.items) pushValue(sink, item);
        }
        return;
      }
    }
  }

  return {
    encodeRecord(value) {
      const sink = new ByteSink();
      pushValue(sink, value);
      return sink.bytes();
    },
    encodeUpdate(index, entries) {
      const sink = new ByteSink();
      pushValueHeader(sink, false, TYPE_TUPLE, entries.size);
      pushVarint(sink, index);
      pushEntries(sink, entries);
      return sink.bytes();
    },
    get dictionarySize() {
      return count;
    },
  };
}
