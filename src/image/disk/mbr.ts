// MBR partition entries as mkfs writes them (spec §B.3): every entry active (0x80), CHS from
// mkfs's own formula, and the reader rule that an ESP (0xEF) in entry 0 shifts boot and root.
import { BLOCK } from '../tfs/log-format.js';

export const MBR_TABLE_AT = 0x1be;
export const MBR_SIGNATURE_AT = 0x1fe;
export const PARTITION_ESP = 0xef;
export const PARTITION_TFS = 0x83;

export interface Partition {
  type: number;
  /** Byte offset and length. */
  offset: number;
  size: number;
}

/** mkfs's `mbr_chs`: not the standard packing, but it is what every Nanos image carries. */
export function mbrChs(offset: number): [number, number, number] {
  const s = Math.floor(offset / BLOCK);
  let cyl = Math.floor(s / 63 / 255);
  let head = Math.floor(s / 63) % 255;
  let sec = (s % 63) + 1;
  if (cyl > 1023) {
    cyl = 1023;
    head = 254;
    sec = 63;
  }
  return [head, ((cyl >> 8) | sec) & 0xff, cyl & 0xff];
}

/** Write the partition table and signature into sector 0 (`sector0` is modified). */
export function writePartitionTable(sector0: Uint8Array, parts: readonly Partition[]): void {
  const view = new DataView(sector0.buffer, sector0.byteOffset, sector0.byteLength);
  sector0.fill(0, MBR_TABLE_AT, MBR_SIGNATURE_AT);
  parts.forEach((p, i) => {
    const at = MBR_TABLE_AT + 16 * i;
    sector0[at] = 0x80;
    sector0.set(mbrChs(p.offset), at + 1);
    sector0[at + 4] = p.type;
    sector0.set(mbrChs(p.offset + p.size - BLOCK), at + 5);
    view.setUint32(at + 8, p.offset / BLOCK, true);
    view.setUint32(at + 12, p.size / BLOCK, true);
  });
  sector0[MBR_SIGNATURE_AT] = 0x55;
  sector0[MBR_SIGNATURE_AT + 1] = 0xaa;
}

export const hasMbrSignature = (sector0: Uint8Array): boolean =>
  sector0[MBR_SIGNATURE_AT] === 0x55 && sector0[MBR_SIGNATURE_AT + 1] === 0xaa;

/** The four table entries; empty ones have size 0. */
export function readPartitionTable(sector0: Uint8Array): Partition[] {
  const view = new DataView(sector0.buffer, sector0.byteOffset, sector0.byteLength);
  return [0, 1, 2, 3].map((i) => {
    const at = MBR_TABLE_AT + 16 * i;
    return { type: sector0[at + 4]!, offset: view.getUint32(at + 8, true) * BLOCK, size: view.getUint32(at + 12, true) * BLOCK };
  });
}

/** The kernel's `partition_get`: boot and root entries, shifted by one when entry 0 is an ESP. */
export function findNanosPartitions(sector0: Uint8Array): { esp?: Partition; boot: Partition; root: Partition } {
  const t = readPartitionTable(sector0);
  return t[0]!.type === PARTITION_ESP ? { esp: t[0]!, boot: t[1]!, root: t[2]! } : { boot: t[0]!, root: t[1]! };
}
