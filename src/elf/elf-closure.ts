// The ELF dependency closure, breadth first as glibc loads it: every start, its PT_INTERP, then
// each DT_NEEDED not already satisfied by a loaded object's name or DT_SONAME, searched from the
// requesting object. Nothing from the rootfs is executed.
import path from 'node:path';
import { MinopsError } from '../errors.js';
import { noEvents } from '../events.js';
import type { ElfClosure, ElfClosureOptions, ElfObject, FoundBy, MissingLibrary } from './elf-closure-types.js';
import { loaderDefaults } from './loader-defaults.js';
import { readElfSync, type ElfFile } from './read-elf.js';
import { readLdSoConf } from './read-ld-so-conf.js';
import { RootView, type ResolvedPath } from '../resolve-in-root.js';
import { mergeLinks, searchLibrary, type LoadedObject, type SearchContext } from './search-library.js';

export type { ElfClosure, ElfClosureOptions, ElfObject, MissingLibrary, SymlinkHop, FoundBy } from './elf-closure-types.js';

const ET_EXEC = 2;
/** Names musl's loader answers itself, being libc (ldso/dynlink.c, load_library `reserved`). */
const MUSL_SELF = /^lib(c|pthread|rt|m|dl|util|xnet)\./;
const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The DT_NEEDED + PT_INTERP closure of `starts` (guest paths) inside the rootfs at `root`. */
export async function elfClosure(root: string, starts: string[], options: ElfClosureOptions = {}): Promise<ElfClosure> {
  return elfClosureIn(new RootView(root), starts, options);
}

