// Every cache minops keeps under its cache root, for `minops cache ls` and `minops cache prune`:
// what each holds, how many entries and how many bytes on disk, and how to empty it so that a
// minops running beside the prune never sees half an entry (each entry goes with one rename).
// Named volumes are user data, not a cache: they are neither listed nor pruned here.
import fs from 'node:fs';
import path from 'node:path';
import { bundleCacheDir } from '../bundle/plan-input-from-settings.js';
import { minopsCacheDir } from '../cache-dir.js';
import { discardEntry, sweepScratch } from '../cache-scratch.js';
import { diskBytes } from '../disk-bytes.js';
import { kernelCacheDir } from '../kernel/kernel-places.js';
import { pruneRootfs } from '../rootfs/pull-rootfs.js';
import { rootfsCacheDir } from '../rootfs/rootfs-cache.js';
import { imageCacheDir } from './image-cache.js';
import { listImages, pruneImages } from './image-entries.js';

export const CACHE_NAMES = ['rootfs', 'plans', 'bytecode', 'images', 'persist', 'kernels', 'accel'] as const;
export type CacheName = (typeof CACHE_NAMES)[number];

export interface CacheSummary {
  name: CacheName;
  what: string;
  dir: string;
  entries: number;
  bytes: number;
}

interface CacheKind {
  what: string;
  dir: (env: NodeJS.ProcessEnv) => string;
  /** Entry paths (each removed as a whole). */
  entries: (dir: string) => string[];
  prune?: (dir: string) => void;
}

/** Entries of a cache folder: dot names are scratch (`.tmp-…`, a kernel's `.fetch-…`). */
const children = (dir: string): string[] => {
  try {
    return fs.readdirSync(dir).filter((n) => !n.startsWith('.')).map((n) => path.join(dir, n));
  } catch {
    return [];
  }
};

const KINDS: Record<CacheName, CacheKind> = {
  rootfs: { what: 'extracted rootfs trees (`minops rootfs ls`)', dir: (env) => rootfsCacheDir(env), entries: children, prune: (dir) => pruneRootfs({ cacheDir: dir }) },
  plans: { what: 'bundle plans (what goes into an image)', dir: (env) => path.join(bundleCacheDir(env), 'plans'), entries: children },
  bytecode: { what: 'compiled .pyc files', dir: (env) => path.join(bundleCacheDir(env), 'pyc'), entries: (dir) => children(dir).flatMap(children).filter((p) => !p.endsWith('.seal')) },
  images: { what: 'built images (least recently used go first past MINOPS_IMAGE_CACHE_SIZE)', dir: (env) => imageCacheDir(env), entries: (dir) => listImages(dir).map((e) => path.join(dir, e.key)), prune: (dir) => pruneImages(dir) },
  persist: { what: 'disks kept by `run --persist`', dir: (env) => path.join(minopsCacheDir(env), 'persist'), entries: children },
  kernels: { what: 'Nanos releases fetched by `minops kernel fetch`', dir: (env) => kernelCacheDir(env), entries: children },
  accel: { what: 'which accelerator worked on this host', dir: (env) => minopsCacheDir(env), entries: (dir) => children(dir).filter((p) => path.basename(p) === 'accel.json') },
};

export function summarizeCaches(env: NodeJS.ProcessEnv = process.env): CacheSummary[] {
  return CACHE_NAMES.map((name) => {
    const kind = KINDS[name];
    const dir = kind.dir(env);
    const entries = kind.entries(dir);
    const bytes = name === 'bytecode' ? entries.reduce((n, p) => n + diskBytes(p) + diskBytes(`${p}.seal`), 0) : entries.reduce((n, p) => n + diskBytes(p), 0);
    return { name, what: kind.what, dir, entries: entries.length, bytes };
  });
}

/** Empties the named caches; returns what each held before. */
export function pruneCaches(names: readonly CacheName[], env: NodeJS.ProcessEnv = process.env): CacheSummary[] {
  const before = summarizeCaches(env).filter((s) => names.includes(s.name));
  for (const { name, dir } of before) {
    const kind = KINDS[name];
    if (kind.prune) {
      kind.prune(dir);
      continue;
    }
    sweepScratch(dir);
    // Whole subfolders (bytecode's 00..ff) go with one rename each; a compile beside us then
    // fails to place its .pyc and ships the source alone, never a half file.
    const whole = name === 'bytecode' ? children(dir) : kind.entries(dir);
    for (const entry of whole) discardEntry(entry);
  }
  return before;
}
