// The shape of an ELF dependency closure, as the bundle planner consumes it. Every path here is a
// guest path (absolute, '/'-separated, as the guest sees it); host paths never leave src/elf/.

import type { SymlinkHop } from '../resolve-in-root.js';

export type { SymlinkHop };

/** How the loader found an object; `rpath`..`default` follow glibc's search order. */
export type FoundBy =
  | 'start' // one of the paths elfClosure was given
  | 'interp' // PT_INTERP of the program
  | 'path' // a DT_NEEDED that contains a '/'
  | 'rpath'
  | 'ld_library_path'
  | 'runpath'
  | 'ld.so.conf' // a directory of /etc/ld.so.conf that is not a default dir: needs /etc/ld.so.cache
  | 'default';

export interface ElfObject {
  /** Real guest path of the file (after symlinks), e.g. /usr/lib/x86_64-linux-gnu/libm.so.6. */
  guest: string;
  /** Guest paths through which it was reached (e.g. /lib/x86_64-linux-gnu/libm.so.6), sorted. */
  requested: string[];
  /** Symlinks passed through to reach it (verbatim targets), sorted by guest, no duplicates. */
  links: SymlinkHop[];
  /** Guest paths from the root object to this one (root first, this object last). */
  chain: string[];
  interp?: string;
  needed: string[];
  soname?: string;
  /** Bytes of the real file. */
  size: number;
  /** How it was first found. */
  found: FoundBy;
}

export interface MissingLibrary {
  /** The DT_NEEDED string (or the PT_INTERP path) that nothing satisfied. */
  name: string;
  /** Real guest path of the object that asked for it. */
  by: string;
  /** Every directory searched, in order (guest paths, after $ORIGIN/$LIB/$PLATFORM expansion). */
  searched: string[];
}

export interface ElfClosure {
  /** Sorted by guest path; each real file once. */
  objects: ElfObject[];
  /** Sorted by name, then by. */
  missing: MissingLibrary[];
}

export interface ElfClosureOptions {
  /** LD_LIBRARY_PATH entries from the config's Env (already split on ':'). */
  ldLibraryPath?: string[];
  /** The guest's working directory, for relative search-path entries; '/' when unset. */
  cwd?: string;
  onEvent?: import('../events.js').OnEvent;
}