/** elfClosure over a RootView whose caches the caller may share between calls. */
export function elfClosureIn(view: RootView, starts: string[], options: ElfClosureOptions = {}): ElfClosure {
  const onEvent = options.onEvent ?? noEvents;
  const cwd = options.cwd ?? '/';
  const files = new Map<string, ElfFile | undefined>();
  const elf = (guest: string): ElfFile | undefined => {
    if (files.has(guest)) return files.get(guest);
    let file: ElfFile | undefined;
    try {
      file = readElfSync(view.host(guest), guest);
    } catch (e) {
      onEvent({ kind: 'debug', message: `skipping ${guest}: ${(e as Error).message}` });
    }
    files.set(guest, file);
    return file;
  };

  const objects = new Map<string, ElfObject>();
  const loadedByGuest = new Map<string, LoadedObject>();
  const loaded = new Map<string, LoadedObject>(); // by DT_NEEDED name and DT_SONAME
  const missing = new Map<string, MissingLibrary>();
  const queue: { object: ElfObject; loadedObject: LoadedObject }[] = [];

  const add = (requested: string, resolved: ResolvedPath, file: ElfFile, found: FoundBy, chain: string[], loadedObject: LoadedObject): void => {
    const existing = objects.get(resolved.guest);
    const spelled = tidy(view, requested, resolved.guest, cwd);
    if (existing) {
      if (!existing.requested.includes(spelled)) existing.requested = [...existing.requested, spelled].sort(byString);
      existing.links = mergeLinks(existing.links, resolved.links);
      return;
    }
    const { info, size } = file;
    const object: ElfObject = {
      guest: resolved.guest, requested: [spelled], links: mergeLinks([], resolved.links), chain,
      needed: [...info.needed], size, found,
      ...(info.interp !== undefined ? { interp: info.interp } : {}),
      ...(info.soname !== undefined ? { soname: info.soname } : {}),
    };
    objects.set(resolved.guest, object);
    loadedByGuest.set(resolved.guest, loadedObject);
    if (info.soname !== undefined && !loaded.has(info.soname)) loaded.set(info.soname, loadedObject);
    queue.push({ object, loadedObject });
  };

  // Starts: read them all first, so the executable (whose RPATH applies to every lookup) is known.
  const startObjects: { start: string; resolved: ResolvedPath; file: ElfFile }[] = [];
  for (const start of starts) {
    const resolved = view.resolve(start, cwd);
    if (resolved.kind !== 'file') {
      throw new MinopsError('INPUT_MISSING', `${start}: no such file in the rootfs${resolved.kind === 'loop' ? ' (symlink loop)' : ''}`, { where: { file: start } });
    }
    startObjects.push({ start, resolved, file: readElfSync(view.host(resolved.guest), resolved.guest) });
  }
  const first = startObjects[0]?.file.info;
  if (!first) return { objects: [], missing: [] };
  const programInterp = startObjects.find((s) => s.file.info.interp !== undefined)?.file.info.interp;
  const defaults = loaderDefaults(view, first.machine, first.elfClass, programInterp);
  const ctx: SearchContext = {
    view, defaults, confDirs: defaults.flavour === 'glibc' ? readLdSoConf(view) : [],
    ldLibraryPath: options.ldLibraryPath ?? [], cwd, main: undefined, elf,
  };

  let musl = false; // a musl loader is in the closure
  for (const { start, resolved, file } of startObjects) {
    const isProgram = file.info.interp !== undefined || file.info.type === ET_EXEC;
    // The kernel gives the loader the executable's real path (/proc/self/exe); dlopen keeps the spelling.
    const origin = path.posix.dirname(isProgram ? resolved.guest : tidy(view, start, resolved.guest, cwd));
    const lo: LoadedObject = { guest: resolved.guest, info: file.info, origin, loader: undefined };
    if (isProgram && !ctx.main) ctx.main = lo;
    add(start, resolved, file, 'start', [resolved.guest], lo);
    const interp = file.info.interp;
    if (interp === undefined) continue;
    const ri = view.resolve(interp, cwd);
    const fi = ri.kind === 'file' ? elf(ri.guest) : undefined;
    if (!fi) {
      noteMissing(missing, { name: interp, by: resolved.guest, searched: [path.posix.dirname(interp)] });
      continue;
    }
    const interpObject: LoadedObject = { guest: ri.guest, info: fi.info, origin: path.posix.dirname(interp), loader: undefined };
    loaded.set(path.posix.basename(interp), interpObject);
    musl ||= defaults.flavour === 'musl';
    add(interp, ri, fi, 'interp', [resolved.guest, ri.guest], interpObject);
  }

  for (let i = 0; i < queue.length; i++) {
    const { object, loadedObject } = queue[i]!;
    for (const name of object.needed) {
      if (loaded.has(name)) continue;
      if (defaults.flavour === 'musl' && MUSL_SELF.test(name) && musl) continue; // the loader is libc
      const result = searchLibrary(ctx, name, loadedObject);
      if (!result.ok) {
        noteMissing(missing, { name, by: object.guest, searched: result.searched });
        continue;
      }
      const { requested, resolved, file, found } = result.found;
      const lo = loadedByGuest.get(resolved.guest)
        ?? { guest: resolved.guest, info: file.info, origin: path.posix.dirname(requested), loader: loadedObject };
      loaded.set(name, lo);
      add(requested, resolved, file, found, [...object.chain, resolved.guest], lo);
    }
  }

  return {
    objects: [...objects.values()].sort((a, b) => byString(a.guest, b.guest)),
    missing: [...missing.values()].sort((a, b) => byString(a.name, b.name) || byString(a.by, b.by)),
  };
}

function noteMissing(missing: Map<string, MissingLibrary>, m: MissingLibrary): void {
  const key = `${m.name}\0${m.by}`;
  if (!missing.has(key)) missing.set(key, m);
}

/** The requested spelling without `.`/`..`/`//`, unless dropping `..` lexically would change the file. */
function tidy(view: RootView, requested: string, real: string, cwd: string): string {
  const abs = requested.startsWith('/') ? requested : `${cwd}/${requested}`;
  const normal = path.posix.normalize(abs);
  if (normal === abs || !abs.includes('..')) return normal;
  return view.resolve(normal).guest === real ? normal : abs;
}
export { isElf } from './read-elf.js';
