// The real mkfs reads each `host:` path through a 256-byte buffer (tools/mkfs.c lookup_file,
// NAME_MAX + 1): a longer path fails with "couldn't stat file" although the file exists. Such
// files are staged under short names in a private temporary directory (a hard link, or a copy
// when linking is refused), and the manifest handed to mkfs names those instead. The caller
// removes the directory when mkfs is done, whatever happened.
import { copyFileSync, linkSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MinopsError } from '../errors.js';
import { isTuple, tuple, vector, type ManifestTuple, type ManifestValue } from '../manifest/tuple.js';

/** The longest host path (in bytes) the real mkfs opens. */
export const MKFS_HOST_PATH_MAX = 255;

export interface StagedHostPaths {
  /** The manifest to give mkfs: `root` itself when nothing needed staging. */
  readonly root: ManifestTuple;
  /** How many files were staged. */
  readonly staged: number;
  /** The staging directory, when there is one. */
  readonly dir?: string;
  /** Removes the staging directory (safe to call more than once). */
  readonly cleanup: () => void;
}

const tooLong = (host: string): boolean => Buffer.byteLength(host) > MKFS_HOST_PATH_MAX;

/** Rewrites every `contents:(host:PATH)` whose PATH mkfs cannot open; relative paths resolve against hostDir. */
export function stageLongHostPaths(root: ManifestTuple, o: { hostDir?: string; tmpDir?: string } = {}): StagedHostPaths {
  let dir: string | undefined;
  let staged = 0;
  const stage = (host: string): string => {
    dir ??= mkdtempSync(path.join(o.tmpDir ?? os.tmpdir(), 'minops-mkfs-'));
    const short = path.join(dir, String(staged++));
    if (tooLong(short)) {
      throw new MinopsError('MKFS_FAILED', `mkfs cannot open host paths over ${MKFS_HOST_PATH_MAX} bytes, and the staging directory ${dir} is too long to shorten them`, {
        where: { file: host },
        hint: 'set TMPDIR to a short directory, or use the native writer (no --mkfs)',
      });
    }
    const source = path.resolve(o.hostDir ?? process.cwd(), host);
    try {
      linkSync(source, short);
    } catch {
      // Another filesystem, or protected_hardlinks on a file we do not own: a copy does the same.
      try {
        copyFileSync(source, short);
      } catch (cause) {
        throw new MinopsError('INPUT_MISSING', `${source}: cannot read: ${(cause as Error).message}`, { where: { file: source }, cause });
      }
    }
    return short;
  };
  const map = (value: ManifestValue, key: string | undefined): ManifestValue => {
    if (isTuple(value)) {
      const host = value.entries.get('host');
      if (key === 'contents' && typeof host === 'string' && tooLong(host)) {
        return tuple([...value.entries].map(([k, v]) => [k, k === 'host' ? stage(host) : v]));
      }
      return tuple([...value.entries].map(([k, v]) => [k, map(v, k)]));
    }
    return typeof value === 'string' ? value : vector(value.items.map((v) => map(v, undefined)));
  };
  const cleanup = (): void => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  };
  try {
    const mapped = map(root, undefined) as ManifestTuple;
    return staged === 0 ? { root, staged, cleanup } : { root: mapped, staged, dir, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}
