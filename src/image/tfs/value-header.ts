// The header in front of every encoded value (spec §B.6.2): immediate bit, type, and a length
// whose high bits spill into extra big-endian 7-bit bytes when it needs more than 3 bits.
import type { ByteSink } from './byte-sink.js';
import { truncated } from './truncated.js';

export const TYPE_BUFFER = 0;
export const TYPE_TUPLE = 1;
export const TYPE_VECTOR = 2;
export const TYPE_INTEGER = 3;
export const TYPE_STRING = 4;

export interface ValueHeader {
  immediate: boolean;
  type: number;
  length: number;
}

export function pushValueHeader(sink: ByteSink, immediate: boolean, type: number, length: number): void {
  const lead = (immediate ? 0x80 : 0) | (type << 4);
  if (length < 8) {
    sink.push(lead | length);
    return;
  }
  const bits = Math.floor(Math.log2(length)) + 1;
  const words = Math.ceil((bits - 3) / 7);
  sink.push(lead | 0x08 | Math.floor(length / 2 ** (7 * words)));
  for (let i = words - 1; i >= 0; i--) sink.push((Math.floor(length / 2 ** (7 * i)) & 0x7f) | (i > 0 ? 0x80 : 0));
}

/** Decode a header; `version` 4 is the old layout (bit 6 = tuple, bit 5 = X, 5 length bits). */
export function readValueHeader(bytes: Uint8Array, pos: number, version: number): ValueHeader & { next: number } {
  const b = bytes[pos];
  if (b === undefined) throw truncated(pos);
  const immediate = (b & 0x80) !== 0;
  let type: number;
  let extended: boolean;
  let length: number;
  if (version >= 5) {
    type = (b >> 4) & 7;
    extended = (b & 0x08) !== 0;
    length = b & 7;
  } else {
    type = (b >> 6) & 1;
    extended = (b & 0x20) !== 0;
    length = b & 0x1f;
  }
  let next = pos + 1;
  if (extended) {
    for (let i = 0; ; i++) {
      const c = bytes[next];
      if (c === undefined) throw truncated(next);
      if (i >= 8) throw new RangeError(`value header too long at byte ${pos}`);
      length = length * 128 + (c & 0x7f);
      next++;
      if ((c & 0x80) === 0) break;
    }
  }
  return { immediate, type, length, next };
}
