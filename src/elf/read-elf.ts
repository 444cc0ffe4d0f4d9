// The file driver for parseElf: answers its byte-range requests with pread()s. Synchronous calls
// on purpose: a closure opens hundreds of files and does a few tiny reads in each, and a promise
// round trip through libuv's thread pool costs more than the read itself.
import { closeSync, openSync, readSync, fstatSync } from 'node:fs';
import { MinopsError } from '../errors.js';
import { hasElfMagic, parseElf } from './parse-elf.js';
import type { ElfInfo } from './elf-info.js';

/** Most files keep header, program headers, PT_INTERP and often PT_DYNAMIC in their first page. */
const FIRST_READ = 4096;
/** Reused: readElfSync is synchronous and decodes everything it returns before it returns. */
const scratch = Buffer.allocUnsafe(FIRST_READ);

export interface ElfFile {
  info: ElfInfo;
  size: number;
}

/** Reads the ElfInfo of `hostPath`; `label` (the guest path) names the file in errors. */
export function readElfSync(hostPath: string, label: string = hostPath): ElfFile {
  let fd: number;
  try {
    fd = openSync(hostPath, 'r');
  } catch (cause) {
    throw new MinopsError('INPUT_MISSING', `${label}: cannot open: ${(cause as Error).message}`, { where: { file: label }, cause });
  }
  try {
    const size = fstatSync(fd).size;
    const got = readSync(fd, scratch, 0, Math.min(FIRST_READ, size), 0);
    const head = scratch.subarray(0, got);
    const parse = parseElf(label);
    let step = parse.next();
    while (!step.done) {
      const { offset, length } = step.value;
      let bytes: Uint8Array;
      if (offset + length <= head.length) bytes = head.subarray(offset, offset + length);
      else if (offset >= size) bytes = new Uint8Array(0);
      else {
        const buf = Buffer.allocUnsafe(Math.min(length, size - offset));
        bytes = buf.subarray(0, readSync(fd, buf, 0, buf.length, offset));
      }
      step = parse.next(bytes);
    }
    return { info: step.value, size };
  } finally {
    closeSync(fd);
  }
}

/** True when the host file starts with the ELF magic (reads 4 bytes; false for unreadable files). */
export function isElfSync(hostPath: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(hostPath, 'r');
    const buf = Buffer.alloc(4);
    return readSync(fd, buf, 0, 4, 0) === 4 && hasElfMagic(buf);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export async function isElf(hostPath: string): Promise<boolean> {
  return isElfSync(hostPath);
}
