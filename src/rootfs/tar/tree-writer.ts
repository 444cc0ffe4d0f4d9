// Applies tar entries to a directory, one layer after another, without ever writing through a
// symlink: every parent is checked to be a real directory (lstat, then remembered), entries
// replace what was there by unlinking first, files are created O_EXCL|O_NOFOLLOW. Whiteouts
// (layer mode) remove lower-layer entries only: paths written by the current layer are kept.
// Blocking fs calls on purpose (see tar-parser.ts); directory modes and times are set at the end
// so a read-only directory cannot block its own children.
import fs from 'node:fs';
import path from 'node:path';
import { MinopsError } from '../../errors.js';
import { entryPath, whiteoutOf, decodeName } from './entry-path.js';
import type { EntrySink, TarEntry } from './tar-parser.js';

export type ExtractMode = 'flat' | 'layer';

const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = fs.constants;
const CREATE_FLAGS = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW;
// Read once; process.umask() cannot read without setting, so set it back at once.
const UMASK = (() => {
  const mask = process.umask(0o022);
  process.umask(mask);
  return mask;
})();

export interface TreeWriterOptions {
  onWarning?: (message: string, entry: string) => void;
}

export interface TreeWriterStats {
  entries: number;
  skipped: number;
  bytes: number;
}

const isErrno = (e: unknown, code: string): boolean => (e as NodeJS.ErrnoException | null)?.code === code;

export class TreeWriter {
  readonly stats: TreeWriterStats = { entries: 0, skipped: 0, bytes: 0 };
  private readonly root: string;
  /** Relative paths known to be real directories ('' is the root). */
  private readonly dirs = new Set<string>(['']);
  /** Paths (and their parents) written by the layer being applied. */
  private layerPaths = new Set<string>();
  private mode: ExtractMode = 'flat';
  private readonly dirMeta = new Map<string, { mode: number; mtime: number }>();
  private open: { fd: number; abs: string } | null = null;

  constructor(
    root: string,
    private readonly options: TreeWriterOptions = {},
  ) {
    fs.mkdirSync(root, { recursive: true });
    if (!fs.lstatSync(root).isDirectory()) {
      throw new MinopsError('INPUT_MISSING', `the extraction target ${root} is not a directory`, { where: { file: root } });
    }
    this.root = fs.realpathSync(root);
  }

  beginLayer(mode: ExtractMode): void {
    this.mode = mode;
    this.layerPaths = new Set();
  }

  /** Handles one entry; returns where its data goes (null: discard). */
  entry(entry: TarEntry): EntrySink | null {
    const shown = decodeName(entry.name) ?? entry.name.toString('latin1');
    const skip = (reason: string): null => {
      this.stats.skipped++;
      this.options.onWarning?.(`skipped "${shown}": ${reason}`, shown);
      return null;
    };
    const where = entryPath(entry.name);
    if (!where.ok) return skip(where.reason);
    const parts = where.parts;
    let type = entry.type;
    if ((type === '0' || type === '7') && entry.name[entry.name.length - 1] === 0x2f) type = '5';
    if (parts.length === 0) {
      // The root itself ('./'): its metadata is not the archive's to change.
      return type === '5' ? null : skip('a non-directory entry names the target root');
    }
    const base = parts[parts.length - 1]!;
    if (this.mode === 'layer') {
      if (parts.slice(0, -1).some((p) => p.startsWith('.wh.'))) return skip('a whiteout name is used as a directory');
      const whiteout = whiteoutOf(base);
      if (whiteout.kind === 'invalid') return skip(whiteout.reason);
      if (whiteout.kind !== 'none') {
        const parent = this.existingParent(parts);
        if (parent === 'symlink') return skip('its parent is a symlink');
        if (parent === 'missing') return null;
        const dir = parts.slice(0, -1).join('/');
        if (whiteout.kind === 'opaque') this.clearLower(dir);
        else this.whiteout(dir === '' ? whiteout.name : `${dir}/${whiteout.name}`);
        this.stats.entries++;
        return null;
      }
    }
    switch (type) {
      case '0':
      case '7':
      case '5':
      case '1':
      case '2':
        break;
      case '3':
      case '4':
        return skip('device nodes are not extracted (Nanos provides its own /dev)');
      case '6':
        return skip('FIFOs are not extracted');
      default:
        throw new MinopsError('ARCHIVE_INVALID', `"${shown}" has the unsupported tar entry type '${type}'`);
    }
    const parentProblem = this.makeParents(parts);
    if (parentProblem) return skip(parentProblem);
    const rel = parts.join('/');
    const abs = path.join(this.root, rel);
    this.stats.entries++;
    if (this.mode === 'layer') this.markWritten(parts);
    switch (type) {
      case '5':
        this.makeDir(rel, abs);
        this.dirMeta.set(rel, { mode: entry.mode & 0o1777, mtime: entry.mtime });
        return null;
      case '2': {
        const target = decodeName(entry.linkname);
        if (target === null || target === '' || target.includes('\0')) return skip('its link target is empty or not UTF-8');
        this.place(abs, rel, () => fs.symlinkSync(target, abs));
        fs.lutimesSync(abs, entry.mtime, entry.mtime);
        return null;
      }
      case '1':
        return this.hardLink(entry, rel, abs, skip);
      default:
        return this.file(entry, rel, abs);
    }
  }

