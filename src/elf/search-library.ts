// glibc's search for one DT_NEEDED name (elf/dl-load.c, _dl_map_object): the DT_RPATH of the
// requesting object and of each object that loaded it, then the executable's, all skipped when the
// requester has a DT_RUNPATH; LD_LIBRARY_PATH; the requester's DT_RUNPATH; the ld.so.conf
// directories (ld.so.cache); the default directories. The cache and defaults are skipped under
// DF_1_NODEFLIB. A candidate of another class, byte order or machine is passed over, as the loader
// does; so is one that is not an ELF file at all. musl's simpler order is below.
import path from 'node:path';
import type { FoundBy, SymlinkHop } from './elf-closure-types.js';
import { DF_1_NODEFLIB, type ElfInfo } from './elf-info.js';
import { expandDst, splitSearchPath, type DstValues } from './expand-dst.js';
import type { LoaderDefaults } from './loader-defaults.js';
import type { ElfFile } from './read-elf.js';
import type { ResolvedPath, RootView } from '../resolve-in-root.js';

/** An object as the loader holds it: what it asks for, and who loaded it. */
export interface LoadedObject {
  guest: string;
  info: ElfInfo;
  /** Directory of the path it was loaded through ($ORIGIN). */
  origin: string | undefined;
  loader: LoadedObject | undefined;
}

export interface SearchContext {
  view: RootView;
  defaults: LoaderDefaults;
  confDirs: string[];
  ldLibraryPath: string[];
  cwd: string;
  /** The executable, whose DT_RPATH applies to every lookup without a DT_RUNPATH. */
  main: LoadedObject | undefined;
  /** Parses a real guest file once; undefined when it is not a readable ELF file. */
  elf: (guest: string) => ElfFile | undefined;
}

export interface Found {
  requested: string;
  resolved: ResolvedPath;
  file: ElfFile;
  found: FoundBy;
}

export type SearchResult = { ok: true; found: Found } | { ok: false; searched: string[] };

const compatible = (a: ElfInfo, b: ElfInfo): boolean =>
  a.elfClass === b.elfClass && a.endian === b.endian && a.machine === b.machine;

const dst = (ctx: SearchContext, origin: string | undefined): DstValues => ({
  origin, lib: ctx.defaults.lib, platform: ctx.defaults.platform,
});

/** The DT_RPATH (or DT_RUNPATH) directories of `o`, tokens expanded against its own origin. */
function pathDirs(ctx: SearchContext, o: LoadedObject, which: 'rpath' | 'runpath'): string[] {
  const s = which === 'rpath' ? (o.info.runpath === undefined ? o.info.rpath : undefined) : o.info.runpath;
  if (s === undefined) return [];
  return splitSearchPath(s).flatMap((d) => expandDst(d, dst(ctx, o.origin)) ?? []);
}

export function searchLibrary(ctx: SearchContext, name: string, by: LoadedObject): SearchResult {
  const searched: string[] = [];
  const tryPath = (p: string, found: FoundBy): Found | undefined => {
    const resolved = ctx.view.resolve(p, ctx.cwd);
    if (resolved.kind !== 'file') return undefined;
    const file = ctx.elf(resolved.guest);
    if (!file || !compatible(file.info, by.info)) return undefined;
    return { requested: p, resolved, file, found };
  };

  if (name === '') return { ok: false, searched };
  if (name.includes('/')) {
    const p = expandDst(name, dst(ctx, by.origin));
    const hit = p === undefined ? undefined : tryPath(p, 'path');
    if (hit) return { ok: true, found: hit };
    return { ok: false, searched: p === undefined ? [] : [path.posix.dirname(p)] };
  }

  const dirs: { dir: string; found: FoundBy }[] = [];
  if (ctx.defaults.flavour === 'musl') {
    // musl: LD_LIBRARY_PATH, then the RUNPATH (else RPATH) of the requester and of each object
    // above it, then its path file or default dirs. Only $ORIGIN is expanded.
    for (const dir of ctx.ldLibraryPath) dirs.push({ dir: dir === '' ? '.' : dir, found: 'ld_library_path' });
    for (let l: LoadedObject | undefined = by; l; l = l.loader) {
      const s = l.info.runpath ?? l.info.rpath;
      const values = { origin: l.origin, lib: '$LIB', platform: '$PLATFORM' };
      for (const d of s === undefined ? [] : splitSearchPath(s)) {
        const dir = expandDst(d, values);
        if (dir !== undefined) dirs.push({ dir, found: l.info.runpath !== undefined ? 'runpath' : 'rpath' });
      }
    }
    for (const dir of ctx.defaults.defaultDirs) dirs.push({ dir, found: 'default' });
  } else if (by.info.runpath === undefined) {
    let mainDone = false;
    for (let l: LoadedObject | undefined = by; l; l = l.loader) {
      for (const dir of pathDirs(ctx, l, 'rpath')) dirs.push({ dir, found: 'rpath' });
      mainDone ||= l === ctx.main;
    }
    if (!mainDone && ctx.main) for (const dir of pathDirs(ctx, ctx.main, 'rpath')) dirs.push({ dir, found: 'rpath' });
  }
  if (ctx.defaults.flavour === 'glibc') glibcTail(ctx, by, dirs);

  const tried = new Set<string>();
  for (const { dir, found } of dirs) {
    const spelled = dir.startsWith('/') ? dir : path.posix.join(ctx.cwd, dir);
    if (tried.has(spelled)) continue;
    tried.add(spelled);
    searched.push(spelled);
    const hit = tryPath(`${spelled.replace(/\/+$/, '')}/${name}`, found);
    if (hit) return { ok: true, found: hit };
  }
  return { ok: false, searched };
}

/** glibc after the RPATHs: LD_LIBRARY_PATH, RUNPATH, ld.so.cache (the ld.so.conf dirs), defaults. */
function glibcTail(ctx: SearchContext, by: LoadedObject, dirs: { dir: string; found: FoundBy }[]): void {
  for (const d of ctx.ldLibraryPath.flatMap((e) => splitSearchPath(e, /[:;]/))) {
    const dir = expandDst(d, dst(ctx, ctx.main?.origin));
    if (dir !== undefined) dirs.push({ dir, found: 'ld_library_path' });
  }
  for (const dir of pathDirs(ctx, by, 'runpath')) dirs.push({ dir, found: 'runpath' });
  if ((by.info.flags1 & DF_1_NODEFLIB) !== 0) return;
  for (const dir of ctx.confDirs) dirs.push({ dir, found: ctx.defaults.defaultDirs.includes(dir) ? 'default' : 'ld.so.conf' });
  for (const dir of ctx.defaults.defaultDirs) dirs.push({ dir, found: 'default' });
}

/** Distinct hops, sorted by guest path. */
export function mergeLinks(a: SymlinkHop[], b: SymlinkHop[]): SymlinkHop[] {
  const byGuest = new Map<string, SymlinkHop>();
  for (const l of [...a, ...b]) byGuest.set(l.guest, l);
  return [...byGuest.values()].sort((x, y) => (x.guest < y.guest ? -1 : x.guest > y.guest ? 1 : 0));
}
