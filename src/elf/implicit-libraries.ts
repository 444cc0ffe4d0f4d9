// What a DT_NEEDED walk cannot see, because glibc dlopen()s it at run time:
// - libgcc_s.so.1: glibc loads it to unwind the stack at pthread_exit/pthread_cancel, and aborts
//   ("libgcc_s.so.1 must be installed for pthread_exit to work") when it is not there;
// - before glibc 2.34, name lookup (getaddrinfo, getpwnam) loads the NSS modules libnss_files and
//   libnss_dns (which needs libresolv) as nsswitch.conf says; 2.34 built them into libc;
// - /etc/ld.so.cache, when a library was found only through an /etc/ld.so.conf directory: the
//   loader never reads ld.so.conf, only the cache ldconfig built from it.
import path from 'node:path';
import type { ElfClosure, ElfClosureOptions, SymlinkHop } from './elf-closure-types.js';
import { glibcVersionFromFile, glibcVersionFromName, type GlibcVersion } from './glibc-version.js';
import { loaderDefaults } from './loader-defaults.js';
import { readElfSync, type ElfFile } from './read-elf.js';
import { readLdSoConf } from './read-ld-so-conf.js';
import { RootView } from '../resolve-in-root.js';
import { searchLibrary, type SearchContext } from './search-library.js';

export interface ImplicitFile {
  /** The path glibc opens (as found by its search, or the /etc file), e.g. /lib/x86_64-linux-gnu/libgcc_s.so.1. */
  guest: string;
  /** Real guest path after symlinks. */
  real: string;
  links: SymlinkHop[];
  /** True for a shared library (its own DT_NEEDED closure is the planner's to add). */
  elf: boolean;
  reason: string;
}

export interface ImplicitFiles {
  files: ImplicitFile[];
  /** Libraries glibc would want that the rootfs does not have: warnings, not errors. */
  missing: { name: string; reason: string }[];
  glibc?: GlibcVersion;
}

const GCC_REASON = 'glibc dlopens libgcc_s.so.1 to unwind the stack at thread exit and cancellation';
const NSS_FILES = ['/etc/nsswitch.conf', '/etc/hosts', '/etc/resolv.conf'];

export async function implicitLibraries(root: string, closure: ElfClosure, options: Pick<ElfClosureOptions, 'ldLibraryPath'> = {}): Promise<ImplicitFiles> {
  const view = new RootView(root);
  const libc = closure.objects.find((o) => o.soname === 'libc.so.6' || o.soname === 'libpthread.so.0');
  const result: ImplicitFiles = { files: [], missing: [] };
  const viaConf = closure.objects.filter((o) => o.found === 'ld.so.conf').map((o) => o.requested[0] ?? o.guest);
  if (viaConf.length > 0) {
    const reason = `the loader finds ${viaConf.join(', ')} only through /etc/ld.so.cache`;
    const cache = view.resolve('/etc/ld.so.cache');
    if (cache.kind === 'file') result.files.push({ guest: '/etc/ld.so.cache', real: cache.guest, links: cache.links, elf: false, reason });
    else result.missing.push({ name: '/etc/ld.so.cache', reason: `${reason}, which the rootfs lacks (set LD_LIBRARY_PATH in the config Env)` });
  }
  if (!libc) return result; // not glibc (static, or musl, which needs none of this)

  const libcFile = readElfSync(view.host(libc.guest), libc.guest);
  const elf = (guest: string): ElfFile | undefined => {
    try {
      return readElfSync(view.host(guest), guest);
    } catch {
      return undefined;
    }
  };
  const ctx: SearchContext = {
    view, defaults: loaderDefaults(view, libcFile.info.machine, libcFile.info.elfClass), confDirs: readLdSoConf(view),
    ldLibraryPath: options.ldLibraryPath ?? [], cwd: '/', main: undefined, elf,
  };
  const by = { guest: libc.guest, info: libcFile.info, origin: path.posix.dirname(libc.requested[0] ?? libc.guest), loader: undefined };
  const have = new Set(closure.objects.map((o) => o.guest));
  const addLibrary = (name: string, reason: string): void => {
    const r = searchLibrary(ctx, name, by);
    if (!r.ok) result.missing.push({ name, reason });
    else if (!have.has(r.found.resolved.guest)) {
      have.add(r.found.resolved.guest);
      result.files.push({ guest: path.posix.normalize(r.found.requested), real: r.found.resolved.guest, links: r.found.resolved.links, elf: true, reason });
    }
  };

  addLibrary('libgcc_s.so.1', GCC_REASON);
  const glibc = glibcVersionFromName(libc.links.find((l) => path.posix.basename(l.guest) === 'libc.so.6')?.target ?? libc.guest)
    ?? glibcVersionFromName(libc.guest) ?? glibcVersionFromFile(view.host(libc.guest));
  if (glibc) result.glibc = glibc;
  if (glibc && (glibc.major < 2 || (glibc.major === 2 && glibc.minor < 34))) {
    const why = `glibc ${glibc.major}.${glibc.minor} (< 2.34) loads NSS modules for name lookup`;
    addLibrary('libnss_files.so.2', why);
    addLibrary('libnss_dns.so.2', why);
    addLibrary('libresolv.so.2', `${why}; libnss_dns needs it`);
    for (const file of NSS_FILES) {
      const r = view.resolve(file);
      if (r.kind === 'file') result.files.push({ guest: file, real: r.guest, links: r.links, elf: false, reason: `${why}; it reads ${file}` });
    }
  }
  return result;
}
