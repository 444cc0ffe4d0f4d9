// The rootfs's glibc version, without running it: before 2.34 libc.so.6 is a link to libc-2.X.so;
// from 2.34 on it is the file itself and its banner ("GNU C Library ... release version 2.36")
// is read from its bytes.
import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';

const CHUNK = 1 << 16;
const BANNER = /GNU C Library[^\n\0]{0,200}?version (\d+)\.(\d+)/;

export interface GlibcVersion {
  major: number;
  minor: number;
}

/** From a libc file name such as libc-2.31.so; undefined for libc.so.6. */
export function glibcVersionFromName(fileName: string): GlibcVersion | undefined {
  const m = /^libc-(\d+)\.(\d+)(?:\.\d+)?\.so$/.exec(path.posix.basename(fileName));
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

/** Scans a libc file for its version banner, chunk by chunk (the banner sits in .rodata). */
export function glibcVersionFromFile(hostPath: string): GlibcVersion | undefined {
  const fd = openSync(hostPath, 'r');
  try {
    const buf = Buffer.alloc(CHUNK + 512);
    let carry = 0; // bytes kept from the previous chunk, so a banner split across two is still seen
    for (let pos = 0; ; ) {
      const got = readSync(fd, buf, carry, CHUNK, pos);
      if (got <= 0) return undefined;
      pos += got;
      const length = carry + got;
      const m = BANNER.exec(buf.toString('latin1', 0, length));
      if (m) return { major: Number(m[1]), minor: Number(m[2]) };
      carry = Math.min(512, length);
      buf.copyWithin(0, length - carry, length);
    }
  } finally {
    closeSync(fd);
  }
}
