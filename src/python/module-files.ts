// Pure core of module selection: turn what the drivers reported (module name → guest file, and who
// imported it) into guest files with reasons. No I/O.
import path from 'node:path';
import type { ModuleFile, ModuleFileKind, ModuleReason } from './module-selection.js';

/** A module the drivers reported. `importer` is the module that first imported it, null for
 * modules of the start-up set. */
export interface FoundModule {
  readonly name: string;
  readonly file: string | null;
  readonly importer: string | null;
  readonly startup: boolean;
}

/** A host directory the guest (and the sandbox the drivers run in) sees at `guest`: the script's
 * directory at /app, PYTHONPATH directories. */
export interface UserDir {
  readonly host: string;
  readonly guest: string;
}

export interface Placed {
  readonly guest: string;
  readonly host: string;
  readonly user: boolean;
}

/** Where a file the drivers reported (a path inside the sandbox, i.e. a guest path) takes its
 * bytes from; undefined for what is no file (`<frozen ...>`). */
export function placeFile(file: string, root: string, userDirs: readonly UserDir[]): Placed | undefined {
  if (!file.startsWith('/')) return undefined;
  const guest = path.posix.normalize(file);
  for (const dir of userDirs) {
    const rel = path.posix.relative(dir.guest, guest);
    if (rel && !rel.startsWith('..') && !path.posix.isAbsolute(rel)) {
      return { guest, host: path.join(dir.host, ...rel.split('/')), user: true };
    }
  }
  return { guest, host: path.join(root, guest), user: false };
}

export function kindOf(guest: string): ModuleFileKind {
  const base = path.posix.basename(guest);
  if (base === '__init__.py') return 'package';
  if (base.endsWith('.py')) return 'source';
  if (base.endsWith('.pyc')) return 'bytecode';
  if (base.endsWith('.so')) return 'extension';
  return 'data';
}

/** Import chain from the script to `name`: ['__main__', 'json', 'json.decoder', 're']. */
export function chainOf(name: string, importer: ReadonlyMap<string, string | null>): string[] {
  const chain = [name];
  const seen = new Set(chain);
  for (let cur = importer.get(name); cur && !seen.has(cur); cur = importer.get(cur)) {
    chain.unshift(cur);
    seen.add(cur);
    if (cur === '__main__') return chain;
  }
  return chain[0] === '__main__' ? chain : ['__main__', ...chain];
}

export interface MapResult {
  readonly files: ModuleFile[];
  readonly warnings: string[];
}

/** One ModuleFile per module that has a file; builtin and frozen-only modules have none. A module
 * both in the start-up set and imported keeps 'startup' (it is needed even by hello.py). */
export function moduleFiles(found: readonly FoundModule[], root: string, userDirs: readonly UserDir[]): MapResult {
  const importer = new Map(found.map((m) => [m.name, m.importer] as const));
  const byGuest = new Map<string, ModuleFile>();
  const warnings: string[] = [];
  for (const m of found) {
    if (!m.file) continue;
    const placed = placeFile(m.file, root, userDirs);
    if (!placed) {
      warnings.push(`module ${m.name} was found at ${m.file}, which is no file of the rootfs or the script's directories; not kept`);
      continue;
    }
    const chain = chainOf(m.name, importer);
    const reason: ModuleReason = placed.user
      ? { kind: 'user', detail: `module ${m.name}, imported by ${chain.slice(0, -1).join(' → ')}` }
      : m.startup
        ? { kind: 'startup', module: m.name }
        : { kind: 'import', module: m.name, chain };
    const prev = byGuest.get(placed.guest);
    if (prev && (prev.reason.kind === 'startup' || reason.kind !== 'startup')) continue;
    byGuest.set(placed.guest, { guest: placed.guest, host: placed.host, module: m.name, kind: kindOf(placed.guest), reason });
  }
  return { files: sortFiles([...byGuest.values()]), warnings };
}

export const sortFiles = (files: ModuleFile[]): ModuleFile[] =>
  files.sort((a, b) => Buffer.compare(Buffer.from(a.guest), Buffer.from(b.guest)));
