// The rootfs stage's entry point: any source → a tree to treat as '/', plus its record. Images
// (Dockerfile, engine, archives) are extracted once into the content-addressed cache; dir: and
// host are used in place.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { formatRootfsSource, type RootfsSource } from '../config/rootfs-source.js';
import { MinopsError } from '../errors.js';
import { noEvents, type OnEvent } from '../events.js';
import type { Engine, EngineName } from './engine/engine.js';
import { DEFAULT_DOCKERFILE, defaultDockerfile } from './default-dockerfile.js';
import { cachedTreeDamage, discardCachedTree, findCached, listCached, pruneCache, rootfsCacheDir, storeInCache } from './rootfs-cache.js';
import type { PulledRootfs, RootfsRecord } from './rootfs-record.js';

export type { PulledRootfs, RootfsRecord } from './rootfs-record.js';

export interface PullRootfsOptions {
  /** Default: rootfsCacheDir() ($MINOPS_CACHE/rootfs or ~/.cache/minops/rootfs). */
  cacheDir?: string;
  /** Which engine for dockerfile: sources; default: detected (docker if its daemon answers, else podman). */
  engine?: EngineName | Engine;
  onEvent?: OnEvent;
  env?: NodeJS.ProcessEnv;
  /** Check a cached tree file by file (one stat each) and extract again a damaged one. */
  verify?: boolean;
  /** Describe a tree used in place (dir:) in its record — its size (a walk of the whole tree) and
   * its Python — which a build does not need: the planner finds the Python itself (default true). */
  describe?: boolean;
  /** Ask the host's python3 which interpreter it is, for `host` (default true): a build of an ELF
   * program needs no Python. */
  hostPython?: boolean;
}

const MAX_WARNINGS = 10;

/** Fetches (or finds in the cache) the tree `source` names. */
export async function pullRootfs(source: RootfsSource, options: PullRootfsOptions = {}): Promise<PulledRootfs> {
  const onEvent = options.onEvent ?? noEvents;
  const cacheDir = options.cacheDir ?? rootfsCacheDir(options.env);
  const text = formatRootfsSource(source);
  switch (source.kind) {
    case 'host': {
      const record: RootfsRecord = { id: 'host', source: text, sizeBytes: 0, files: 0, createdAt: new Date().toISOString() };
      if (options.hostPython ?? true) record.python = await (await import('./from-host.js')).findHostPython(onEvent);
      return { root: '/', record, cached: false };
    }
    case 'dir':
      return useDirectory(source.path, text, onEvent, options.describe ?? true);
    case 'docker-archive':
    case 'oci-archive':
    case 'oci': {
      // Archive and engine code load only for their sources: `dir:` and `host` start faster.
      const { applyImage, openImageArchive } = await import('./image/unpack-image.js');
      const image = await openImageArchive(source, onEvent);
      const id = image.plan.imageId;
      return fromCacheOr(cacheDir, id, text, onEvent, options.verify, image.plan.manifestDigest, async (tree, warn) => {
        onEvent({ kind: 'start', step: 'extract', total: image.totalBytes });
        await applyImage(image, tree, {
          onWarning: warn,
          onProgress: (done, total) => onEvent({ kind: 'progress', step: 'extract', done, total }),
        });
        onEvent({ kind: 'end', step: 'extract' });
      });
    }
    case 'dockerfile':
    case 'docker-daemon':
    case 'podman': {
      const [{ exportImage, imageIdOf, imageSizeOf }, { builtImageId }] = await Promise.all([import('./from-engine.js'), import('./build-memo.js')]);
      const forced = source.kind === 'docker-daemon' ? 'docker' : source.kind === 'podman' ? 'podman' : undefined;
      const withEngine = async (engine: Engine): Promise<PulledRootfs> => {
        const id =
          source.kind === 'dockerfile'
            ? await builtImageId(engine, dockerfilePath(source.path), cacheDir, onEvent)
            : await imageIdOf(engine, source.ref, onEvent);
        return fromCacheOr(cacheDir, id, text, onEvent, options.verify, undefined, async (tree, warn) => {
          const totalBytes = await imageSizeOf(engine, id, onEvent);
          await exportImage(engine, id, tree, { onEvent, onWarning: warn, totalBytes });
        });
      };
      const engine = await engineFor(forced, options, onEvent);
      try {
        return await withEngine(engine);
      } catch (e) {
        // A remembered engine that fails may be out of date (a daemon gone, storage reset): ask the
        // engines again, and try once more when the answer differs.
        if (!engine.remembered) throw e;
        const fresh = await engineFor(forced, options, onEvent, true);
        if (sameEngine(fresh, engine)) throw e;
        return withEngine(fresh);
      }
    }
  }
}

async function fromCacheOr(
  cacheDir: string,
  imageId: string,
  source: string,
  onEvent: OnEvent,
  verify: boolean | undefined,
  digest: string | undefined,
  fill: (tree: string, warn: (message: string, entry: string) => void) => Promise<void>,
): Promise<PulledRootfs> {
  const id = imageId.replace(/^sha256:/, '');
  const found = findCached(cacheDir, id);
  const hit = found && verify && rootfsDamaged(found, onEvent) ? undefined : found;
  if (hit) {
    onEvent({ kind: 'debug', message: `rootfs ${imageId} is in the cache: ${hit.root}` });
    return hit;
  }
  let warnings = 0;
  const warn = (message: string, entry: string): void => {
    if (++warnings <= MAX_WARNINGS) onEvent({ kind: 'warning', message, where: entry || undefined });
  };
  const pulled = await storeInCache(
    cacheDir,
    id,
    async (tree) => {
      await fill(tree, warn);
      if (warnings > MAX_WARNINGS) onEvent({ kind: 'warning', message: `${warnings - MAX_WARNINGS} more entries were skipped` });
    },
    (tree) => recordOf(tree, { id, source, imageId, digest }),
  );
  if (!pulled.record.python) onEvent({ kind: 'warning', message: `no Python interpreter found in the rootfs from ${source}` });
  return pulled;
}

