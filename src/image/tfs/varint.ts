// The TFS varint (spec §B.6.1): unsigned, big-endian groups of 7 bits, bit 7 set on every byte but
// the last. Not LEB128.
import type { ByteSink } from './byte-sink.js';
import { truncated } from './truncated.js';

export function pushVarint(sink: ByteSink, n: number | bigint): void {
  if (n < 128 && n >= 0) {
    sink.push(Number(n));
    return;
  }
  if (n <= Number.MAX_SAFE_INTEGER && n > 0) {
    // Number arithmetic: BigInt shifts are slow, and block numbers and sizes fit in 53 bits.
    let v = Number(n);
    let shift = 1;
    while (v >= 128 ** shift) shift++;
    for (let i = shift - 1; i >= 0; i--) sink.push((Math.floor(v / 128 ** i) & 0x7f) | (i > 0 ? 0x80 : 0));
    return;
  }
  const groups: number[] = [];
  let v = BigInt(n);
  if (v < 0n) throw new RangeError(`varint of a negative number ${n}`);
  do {
    groups.push(Number(v & 0x7fn));
    v >>= 7n;
  } while (v > 0n);
  for (let i = groups.length - 1; i >= 0; i--) sink.push(groups[i]! | (i > 0 ? 0x80 : 0));
}

/** The TFS allows at most 10 varint bytes (`tlog.c:L30`). */
export const MAX_VARINT_BYTES = 10;

/** Decode a varint at `pos`; the value as a bigint (integers in the log may exceed 2^53). */
export function readVarintBig(bytes: Uint8Array, pos: number): { value: bigint; next: number } {
  let value = 0n;
  for (let i = 0; i < MAX_VARINT_BYTES; i++) {
    const b = bytes[pos + i];
    if (b === undefined) throw truncated(pos);
    value = (value << 7n) | BigInt(b & 0x7f);
    if ((b & 0x80) === 0) return { value, next: pos + i + 1 };
  }
  throw new RangeError(`varint longer than ${MAX_VARINT_BYTES} bytes at byte ${pos}`);
}

/** Decode a varint used as a length, index or block number: it must fit a safe integer. */
export function readVarint(bytes: Uint8Array, pos: number): { value: number; next: number } {
  const { value, next } = readVarintBig(bytes, pos);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`varint ${value} too large at byte ${pos}`);
  return { value: Number(value), next };
}
