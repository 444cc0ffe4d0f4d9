// A guest path resolved inside a rootfs as the guest kernel will resolve it: absolute symlink
// targets restart at the rootfs, `..` never climbs above it and is applied to the real path
// walked so far (not to the spelling), and nothing on the host outside the rootfs is followed.
// Every stage that reads a rootfs (rootfs, elf, python, bundle) resolves paths with this.
import { lstatSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';

/** Linux's MAXSYMLINKS. */
export const maxSymlinkHops = 40;

/** A symlink passed through on the way, its target verbatim. */
export interface SymlinkHop {
  guest: string;
  target: string;
}

export type PathKind = 'file' | 'directory' | 'other' | 'missing' | 'loop';

export interface ResolvedPath {
  /** The real guest path (every symlink followed); for 'missing'/'loop', the normalised input. */
  guest: string;
  /** Every symlink passed through, directory links included, in the order they were followed. */
  links: SymlinkHop[];
  kind: PathKind;
}

/** What one guest path is, without following it (lstat). */
export type GuestEntry = { kind: 'file' | 'directory' | 'other' } | { kind: 'symlink'; target: string } | { kind: 'missing' };

/** Resolves `guestPath` (relative paths start at `cwd`) against any view of a rootfs. Never
 * throws for a path that is not there. */
export function resolveGuestPath(entry: (guest: string) => GuestEntry, guestPath: string, cwd = '/'): ResolvedPath {
  const input = guestPath.startsWith('/') ? guestPath : `${cwd}/${guestPath}`;
  const missing = (kind: 'missing' | 'loop', links: SymlinkHop[]): ResolvedPath => ({ guest: path.posix.normalize(input), links, kind });
  if (input.includes('\0')) return missing('missing', []);
  const pending = input.split('/').reverse();
  const real: string[] = [];
  const links: SymlinkHop[] = [];
  let kind: PathKind = 'directory';
  let hops = 0;
  while (pending.length > 0) {
    const c = pending.pop() as string;
    if (c === '' || c === '.') continue;
    if (kind !== 'directory') return missing('missing', links); // ENOTDIR
    if (c === '..') {
      real.pop();
      continue;
    }
    const guest = `/${[...real, c].join('/')}`;
    const e = entry(guest);
    if (e.kind === 'missing') return missing('missing', links);
    if (e.kind === 'symlink') {
      if (++hops > maxSymlinkHops) return missing('loop', links);
      links.push({ guest, target: e.target });
      if (e.target.startsWith('/')) real.length = 0;
      pending.push(...e.target.split('/').reverse());
      continue;
    }
    real.push(c);
    kind = e.kind;
  }
  return { guest: `/${real.join('/')}`, links, kind };
}

/** A rootfs directory seen from inside, with the lstat/readlink/readdir results cached. */
export class RootView {
  readonly root: string;
  private readonly entries = new Map<string, GuestEntry>();
  private readonly listings = new Map<string, string[]>();

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** Host path of a real guest path (one that resolve() returned). */
  host(guest: string): string {
    return guest === '/' ? this.root : this.root + guest;
  }

  entry(guest: string): GuestEntry {
    let e = this.entries.get(guest);
    if (e) return e;
    const st = lstatSync(this.host(guest), { throwIfNoEntry: false });
    if (!st) e = { kind: 'missing' };
    else if (st.isSymbolicLink()) e = { kind: 'symlink', target: readlinkSync(this.host(guest), 'utf8') };
    else e = { kind: st.isDirectory() ? 'directory' : st.isFile() ? 'file' : 'other' };
    this.entries.set(guest, e);
    return e;
  }

  resolve(guestPath: string, cwd = '/'): ResolvedPath {
    return resolveGuestPath((guest) => this.entry(guest), guestPath, cwd);
  }

  /** Names in a real guest directory, sorted by UTF-16 code units ([] when it cannot be read). */
  list(guestDir: string): string[] {
    let names = this.listings.get(guestDir);
    if (!names) {
      try {
        names = readdirSync(this.host(guestDir)).sort();
      } catch {
        names = [];
      }
      this.listings.set(guestDir, names);
    }
    return names;
  }
}

/** The real guest path of `guestPath` inside `root`, and every symlink hop on the way. */
export const resolveInRoot = (root: string, guestPath: string): ResolvedPath => new RootView(root).resolve(guestPath);
