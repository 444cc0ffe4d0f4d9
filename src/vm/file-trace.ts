// The files a guest program looked up, with full paths, from the kernel's own strace klib. (The
// `missing_files` root key gives base names only.) The klib prints one line per traced call on
// the console, e.g.
//   [2] openat(-100, "/usr/lib/ssl/openssl.cnf", 0x80000, 0x0) = -ENOENT
//   [2] newfstatat(-100, "/usr/lib/python3.10/lib-dynload", [{st_ino=…}], 0) = 0
// (klib/strace_file.c); `tracelist` limits it to the calls below. Pure: lines in, paths out.
import path from 'node:path';
import type { ManifestValue } from '../manifest/tuple.js';

/** The calls that name a path: opens, and the lookups that tell a program a path exists. */
export const TRACED_CALLS = ['open', 'openat', 'stat', 'lstat', 'newfstatat', 'statx', 'access', 'faccessat', 'readlink', 'readlinkat', 'chdir'] as const;
const OPENS = new Set(['open', 'openat']);
const AT_FDCWD = -100;

/** The klib to load and the root keys that turn the trace on for exactly those calls. */
export const FILE_TRACE_KLIB = 'strace';
export const fileTraceRootKeys = (): [string, ManifestValue][] => [
  ['debugsyscalls', 't'],
  ['tracelist', { kind: 'vector', items: [...TRACED_CALLS] }],
];

export interface FileCall {
  readonly call: string;
  /** The directory fd for the *at calls (AT_FDCWD = -100), undefined for the others. */
  readonly dirfd?: number;
  readonly path: string;
  /** A descriptor or 0, or an errno name (`ENOENT`). */
  readonly result: number | string;
}

const LINE = /\[[^\]\n]*\] (\w+)\((.*)\) = (-?\w+)$/;
const ARGS = /^(?:(-?\d+), )?"(.*?)"(?=, |$)/;

/** A console line: the program's text before a trace record (the record may follow a partial
 * line of the program's), and the record when it is one of the traced calls. */
export function parseTraceLine(line: string): { text: string; call?: FileCall } {
  const m = LINE.exec(line);
  if (!m || !(TRACED_CALLS as readonly string[]).includes(m[1]!)) return { text: line };
  const args = ARGS.exec(m[2]!);
  if (!args) return { text: line };
  const [, fd, p] = args;
  const rv = m[3]!;
  const result = /^-?\d+$/.test(rv) ? Number(rv) : rv.replace(/^-/, '');
  const call: FileCall = { call: m[1]!, path: p!, result, ...(fd !== undefined ? { dirfd: Number(fd) } : {}) };
  return { text: line.slice(0, m.index), call };
}

export interface FileTrace {
  /** Paths the program opened or found (opens, stats, access checks that succeeded), in order. */
  readonly found: readonly string[];
  /** Paths it failed to open because they are not there (ENOENT), in order. */
  readonly missing: readonly string[];
}

/** Turns calls into absolute, normalised paths: relative ones against the working directory or
 * the directory an earlier open returned as the fd. */
export class FileTraceCollector {
  private cwd: string;
  private readonly fds = new Map<number, string>();
  private readonly found = new Set<string>();
  private readonly missing = new Set<string>();

  constructor(cwd: string) {
    this.cwd = cwd;
  }

  add(c: FileCall): void {
    if (c.path === '') return; // fstatat(fd, "", AT_EMPTY_PATH): the fd itself
    const base = c.dirfd === undefined || c.dirfd === AT_FDCWD ? this.cwd : this.fds.get(c.dirfd);
    if (base === undefined && !c.path.startsWith('/')) return;
    const full = path.posix.resolve(base ?? '/', c.path);
    // readlink on a path that is no symlink fails with EINVAL: the path is there.
    const ok = typeof c.result === 'number' ? c.result >= 0 : c.result === 'EINVAL' && c.call.startsWith('readlink');
    if (ok) {
      this.found.add(full);
      if (OPENS.has(c.call) && typeof c.result === 'number') this.fds.set(c.result, full);
      if (c.call === 'chdir') this.cwd = full;
    } else if (OPENS.has(c.call) && c.result === 'ENOENT') {
      this.missing.add(full);
    }
  }

  result(): FileTrace {
    return { found: [...this.found], missing: [...this.missing].filter((p) => !this.found.has(p)) };
  }
}