/** A cached tree checked file by file; a damaged one is removed (saying why), and true returned:
 * pull it again. */
export function rootfsDamaged(pulled: PulledRootfs, onEvent: OnEvent = noEvents): boolean {
  if (!pulled.cached) return false;
  const why = cachedTreeDamage(pulled.root);
  if (why === undefined) return false;
  onEvent({ kind: 'notice', message: `rootfs cache: ${pulled.record.id.slice(0, 12)} is damaged (${why}); extracting it again` });
  discardCachedTree(pulled.root);
  return true;
}

async function recordOf(tree: string, base: Pick<RootfsRecord, 'id' | 'source' | 'imageId' | 'digest'>): Promise<RootfsRecord> {
  const { measureTree } = await import('./measure-tree.js');
  const record: RootfsRecord = { ...base, ...measureTree(tree), createdAt: new Date().toISOString() };
  const python = await pythonOf(tree);
  if (python) record.python = python;
  if (record.digest === undefined) delete record.digest;
  return record;
}

/** The interpreter the python stage will use, for the record (no Python is not an error here). */
async function pythonOf(tree: string): Promise<RootfsRecord['python']> {
  try {
    const { findPython } = await import('../python/find-python.js');
    const layout = await findPython(tree);
    return { path: layout.interpreter, version: `${layout.version.major}.${layout.version.minor}` };
  } catch {
    return undefined;
  }
}

async function useDirectory(dir: string, source: string, onEvent: OnEvent, describe: boolean): Promise<PulledRootfs> {
  const stat = fs.statSync(dir, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) throw new MinopsError('INPUT_MISSING', `${dir}: no such directory (for dir:)`, { where: { file: dir } });
  const root = fs.realpathSync(dir);
  const id = `dir-${createHash('sha256').update(root).digest('hex').slice(0, 16)}`;
  if (!describe) return { root, record: { id, source, sizeBytes: 0, files: 0, createdAt: new Date().toISOString() }, cached: false };
  const record = await recordOf(root, { id, source, imageId: undefined, digest: undefined });
  delete record.imageId;
  if (!record.python) onEvent({ kind: 'warning', message: `no Python interpreter found in ${dir}` });
  return { root, record, cached: false };
}

async function engineFor(forced: EngineName | undefined, options: PullRootfsOptions, onEvent: OnEvent, fresh = false): Promise<Engine> {
  const given = options.engine;
  if (typeof given === 'object' && (!forced || given.name === forced)) return given;
  const name = forced ?? (typeof given === 'string' ? given : undefined);
  const env = { ...(options.env ?? process.env), ...(name ? { MINOPS_ENGINE: name } : {}) };
  const { detectEngine } = await import('./engine/engine.js');
  const engine = await detectEngine({ env, onEvent, fresh });
  if (!engine) {
    throw new MinopsError('ENGINE_MISSING', 'neither docker nor podman works on this machine', {
      hint: 'install podman (apt-get install podman), or use --rootfs host or --rootfs docker-archive:FILE',
    });
  }
  return engine;
}

const sameEngine = (a: Engine, b: Engine): boolean =>
  a.command === b.command && [...a.globalArgs, '|', ...a.runArgs].join(' ') === [...b.globalArgs, '|', ...b.runArgs].join(' ');

/** A relative Dockerfile path from the current directory; the default falls back to minops's own. */
function dockerfilePath(file: string): string {
  return file === DEFAULT_DOCKERFILE ? defaultDockerfile() : path.resolve(file);
}

/**
 * The rootfs to use when neither --rootfs nor the config names one: Dockerfile.rootfs when docker
 * or podman works, else the host's Python; a one-line notice says which and how to choose.
 */
export async function defaultRootfsSource(options: { env?: NodeJS.ProcessEnv; onEvent?: OnEvent } = {}): Promise<RootfsSource> {
  const onEvent = options.onEvent ?? noEvents;
  const { detectEngine } = await import('./engine/engine.js');
  const engine = await detectEngine({ env: options.env, onEvent });
  if (engine) {
    onEvent({ kind: 'notice', message: `rootfs: dockerfile:${DEFAULT_DOCKERFILE} built with ${engine.name} (choose another with --rootfs, e.g. --rootfs host)` });
    return { kind: 'dockerfile', path: DEFAULT_DOCKERFILE };
  }
  onEvent({ kind: 'notice', message: "rootfs: the host's python3, since neither docker nor podman works (choose another with --rootfs SRC)" });
  return { kind: 'host' };
}

/** Cached rootfs trees, oldest first. */
export function listRootfs(options: { cacheDir?: string; env?: NodeJS.ProcessEnv } = {}): (RootfsRecord & { root: string })[] {
  return listCached(options.cacheDir ?? rootfsCacheDir(options.env)).map(({ dir, record }) => ({ ...record, root: path.join(dir, 'tree') }));
}

/** Empties the cache; returns what was removed. */
export function pruneRootfs(options: { cacheDir?: string; env?: NodeJS.ProcessEnv } = {}): { removed: RootfsRecord[]; freedBytes: number } {
  return pruneCache(options.cacheDir ?? rootfsCacheDir(options.env));
}
