// PT_INTERP of an ELF file: the loader we must run the rootfs's interpreter through. Reads the
// ELF header and the program headers only. (The full ELF reader lives in src/elf/; this stage
// needs one field and must not wait on it.)
import { open } from 'node:fs/promises';
import { MinopsError } from '../errors.js';

const MAX_PHNUM = 512;

/** The PT_INTERP path, or undefined for a static executable. */
export async function readInterp(hostPath: string): Promise<string | undefined> {
  const fh = await open(hostPath, 'r');
  try {
    const head = Buffer.alloc(64);
    const { bytesRead } = await fh.read(head, 0, 64, 0);
    const bad = (what: string) => new MinopsError('ELF_MALFORMED', `${hostPath}: ${what}`, { where: { file: hostPath } });
    if (bytesRead < 52 || head.readUInt32BE(0) !== 0x7f454c46) throw bad('not an ELF file');
    const is64 = head[4] === 2;
    const le = head[5] === 1;
    const u16 = (b: Buffer, o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
    const u32 = (b: Buffer, o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
    const u64 = (b: Buffer, o: number) => Number(le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o));
    const phoff = is64 ? u64(head, 32) : u32(head, 28);
    const phentsize = u16(head, is64 ? 54 : 42);
    const phnum = u16(head, is64 ? 56 : 44);
    if (phnum > MAX_PHNUM || phentsize < (is64 ? 56 : 32)) throw bad(`bad program header table (${phnum} × ${phentsize})`);
    const table = Buffer.alloc(phnum * phentsize);
    await fh.read(table, 0, table.length, phoff);
    for (let i = 0; i < phnum; i++) {
      const ph = table.subarray(i * phentsize);
      if (u32(ph, 0) !== 3) continue; // PT_INTERP
      const offset = is64 ? u64(ph, 8) : u32(ph, 4);
      const size = is64 ? u64(ph, 32) : u32(ph, 16);
      if (size === 0 || size > 4096) throw bad(`PT_INTERP of ${size} bytes`);
      const text = Buffer.alloc(size);
      await fh.read(text, 0, size, offset);
      return text.toString('latin1').replace(/\0.*$/s, '');
    }
    return undefined;
  } finally {
    await fh.close();
  }
}
