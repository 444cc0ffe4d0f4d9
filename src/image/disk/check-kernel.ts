// stage2 loads /kernel of the boot FS as an ELF and jumps to it: refuse anything that is not an
// x86-64 ELF before it ends up in an image that can never boot.
import { closeSync, openSync, readSync } from 'node:fs';
import { MinopsError } from '../../errors.js';

const EM_X86_64 = 62;

export function checkKernel(file: string): void {
  const head = Buffer.alloc(20);
  let n = 0;
  try {
    const fd = openSync(file, 'r');
    try {
      n = readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw new MinopsError('KERNEL_MISSING', `cannot read the kernel: ${(e as Error).message}`, { where: { file }, cause: e });
  }
  const elf = n === head.length && head.readUInt32BE(0) === 0x7f454c46;
  if (!elf || head[4] !== 2 || head[5] !== 1 || head.readUInt16LE(18) !== EM_X86_64) {
    const what = !elf ? 'not an ELF file' : `an ELF file for machine ${head.readUInt16LE(18)}, class ${head[4]}`;
    throw new MinopsError('KERNEL_INVALID', `the kernel is not an x86-64 ELF (${what})`, {
      where: { file },
      hint: 'Give the Nanos kernel.img (output/platform/pc/bin/kernel.img).',
    });
  }
}
