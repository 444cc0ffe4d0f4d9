// What minops needs from one ELF file, and the hard limits on every count and size read from it.

export interface ElfInfo {
  elfClass: 32 | 64;
  endian: 'little' | 'big';
  /** e_machine, e.g. 62 for x86-64. */
  machine: number;
  /** e_ident[EI_OSABI]. */
  osabi: number;
  /** e_type: 1 relocatable, 2 executable, 3 shared object (or PIE), 4 core. */
  type: number;
  interp?: string;
  /** False when there is no PT_DYNAMIC (a static program or an object file). */
  dynamic: boolean;
  needed: string[];
  soname?: string;
  rpath?: string;
  runpath?: string;
  /** DT_FLAGS_1; bit DF_1_NODEFLIB (0x800) turns off the cache and the default dirs. */
  flags1: number;
}

/** glibc's loader refuses anything larger; ours refuse to read more. */
export const limits = {
  maxProgramHeaders: 4096,
  /** PATH_MAX, for PT_INTERP and every DT_NEEDED/DT_SONAME string. */
  maxName: 4096,
  /** An RPATH/RUNPATH can list many directories. */
  maxSearchPath: 65536,
  maxDynamicEntries: 16384,
  maxNeeded: 4096,
  /** Strings are read from one window of the string table when they lie this close together. */
  maxStringWindow: 1 << 20,
} as const;

export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_INTERP = 3;

export const DT_NULL = 0;
export const DT_NEEDED = 1;
export const DT_STRTAB = 5;
export const DT_STRSZ = 10;
export const DT_SONAME = 14;
export const DT_RPATH = 15;
export const DT_RUNPATH = 29;
export const DT_FLAGS_1 = 0x6ffffffb;
export const DF_1_NODEFLIB = 0x800;

export const EM_386 = 3;
export const EM_X86_64 = 62;
export const EM_AARCH64 = 183;
