// Which of the formats minops writes a file is in, from its own bytes (never its name): qcow2 and
// VMDK sparse/stream files start with a magic, a VHD carries a "conectix" footer (a fixed VHD is
// raw data plus that footer, so it is checked before raw), a GCE archive is gzip, a containerDisk
// archive is a tar, and a raw Nanos disk starts with an MBR or a TFS.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { hasMbrSignature } from '../disk/mbr.js';
import { hasTfsMagic } from '../tfs/superblock.js';
import type { ImageFormat } from './image-format.js';

const SECTOR = 512;

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buffer, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return buffer.subarray(0, done);
}

const startsWith = (bytes: Buffer, text: string, at = 0): boolean => bytes.subarray(at, at + text.length).toString('latin1') === text;

/** Pure: the format the first and last sectors say, or undefined for anything else. */
export function formatFromBytes(head: Buffer, tail: Buffer): ImageFormat | undefined {
  if (startsWith(head, 'QFI\xfb')) return 'qcow2';
  if (startsWith(head, 'KDMV') || startsWith(head, '# Disk DescriptorFile')) return 'vmdk';
  if (startsWith(tail, 'conectix') || startsWith(head, 'conectix')) return 'vhd';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gce';
  if (startsWith(head, 'ustar', 257)) return 'containerdisk';
  if (head.length === SECTOR && (hasMbrSignature(head) || hasTfsMagic(head))) return 'raw';
  return undefined;
}

export function detectImageFormat(file: string): ImageFormat | undefined {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    return formatFromBytes(readAt(fd, 0, SECTOR), readAt(fd, Math.max(0, size - SECTOR), SECTOR));
  } finally {
    closeSync(fd);
  }
}
