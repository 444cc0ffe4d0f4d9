// The EFI System Partition mkfs writes with -u (spec §B.5): a fixed, hand-laid FAT32 volume with
// one file, EFI/Boot/bootx64.efi (or bootaa64.efi). Only the first sectors and the loader are
// returned; the rest of the 33 MiB partition is zeros.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MinopsError } from '../../errors.js';

const SECTOR = 512;
const TOTAL_SECTORS = 0x106cc;
const RESERVED_SECTORS = 32;
const FAT_SECTORS = 0x206;
const FAT1_AT = RESERVED_SECTORS * SECTOR; // 0x4000
const DATA_AT = (RESERVED_SECTORS + 2 * FAT_SECTORS) * SECTOR; // 0x85800; FAT #2 stays zero
const clusterAt = (n: number): number => DATA_AT + (n - 2) * SECTOR;
const LOADER_CLUSTER = 5;
const EOC = 0x0fffffff;

function bootSector(): Uint8Array {
  const b = Buffer.alloc(SECTOR);
  b.set([0xeb, 0x58, 0x90], 0);
  b.write('mkfs.fat', 3, 'latin1');
  b.writeUInt16LE(SECTOR, 0x0b);
  b[0x0d] = 1; // sectors per cluster
  b.writeUInt16LE(RESERVED_SECTORS, 0x0e);
  b[0x10] = 2; // FATs
  b[0x15] = 0xf8; // media
  b.writeUInt16LE(32, 0x18); // sectors per track
  b.writeUInt16LE(64, 0x1a); // heads
  b.writeUInt32LE(TOTAL_SECTORS, 0x20);
  b.writeUInt32LE(FAT_SECTORS, 0x24);
  b.writeUInt32LE(2, 0x2c); // root cluster
  b.writeUInt16LE(1, 0x30); // FSInfo sector
  b.writeUInt16LE(6, 0x32); // backup boot sector
  b[0x40] = 0x80; // drive number
  b[0x42] = 0x29; // extended boot signature
  b.set([0x9e, 0xf9, 0x43, 0xdf], 0x43); // volume ID
  b.write('NO NAME    ', 0x47, 'latin1');
  b.write('FAT32   ', 0x52, 'latin1');
  b.set([0x55, 0xaa], 0x1fe);
  return b;
}

function fsInfo(): Uint8Array {
  const b = Buffer.alloc(SECTOR);
  b.write('RRaA', 0, 'latin1');
  b.write('rrAa', 0x1e4, 'latin1');
  b.writeUInt32LE(0x000101ae, 0x1e8); // free clusters
  b.writeUInt32LE(0xf3, 0x1ec); // next free
  b.set([0x55, 0xaa], 0x1fe);
  return b;
}

const shortNameChecksum = (name: string): number => {
  let sum = 0;
  for (const c of Buffer.from(name, 'latin1')) sum = (((sum & 1) << 7) + (sum >> 1) + c) & 0xff;
  return sum;
};

/** FAT {time, date} pairs; the same constants mkfs uses, so the ESP is the same bytes. */
type Stamp = readonly [time: number, date: number];
const ROOT_STAMP: Stamp = [0x3960, 0x527c]; // 2021-03-28 07:11:00
const TREE_STAMP: Stamp = [0x9c8f, 0x527b]; // 2021-03-27 19:36:30

function dirEntry(b: Buffer, at: number, name: string, attr: number, cluster: number, stamp: Stamp, size = 0): void {
  b.write(name, at, 'latin1');
  b[at + 11] = attr;
  const [time, date] = stamp;
  b.writeUInt16LE(time, at + 14); // created
  b.writeUInt16LE(date, at + 16);
  b.writeUInt16LE(date, at + 18); // accessed
  b.writeUInt16LE(time, at + 22); // written
  b.writeUInt16LE(date, at + 24);
  b.writeUInt16LE(cluster >> 16, at + 20);
  b.writeUInt16LE(cluster & 0xffff, at + 26);
  b.writeUInt32LE(size, at + 28);
}

/** One long-file-name entry (names of up to 13 characters) for the 8.3 entry `short`. */
function lfnEntry(b: Buffer, at: number, long: string, short: string): void {
  const chars = [...long].map((c) => c.charCodeAt(0));
  const slots = Array.from({ length: 13 }, (_, i) => (i < chars.length ? chars[i]! : i === chars.length ? 0 : 0xffff));
  b[at] = 0x41; // sequence 1, last
  b[at + 11] = 0x0f;
  b[at + 13] = shortNameChecksum(short);
  const offsets = [1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30];
  slots.forEach((c, i) => b.writeUInt16LE(c, at + offsets[i]!));
}

export function buildEsp(loader: string): Uint8Array {
  const name = path.basename(loader).toLowerCase();
  if (!name.endsWith('bootx64.efi') && !name.endsWith('bootaa64.efi')) {
    throw new MinopsError('USAGE', `the EFI loader's name must end in bootx64.efi or bootaa64.efi (as mkfs requires)`, { where: { file: loader } });
  }
  const arm = name.endsWith('bootaa64.efi');
  let data: Buffer;
  try {
    data = readFileSync(loader);
  } catch (e) {
    throw new MinopsError('INPUT_MISSING', `cannot read the EFI loader: ${(e as Error).message}`, { where: { file: loader }, cause: e });
  }
  const clusters = Math.ceil(data.length / SECTOR);
  if (LOADER_CLUSTER + clusters + 2 > TOTAL_SECTORS - DATA_AT / SECTOR) {
    throw new MinopsError('IMAGE_TOO_SMALL', `the EFI loader (${data.length} bytes) does not fit in the EFI System Partition`, { where: { file: loader } });
  }
  const esp = Buffer.alloc(clusterAt(LOADER_CLUSTER) + clusters * SECTOR);
  const vbr = bootSector();
  esp.set(vbr, 0);
  esp.set(fsInfo(), SECTOR);
  esp.set(vbr, 6 * SECTOR);
  const fat = [0x0ffffff8, EOC, 0x0ffffff8, EOC, EOC];
  // mkfs's chain runs one entry past the file, then ends: harmless, and kept for identical bytes.
  for (let k = LOADER_CLUSTER; k <= LOADER_CLUSTER + clusters; k++) fat.push(k + 1);
  fat.push(EOC);
  fat.forEach((v, i) => esp.writeUInt32LE(v, FAT1_AT + 4 * i));

  dirEntry(esp, clusterAt(2), 'EFI        ', 0x10, 3, ROOT_STAMP);
  const efi = clusterAt(3);
  dirEntry(esp, efi, '.          ', 0x10, 3, TREE_STAMP);
  dirEntry(esp, efi + 32, '..         ', 0x10, 0, TREE_STAMP);
  lfnEntry(esp, efi + 64, 'Boot', 'BOOT       ');
  dirEntry(esp, efi + 96, 'BOOT       ', 0x10, 4, TREE_STAMP);
  const boot = clusterAt(4);
  const short = arm ? 'BOOTAA64EFI' : 'BOOTX64 EFI';
  dirEntry(esp, boot, '.          ', 0x10, 4, TREE_STAMP);
  dirEntry(esp, boot + 32, '..         ', 0x10, 3, TREE_STAMP);
  lfnEntry(esp, boot + 64, arm ? 'bootaa64.efi' : 'bootx64.efi', short);
  dirEntry(esp, boot + 96, short, 0x20, LOADER_CLUSTER, TREE_STAMP, data.length);
  esp.set(data, clusterAt(LOADER_CLUSTER));
  return esp;
}
