// A synthetic boot.img for layout tests (no real Nanos boot.img in CI): sector 0 with the 55 AA
// signature and the stage2 region record {base 0x8000, length N, type 12} at 0x1AA, then N bytes
// of recognisable "stage2".
import { writeFileSync } from 'node:fs';

export function synthBootImg(file: string, stage2Size = 8192, opts: { signature?: boolean; regionType?: number } = {}): Buffer {
  const img = Buffer.alloc(512 + stage2Size);
  for (let i = 0; i < 0x1aa; i++) img[i] = (i * 7 + 1) & 0xff; // stage1 "code"
  img.writeBigUInt64LE(0x8000n, 0x1aa);
  img.writeBigUInt64LE(BigInt(stage2Size), 0x1b2);
  img.writeUInt32LE(opts.regionType ?? 12, 0x1ba);
  if (opts.signature ?? true) img.set([0x55, 0xaa], 0x1fe);
  for (let i = 512; i < img.length; i++) img[i] = (i * 13 + 5) & 0xff;
  writeFileSync(file, img);
  return img;
}

/** Any x86-64 ELF will do as a kernel for layout tests. */
export const x86Elf = '/bin/true';
