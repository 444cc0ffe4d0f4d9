// A minimal ELF image built byte by byte, for the classes and byte orders gcc here cannot make
// (32-bit, big-endian): ELF header, PT_LOAD over the whole file, PT_INTERP, PT_DYNAMIC, .dynstr.

export interface ElfSpec {
  elfClass: 32 | 64;
  endian: 'little' | 'big';
  machine: number;
  type?: number;
  interp?: string;
  needed?: string[];
  soname?: string;
  rpath?: string;
  runpath?: string;
}

const BASE = 0x10000;

export function elfBytes(spec: ElfSpec): Uint8Array {
  const is64 = spec.elfClass === 64;
  const le = spec.endian === 'little';
  const ehsize = is64 ? 64 : 52;
  const phentsize = is64 ? 56 : 32;
  const word = is64 ? 8 : 4;
  const enc = new TextEncoder();

  const strings: number[] = [0];
  const strOff = (s: string): number => {
    const at = strings.length;
    strings.push(...enc.encode(s), 0);
    return at;
  };
  const dyn: [number, number][] = [];
  for (const n of spec.needed ?? []) dyn.push([1, strOff(n)]);
  if (spec.soname !== undefined) dyn.push([14, strOff(spec.soname)]);
  if (spec.rpath !== undefined) dyn.push([15, strOff(spec.rpath)]);
  if (spec.runpath !== undefined) dyn.push([29, strOff(spec.runpath)]);

  const phoff = ehsize;
  const interpOff = phoff + 3 * phentsize;
  const interpBytes = spec.interp !== undefined ? [...enc.encode(spec.interp), 0] : [];
  const strtabOff = interpOff + interpBytes.length;
  const dynOff = Math.ceil((strtabOff + strings.length) / 8) * 8;
  dyn.push([5, BASE + strtabOff], [10, strings.length], [0, 0]);
  const total = dynOff + dyn.length * 2 * word;

  const b = new Uint8Array(total);
  const dv = new DataView(b.buffer);
  const put = (at: number, size: 2 | 4 | 8, v: number): void => {
    if (size === 2) dv.setUint16(at, v, le);
    else if (size === 4) dv.setUint32(at, v, le);
    else dv.setBigUint64(at, BigInt(v), le);
  };
  const addr = (at: number, v: number): void => put(at, is64 ? 8 : 4, v);
  b.set([0x7f, 0x45, 0x4c, 0x46, is64 ? 2 : 1, le ? 1 : 2, 1, 0]);
  put(16, 2, spec.type ?? 3);
  put(18, 2, spec.machine);
  put(20, 4, 1);
  addr(is64 ? 32 : 28, phoff);
  put(is64 ? 52 : 40, 2, ehsize);
  put(is64 ? 54 : 42, 2, phentsize);
  put(is64 ? 56 : 44, 2, 3);

  const ph = (i: number, type: number, offset: number, filesz: number): void => {
    const at = phoff + i * phentsize;
    put(at, 4, type);
    addr(at + (is64 ? 8 : 4), offset);
    addr(at + (is64 ? 16 : 8), BASE + offset);
    addr(at + (is64 ? 24 : 12), BASE + offset);
    addr(at + (is64 ? 32 : 16), filesz);
    addr(at + (is64 ? 40 : 20), filesz);
  };
  ph(0, 1, 0, total);
  ph(1, spec.interp !== undefined ? 3 : 4 /* PT_NOTE stands in */, interpOff, interpBytes.length);
  ph(2, 2, dynOff, dyn.length * 2 * word);
  b.set(interpBytes, interpOff);
  b.set(strings, strtabOff);
  dyn.forEach(([tag, value], i) => {
    addr(dynOff + i * 2 * word, tag);
    addr(dynOff + i * 2 * word + word, value);
  });
  return b;
}
