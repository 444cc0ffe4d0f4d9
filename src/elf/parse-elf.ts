// The ELF codec. It asks for byte ranges instead of taking a whole file, so a driver reads only
// the header, the program headers, PT_INTERP, PT_DYNAMIC and the few strings it names: a few KB
// even for a 5 MB libcrypto. elfy reads whole files and does not decode the dynamic section, so
// this reader is ours. Strings are found through the PT_LOAD mapping of DT_STRTAB, never through
// section headers, so stripped files work. Every count and length is capped before it is read.
import { MinopsError } from '../errors.js';
import {
  DT_FLAGS_1, DT_NEEDED, DT_NULL, DT_RPATH, DT_RUNPATH, DT_SONAME, DT_STRSZ, DT_STRTAB,
  PT_DYNAMIC, PT_INTERP, PT_LOAD, limits, type ElfInfo,
} from './elf-info.js';

export interface ByteRange {
  offset: number;
  length: number;
}

/** Yields the ranges it needs; the driver answers each with those bytes (shorter at end of file). */
export type ElfParse = Generator<ByteRange, ElfInfo, Uint8Array>;

interface Segment {
  type: number;
  offset: number;
  vaddr: number;
  filesz: number;
}

const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46];
const PN_XNUM = 0xffff;
const utf8 = new TextDecoder('utf-8');

export const hasElfMagic = (bytes: Uint8Array): boolean =>
  bytes.length >= 4 && ELF_MAGIC.every((b, i) => bytes[i] === b);

