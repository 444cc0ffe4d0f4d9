// A qcow2 overlay over a raw image (the format QEMU's own -snapshot uses), written by us so that
// it can carry a few changed bytes from the start — a run's own arguments over a shared image —
// and so that it is a file we own: opened unnamed, handed to QEMU as a file descriptor, gone when
// the last descriptor closes, however QEMU and minops end. Layout (qcow2 version 3, 64 KiB
// clusters): header, refcount table, one refcount block, L1 table, one L2 table per 512 MiB
// touched, then one data cluster per cluster touched (the backing's bytes with the change on top).
import { readSync, writeSync } from 'node:fs';
import { MinopsError } from '../errors.js';
import type { ImagePatch } from './root-update.js';

const CLUSTER_BITS = 16;
const CLUSTER = 1 << CLUSTER_BITS;
const ENTRIES = CLUSTER / 8;
const HEADER_LENGTH = 104;
const COPIED = 1n << 63n;
const BACKING_FORMAT_EXTENSION = 0xe2792aca;

export interface OverlayOptions {
  /** The name QEMU opens the backing file by (e.g. `/proc/self/fd/4`). */
  backingName: string;
  /** An open descriptor of the same file, to read the clusters the patches change. */
  backingFd: number;
  /** Size of the backing image in bytes: the disk's size. */
  size: number;
  patches: readonly ImagePatch[];
}

export function writeQcow2Overlay(fd: number, o: OverlayOptions): void {
  const l1Size = Math.ceil(o.size / (CLUSTER * ENTRIES));
  if (l1Size > ENTRIES) throw new MinopsError('INTERNAL', `an overlay over ${o.size} bytes needs more than one L1 cluster`);
  const touched = [...new Set(o.patches.flatMap((p) => clustersOf(p)))].sort((a, b) => a - b);
  const l2Of = [...new Set(touched.map((c) => Math.floor(c / ENTRIES)))];
  const L1_AT = 3;
  const firstL2 = L1_AT + 1;
  const firstData = firstL2 + l2Of.length;
  const clusters = firstData + touched.length;
  if (clusters > CLUSTER / 2) throw new MinopsError('INTERNAL', 'an overlay patch spans too many clusters');

  const header = Buffer.alloc(CLUSTER);
  header.write('QFI\xfb', 0, 'latin1');
  header.writeUInt32BE(3, 4);
  const name = Buffer.from(o.backingName);
  const nameAt = HEADER_LENGTH + 16 + 8;
  header.writeBigUInt64BE(BigInt(nameAt), 8);
  header.writeUInt32BE(name.length, 16);
  header.writeUInt32BE(CLUSTER_BITS, 20);
  header.writeBigUInt64BE(BigInt(o.size), 24);
  header.writeUInt32BE(l1Size, 36);
  header.writeBigUInt64BE(BigInt(L1_AT * CLUSTER), 40);
  header.writeBigUInt64BE(BigInt(1 * CLUSTER), 48);
  header.writeUInt32BE(1, 56);
  header.writeUInt32BE(4, 96); // 16-bit refcounts
  header.writeUInt32BE(HEADER_LENGTH, 100);
  header.writeUInt32BE(BACKING_FORMAT_EXTENSION, HEADER_LENGTH);
  header.writeUInt32BE(3, HEADER_LENGTH + 4);
  header.write('raw', HEADER_LENGTH + 8, 'latin1');
  // The end-of-extensions marker is the 8 zero bytes that follow.
  name.copy(header, nameAt);

  const refTable = Buffer.alloc(CLUSTER);
  refTable.writeBigUInt64BE(BigInt(2 * CLUSTER), 0);
  const refBlock = Buffer.alloc(CLUSTER);
  for (let c = 0; c < clusters; c++) refBlock.writeUInt16BE(1, c * 2);
  const l1 = Buffer.alloc(CLUSTER);
  const l2s = l2Of.map(() => Buffer.alloc(CLUSTER));
  l2Of.forEach((index, i) => l1.writeBigUInt64BE(BigInt((firstL2 + i) * CLUSTER) | COPIED, index * 8));

  const out: Buffer[] = [header, refTable, refBlock, l1, ...l2s];
  touched.forEach((cluster, i) => {
    const host = firstData + i;
    l2s[l2Of.indexOf(Math.floor(cluster / ENTRIES))]!.writeBigUInt64BE(BigInt(host * CLUSTER) | COPIED, (cluster % ENTRIES) * 8);
    const data = Buffer.alloc(CLUSTER);
    readFully(o.backingFd, data, cluster * CLUSTER);
    for (const p of o.patches) overlay(data, cluster * CLUSTER, p);
    out.push(data);
  });
  writeFully(fd, Buffer.concat(out), 0);
}

function clustersOf(p: ImagePatch): number[] {
  if (p.bytes.length === 0) return [];
  const first = Math.floor(p.offset / CLUSTER);
  const last = Math.floor((p.offset + p.bytes.length - 1) / CLUSTER);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** The part of `p` that falls inside the cluster starting at byte `base`. */
function overlay(data: Buffer, base: number, p: ImagePatch): void {
  const from = Math.max(p.offset, base);
  const to = Math.min(p.offset + p.bytes.length, base + CLUSTER);
  if (from < to) data.set(p.bytes.subarray(from - p.offset, to - p.offset), from - base);
}

function readFully(fd: number, into: Buffer, position: number): void {
  let done = 0;
  while (done < into.length) {
    const n = readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) return; // past the end of the backing file: zeros, as QEMU reads them
    done += n;
  }
}

function writeFully(fd: number, data: Buffer, position: number): void {
  let done = 0;
  while (done < data.length) done += writeSync(fd, data, done, data.length - done, position + done);
}