  /** Sets directory modes and times; call once after the last layer. */
  finish(): void {
    const dirs = [...this.dirMeta.keys()].sort((a, b) => b.length - a.length);
    for (const rel of dirs) {
      const meta = this.dirMeta.get(rel)!;
      const abs = path.join(this.root, rel);
      try {
        if (!fs.lstatSync(abs).isDirectory()) continue;
        fs.chmodSync(abs, meta.mode);
        fs.utimesSync(abs, meta.mtime, meta.mtime);
      } catch (e) {
        if (!isErrno(e, 'ENOENT')) throw e;
      }
    }
  }

  /** A problem with the archive as a whole that is not fatal (e.g. an ignored global PAX header). */
  warn(message: string): void {
    this.options.onWarning?.(message, '');
  }

  /** Closes and removes a half-written file after an error. */
  abort(): void {
    if (this.open === null) return;
    fs.closeSync(this.open.fd);
    fs.rmSync(this.open.abs, { force: true });
    this.open = null;
  }

  private file(entry: TarEntry, rel: string, abs: string): EntrySink {
    // setuid/setgid/sticky never reach the host.
    const mode = entry.mode & 0o777;
    const fd = this.place(abs, rel, () => fs.openSync(abs, CREATE_FLAGS, mode));
    this.open = { fd, abs };
    const stats = this.stats;
    return {
      write: (chunk) => {
        let done = 0;
        while (done < chunk.length) done += fs.writeSync(fd, chunk, done, chunk.length - done);
        stats.bytes += chunk.length;
      },
      end: () => {
        // The umask may have taken bits away at creation; put them back only then (one syscall less per file).
        if ((mode & UMASK) !== 0) fs.fchmodSync(fd, mode);
        fs.futimesSync(fd, entry.mtime, entry.mtime);
        fs.closeSync(fd);
        this.open = null;
      },
    };
  }

  private hardLink(entry: TarEntry, rel: string, abs: string, skip: (reason: string) => null): null {
    const target = entryPath(entry.linkname);
    if (!target.ok) return skip(`its link target: ${target.reason}`);
    const targetRel = target.parts.join('/');
    if (targetRel === rel || target.parts.length === 0) return skip('it links to itself');
    const parent = this.existingParent(target.parts);
    if (parent !== 'ok') return skip(`its link target "${targetRel}" is ${parent === 'symlink' ? 'behind a symlink' : 'missing'}`);
    const targetAbs = path.join(this.root, targetRel);
    let kind: fs.Stats;
    try {
      kind = fs.lstatSync(targetAbs);
    } catch (e) {
      if (isErrno(e, 'ENOENT')) return skip(`its link target "${targetRel}" is missing`);
      throw e;
    }
    if (kind.isDirectory()) return skip('hard links to directories are invalid');
    this.place(abs, rel, () => fs.linkSync(targetAbs, abs));
    return null;
  }