/** Parses one ELF file; `file` names it in errors. */
export function* parseElf(file: string): ElfParse {
  const fail = (what: string, entry?: string): MinopsError =>
    new MinopsError('ELF_MALFORMED', `${file}: ${what}`, {
      where: { file, entry },
      hint: 'The file is truncated or not a valid ELF object; replace it or leave it out of the image.',
    });
  const need = function* (offset: number, length: number, what: string): Generator<ByteRange, DataView, Uint8Array> {
    if (offset + length > Number.MAX_SAFE_INTEGER) throw fail(`${what} lies past any possible file end`, what);
    const bytes = yield { offset, length };
    if (bytes.length < length) throw fail(`${what} extends past the end of the file (needs bytes ${offset}..${offset + length})`, what);
    return new DataView(bytes.buffer, bytes.byteOffset, length);
  };

  const ident = yield* need(0, 16, 'ELF header');
  if (!ELF_MAGIC.every((b, i) => ident.getUint8(i) === b)) throw fail('not an ELF file (bad magic)');
  const classByte = ident.getUint8(4);
  const dataByte = ident.getUint8(5);
  if (classByte !== 1 && classByte !== 2) throw fail(`unknown ELF class ${classByte}`, 'e_ident');
  if (dataByte !== 1 && dataByte !== 2) throw fail(`unknown ELF data encoding ${dataByte}`, 'e_ident');
  const is64 = classByte === 2;
  const le = dataByte === 1;
  const word = is64 ? 8 : 4;
  const read = (v: DataView, at: number, size: 2 | 4 | 8, what: string): number => {
    if (size === 2) return v.getUint16(at, le);
    if (size === 4) return v.getUint32(at, le);
    const n = v.getBigUint64(at, le);
    if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw fail(`${what} 0x${n.toString(16)} is out of range`, what);
    return Number(n);
  };
  const addr = (v: DataView, at: number, what: string): number => read(v, at, is64 ? 8 : 4, what);

  const header = yield* need(0, is64 ? 64 : 52, 'ELF header');
  const type = read(header, 16, 2, 'e_type');
  const machine = read(header, 18, 2, 'e_machine');
  const phoff = addr(header, is64 ? 32 : 28, 'e_phoff');
  const phentsize = read(header, is64 ? 54 : 42, 2, 'e_phentsize');
  const phnum = read(header, is64 ? 56 : 44, 2, 'e_phnum');
  const info: ElfInfo = {
    elfClass: is64 ? 64 : 32, endian: le ? 'little' : 'big', machine, osabi: ident.getUint8(7), type,
    dynamic: false, needed: [], flags1: 0,
  };
  if (phnum === 0) return info;
  if (phnum === PN_XNUM) throw fail('e_phnum is PN_XNUM (program header count in section 0), which loaders do not support', 'e_phnum');
  if (phnum > limits.maxProgramHeaders) throw fail(`e_phnum ${phnum} is over the limit of ${limits.maxProgramHeaders}`, 'e_phnum');
  const phsize = is64 ? 56 : 32;
  if (phentsize !== phsize) throw fail(`e_phentsize is ${phentsize}, expected ${phsize}`, 'e_phentsize');

  const ph = yield* need(phoff, phnum * phsize, 'program headers');
  const segments: Segment[] = [];
  for (let i = 0; i < phnum; i++) {
    const at = i * phsize;
    const what = `program header ${i}`;
    segments.push({
      type: read(ph, at, 4, what),
      offset: addr(ph, at + (is64 ? 8 : 4), `${what} p_offset`),
      vaddr: addr(ph, at + (is64 ? 16 : 8), `${what} p_vaddr`),
      filesz: addr(ph, at + (is64 ? 32 : 16), `${what} p_filesz`),
    });
  }

  // Like the loader, only the first PT_INTERP and the first PT_DYNAMIC count.
  const interp = segments.find((s) => s.type === PT_INTERP);
  if (interp) {
    if (interp.filesz === 0 || interp.filesz > limits.maxName + 1) throw fail(`PT_INTERP size ${interp.filesz} is not 1..${limits.maxName + 1}`, 'PT_INTERP');
    const v = yield* need(interp.offset, interp.filesz, 'PT_INTERP');
    const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    const end = bytes.indexOf(0);
    if (end <= 0) throw fail(end === 0 ? 'PT_INTERP is empty' : 'PT_INTERP has no terminating NUL', 'PT_INTERP');
    info.interp = utf8.decode(bytes.subarray(0, end));
  }

  const dyn = segments.find((s) => s.type === PT_DYNAMIC);
  if (!dyn) return info;
  info.dynamic = true;
  const entsize = 2 * word;
  const entries = Math.min(Math.floor(dyn.filesz / entsize), limits.maxDynamicEntries);
  const dv = yield* need(dyn.offset, entries * entsize, 'PT_DYNAMIC');
  const neededAt: number[] = [];
  let sonameAt: number | undefined;
  let rpathAt: number | undefined;
  let runpathAt: number | undefined;
  let strtab: number | undefined;
  let strsz: number | undefined;
  let terminated = false;
  for (let i = 0; i < entries; i++) {
    const at = i * entsize;
    // d_tag is signed; every tag minops reads is small and positive, so the low bits decide.
    const tag = is64 ? Number(BigInt.asIntN(64, dv.getBigUint64(at, le))) : dv.getInt32(at, le);
    if (tag === DT_NULL) {
      terminated = true;
      break;
    }
    const value = (what: string): number => addr(dv, at + word, what);
    if (tag === DT_NEEDED) {
      if (neededAt.length >= limits.maxNeeded) throw fail(`more than ${limits.maxNeeded} DT_NEEDED entries`, 'DT_NEEDED');
      neededAt.push(value('DT_NEEDED'));
    } else if (tag === DT_SONAME) sonameAt = value('DT_SONAME');
    else if (tag === DT_RPATH) rpathAt = value('DT_RPATH');
    else if (tag === DT_RUNPATH) runpathAt = value('DT_RUNPATH');
    else if (tag === DT_STRTAB) strtab = value('DT_STRTAB');
    else if (tag === DT_STRSZ) strsz = value('DT_STRSZ');
    else if (tag === DT_FLAGS_1) info.flags1 = is64 ? Number(dv.getBigUint64(at + word, le) & 0xffffffffn) : dv.getUint32(at + word, le);
  }
  if (!terminated) throw fail(`PT_DYNAMIC has no DT_NULL within ${entries} entries`, 'PT_DYNAMIC');

  const wanted = [...neededAt, sonameAt, rpathAt, runpathAt].filter((x): x is number => x !== undefined);
  if (wanted.length === 0) return info;
  if (strtab === undefined) throw fail('DT_NEEDED/DT_SONAME/DT_RPATH/DT_RUNPATH present but no DT_STRTAB', 'DT_STRTAB');
  const strtabAt = strtab;
  const load = segments.find((s) => s.type === PT_LOAD && s.vaddr <= strtabAt && strtabAt < s.vaddr + s.filesz);
  if (!load) throw fail(`DT_STRTAB 0x${strtab.toString(16)} is not inside any PT_LOAD segment`, 'DT_STRTAB');
  const tableOffset = load.offset + (strtab - load.vaddr);
  const tableSize = Math.min(strsz ?? Infinity, load.vaddr + load.filesz - strtab);

  // One window read when the strings lie close together (they almost always do).
  const lo = Math.min(...wanted);
  const hi = Math.min(Math.max(...wanted) + limits.maxSearchPath, tableSize);
  let window: { start: number; bytes: Uint8Array } | undefined;
  if (lo < tableSize && hi - lo <= limits.maxStringWindow) {
    const bytes = yield { offset: tableOffset + lo, length: hi - lo };
    window = { start: lo, bytes };
  }
  const str = function* (at: number, max: number, what: string): Generator<ByteRange, string, Uint8Array> {
    if (at >= tableSize) throw fail(`${what} string offset ${at} is past the string table (size ${tableSize})`, what);
    const length = Math.min(max + 1, tableSize - at);
    let bytes: Uint8Array;
    if (window && at >= window.start) bytes = window.bytes.subarray(at - window.start, at - window.start + length);
    else bytes = yield { offset: tableOffset + at, length };
    const end = bytes.indexOf(0);
    if (end < 0) {
      if (bytes.length < length) throw fail(`${what} string runs past the end of the file`, what);
      throw fail(`${what} string at offset ${at} has no NUL within ${Math.min(max + 1, tableSize - at)} bytes`, what);
    }
    return utf8.decode(bytes.subarray(0, end));
  };
  for (const at of neededAt) info.needed.push(yield* str(at, limits.maxName, 'DT_NEEDED'));
  if (sonameAt !== undefined) info.soname = yield* str(sonameAt, limits.maxName, 'DT_SONAME');
  if (rpathAt !== undefined) info.rpath = yield* str(rpathAt, limits.maxSearchPath, 'DT_RPATH');
  if (runpathAt !== undefined) info.runpath = yield* str(runpathAt, limits.maxSearchPath, 'DT_RUNPATH');
  return info;
}

/** Pure: the ElfInfo of an ELF file held in memory. Throws MinopsError('ELF_MALFORMED') naming `file`. */
export function decodeElf(bytes: Uint8Array, file = '<memory>'): ElfInfo {
  const parse = parseElf(file);
  let step = parse.next();
  while (!step.done) {
    const { offset, length } = step.value;
    step = parse.next(offset >= bytes.length ? new Uint8Array(0) : bytes.subarray(offset, offset + length));
  }
  return step.value;
}
