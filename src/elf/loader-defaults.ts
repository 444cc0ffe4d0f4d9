// What a glibc loader is built with and does not say in any file minops may read without running
// it: its default ("trusted") directories, `$LIB` and `$PLATFORM`. glibc's default directories are
// $(slibdir) and $(libdir) (elf/Makefile, gen-trusted-dirs); Debian's multiarch build adds /lib and
// /usr/lib (`ld.so --help` on Debian 12: /lib/x86_64-linux-gnu, /usr/lib/x86_64-linux-gnu, /lib,
// /usr/lib), while Fedora/RHEL/SUSE use /lib64 and /usr/lib64. The rootfs's own layout tells which.
// musl (Alpine) has no ld.so.conf: its loader reads /etc/ld-musl-ARCH.path, else uses
// /lib:/usr/local/lib:/usr/lib (ldso/dynlink.c, load_library).
import { readFileSync } from 'node:fs';
import type { RootView } from '../resolve-in-root.js';
import { EM_386, EM_AARCH64, EM_X86_64 } from './elf-info.js';

export interface LoaderDefaults {
  flavour: 'glibc' | 'musl';
  defaultDirs: string[];
  lib: string;
  platform: string;
}

const EM_ARM = 40;
const EM_PPC64 = 21;
const EM_S390 = 22;
const EM_RISCV = 243;

/** Debian multiarch triplet and AT_PLATFORM per machine (and class, for s390/riscv/ppc). */
const machines: Record<number, { triplet: string; platform: string }> = {
  [EM_X86_64]: { triplet: 'x86_64-linux-gnu', platform: 'x86_64' },
  [EM_386]: { triplet: 'i386-linux-gnu', platform: 'i686' },
  [EM_AARCH64]: { triplet: 'aarch64-linux-gnu', platform: 'aarch64' },
  [EM_ARM]: { triplet: 'arm-linux-gnueabihf', platform: 'v7l' },
  [EM_PPC64]: { triplet: 'powerpc64le-linux-gnu', platform: 'power8' },
  [EM_S390]: { triplet: 's390x-linux-gnu', platform: 's390x' },
  [EM_RISCV]: { triplet: 'riscv64-linux-gnu', platform: 'riscv64' },
};

const MUSL_LOADER = /^ld-musl-([A-Za-z0-9_]+)\.so\.1$/;
const MUSL_DEFAULT = ['/lib', '/usr/local/lib', '/usr/lib'];

/** The musl architecture name when `interp` is a musl loader, e.g. 'x86_64'. */
export const muslArch = (interp: string | undefined): string | undefined =>
  interp === undefined ? undefined : MUSL_LOADER.exec(interp.slice(interp.lastIndexOf('/') + 1))?.[1];

/** Defaults for the loader `interp` (the program's PT_INTERP; undefined for a library alone). */
export function loaderDefaults(view: RootView, machine: number, elfClass: 32 | 64, interp?: string): LoaderDefaults {
  const m = machines[machine] ?? { triplet: 'unknown-linux-gnu', platform: 'unknown' };
  const arch = muslArch(interp) ?? muslArch(view.list(view.resolve('/lib').guest).find((n) => MUSL_LOADER.test(n)));
  if (arch !== undefined && (interp !== undefined || view.resolve('/etc/ld.so.conf').kind === 'missing')) {
    return { flavour: 'musl', defaultDirs: muslPath(view, arch) ?? MUSL_DEFAULT, lib: 'lib', platform: m.platform };
  }
  const multiarch = ['/lib', '/usr/lib'].some((d) => view.resolve(`${d}/${m.triplet}`).kind === 'directory');
  if (multiarch) {
    return { flavour: 'glibc', defaultDirs: [`/lib/${m.triplet}`, `/usr/lib/${m.triplet}`, '/lib', '/usr/lib'], lib: `lib/${m.triplet}`, platform: m.platform };
  }
  const lib64 = ['/lib64', '/usr/lib64'].some((d) => view.resolve(d).kind === 'directory');
  if (elfClass === 64 && lib64) return { flavour: 'glibc', defaultDirs: ['/lib64', '/usr/lib64'], lib: 'lib64', platform: m.platform };
  return { flavour: 'glibc', defaultDirs: ['/lib', '/usr/lib'], lib: 'lib', platform: m.platform };
}

function muslPath(view: RootView, arch: string): string[] | undefined {
  const file = view.resolve(`/etc/ld-musl-${arch}.path`);
  if (file.kind !== 'file') return undefined;
  try {
    const text = readFileSync(view.host(file.guest)).subarray(0, 1 << 16).toString('utf8');
    return text.split(/[\n:]/).map((d) => d.trim()).filter((d) => d !== '');
  } catch {
    return undefined;
  }
}