  /** Runs `create`; when the name exists, removes what is there (never writing through it). */
  private place<T>(abs: string, rel: string, create: () => T): T {
    try {
      return create();
    } catch (e) {
      if (!isErrno(e, 'EEXIST')) throw e;
    }
    this.remove(abs, rel);
    return create();
  }

  private makeDir(rel: string, abs: string): void {
    try {
      fs.mkdirSync(abs, 0o755);
    } catch (e) {
      if (!isErrno(e, 'EEXIST')) throw e;
      if (!fs.lstatSync(abs).isDirectory()) {
        this.remove(abs, rel);
        fs.mkdirSync(abs, 0o755);
      }
    }
    this.dirs.add(rel);
  }

  private remove(abs: string, rel: string): void {
    fs.rmSync(abs, { recursive: true, force: true });
    // Every cached directory has all its parents cached, so an uncached name has no cached children.
    if (!this.dirs.delete(rel)) return;
    const prefix = `${rel}/`;
    for (const d of this.dirs) if (d.startsWith(prefix)) this.dirs.delete(d);
  }

  /** Creates missing parents; returns why not when a parent is a symlink or a file. */
  private makeParents(parts: string[]): string | null {
    let rel = '';
    for (let i = 0; i < parts.length - 1; i++) {
      rel = i === 0 ? parts[0]! : `${rel}/${parts[i]}`;
      if (this.dirs.has(rel)) continue;
      const abs = path.join(this.root, rel);
      let stat: fs.Stats | null = null;
      try {
        stat = fs.lstatSync(abs);
      } catch (e) {
        if (!isErrno(e, 'ENOENT')) throw e;
      }
      if (stat === null) fs.mkdirSync(abs, 0o755);
      else if (stat.isSymbolicLink()) return `its parent "${rel}" is a symlink, which is never followed`;
      else if (!stat.isDirectory()) return `its parent "${rel}" is not a directory`;
      this.dirs.add(rel);
    }
    return null;
  }

  /** Checks, without creating anything, that every parent exists as a real directory. */
  private existingParent(parts: string[]): 'ok' | 'missing' | 'symlink' {
    let rel = '';
    for (let i = 0; i < parts.length - 1; i++) {
      rel = i === 0 ? parts[0]! : `${rel}/${parts[i]}`;
      if (this.dirs.has(rel)) continue;
      let stat: fs.Stats;
      try {
        stat = fs.lstatSync(path.join(this.root, rel));
      } catch (e) {
        if (isErrno(e, 'ENOENT') || isErrno(e, 'ENOTDIR')) return 'missing';
        throw e;
      }
      if (stat.isSymbolicLink()) return 'symlink';
      if (!stat.isDirectory()) return 'missing';
      this.dirs.add(rel);
    }
    return 'ok';
  }

  private markWritten(parts: string[]): void {
    let rel = parts.join('/');
    while (!this.layerPaths.has(rel)) {
      this.layerPaths.add(rel);
      const slash = rel.lastIndexOf('/');
      if (slash < 0) break;
      rel = rel.slice(0, slash);
    }
  }

  /** `.wh.NAME`: removes NAME from the lower layers. */
  private whiteout(rel: string): void {
    const abs = path.join(this.root, rel);
    if (this.layerPaths.has(rel)) {
      // Re-created in this same layer: only what lower layers put inside it goes.
      if (fs.lstatSync(abs, { throwIfNoEntry: false })?.isDirectory()) this.clearLower(rel);
      return;
    }
    this.remove(abs, rel);
  }

  /** `.wh..wh..opq`: hides every lower-layer entry under `dir` (never `dir` itself). */
  private clearLower(dir: string): void {
    const stack = [dir];
    while (stack.length > 0) {
      const rel = stack.pop()!;
      const abs = path.join(this.root, rel);
      for (const child of fs.readdirSync(abs, { withFileTypes: true })) {
        const childRel = rel === '' ? child.name : `${rel}/${child.name}`;
        if (!this.layerPaths.has(childRel)) this.remove(path.join(abs, child.name), childRel);
        else if (child.isDirectory()) stack.push(childRel);
      }
    }
  }
}
