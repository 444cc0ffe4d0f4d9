// The rootfs cache: <cacheDir>/<id>/{tree/,record.json,seals.json}. An entry is filled in a private
// scratch directory (.tmp-<id>-<pid>-<n>) and renamed into place only when complete, so an
// interrupted extraction never leaves an entry that looks complete; scratch left by dead
// processes is removed on the next pull. seals.json (tree-seals.ts) tells a damaged tree.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { discardEntry, isScratchName, scratchPath, sweepScratch } from '../cache-scratch.js';
import { MinopsError } from '../errors.js';
import type { PulledRootfs, RootfsRecord } from './rootfs-record.js';
import { sealTree, treeDamage, type TreeSeals } from './tree-seals.js';

const RECORD = 'record.json';
const TREE = 'tree';
const SEALS = 'seals.json';

/** `$MINOPS_CACHE/rootfs`, else `$XDG_CACHE_HOME/minops/rootfs`, else `~/.cache/minops/rootfs`. */
export function rootfsCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MINOPS_CACHE) return path.resolve(env.MINOPS_CACHE, 'rootfs');
  const base = env.XDG_CACHE_HOME ? path.resolve(env.XDG_CACHE_HOME) : path.join(os.homedir(), '.cache');
  return path.join(base, 'minops', 'rootfs');
}

function readRecord(entryDir: string): RootfsRecord | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(entryDir, RECORD), 'utf8')) as RootfsRecord;
  } catch {
    return undefined;
  }
}

/** The complete entry for `id`, if there is one. */
export function findCached(cacheDir: string, id: string): PulledRootfs | undefined {
  const dir = path.join(cacheDir, id);
  const record = readRecord(dir);
  if (!record || !fs.statSync(path.join(dir, TREE), { throwIfNoEntry: false })?.isDirectory()) return undefined;
  return { root: path.join(dir, TREE), record, cached: true };
}

/** Why the cached tree at `root` is not what was stored (undefined: whole, or stored without seals
 * by an older minops). One stat per file. */
export function cachedTreeDamage(root: string): string | undefined {
  let seals: TreeSeals;
  try {
    seals = JSON.parse(fs.readFileSync(path.join(path.dirname(root), SEALS), 'utf8')) as TreeSeals;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : `${SEALS} is unreadable`;
  }
  return treeDamage(root, seals);
}

/** Removes the cache entry whose tree is `root`. */
export const discardCachedTree = (root: string): boolean => discardEntry(path.dirname(root));

/**
 * Makes the entry `id`: `fill(treeDir)` writes the tree, then the record is written and the
 * scratch directory renamed into place. On any error the scratch is removed.
 */
export async function storeInCache(
  cacheDir: string,
  id: string,
  fill: (treeDir: string) => Promise<void>,
  recordOf: (treeDir: string) => Promise<RootfsRecord>,
): Promise<PulledRootfs> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)) throw new MinopsError('INTERNAL', `bad rootfs cache id "${id}"`);
  fs.mkdirSync(cacheDir, { recursive: true });
  sweepScratch(cacheDir);
  const scratch = scratchPath(cacheDir, id);
  fs.mkdirSync(scratch);
  try {
    const tree = path.join(scratch, TREE);
    fs.mkdirSync(tree);
    await fill(tree);
    const record = await recordOf(tree);
    fs.writeFileSync(path.join(scratch, SEALS), JSON.stringify(sealTree(tree)));
    fs.writeFileSync(path.join(scratch, RECORD), `${JSON.stringify(record, null, 2)}\n`);
    const final = path.join(cacheDir, id);
    try {
      fs.renameSync(scratch, final);
    } catch (e) {
      // Another pull of the same image finished first: its entry is as good as ours.
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e;
      fs.rmSync(scratch, { recursive: true, force: true });
      const existing = findCached(cacheDir, id);
      if (!existing) throw e;
      return existing;
    }
    return { root: path.join(final, TREE), record, cached: false };
  } catch (e) {
    fs.rmSync(scratch, { recursive: true, force: true });
    throw e;
  }
}

/** Complete entries, oldest first. */
export function listCached(cacheDir: string): { dir: string; record: RootfsRecord }[] {
  if (!fs.existsSync(cacheDir)) return [];
  const entries: { dir: string; record: RootfsRecord }[] = [];
  for (const name of fs.readdirSync(cacheDir).sort()) {
    if (name.startsWith('.')) continue;
    const record = readRecord(path.join(cacheDir, name));
    if (record) entries.push({ dir: path.join(cacheDir, name), record });
  }
  return entries.sort((a, b) => a.record.createdAt.localeCompare(b.record.createdAt) || a.record.id.localeCompare(b.record.id));
}

/** Deletes every entry (and leftover scratch); returns what was removed. */
export function pruneCache(cacheDir: string): { removed: RootfsRecord[]; freedBytes: number } {
  const removed: RootfsRecord[] = [];
  let freedBytes = 0;
  for (const { dir, record } of listCached(cacheDir)) {
    // Renamed away first: a pull or a run beside this prune never finds half a tree.
    if (!discardEntry(dir)) continue;
    removed.push(record);
    freedBytes += record.sizeBytes;
  }
  sweepScratch(cacheDir);
  // Incomplete entries (no record) are not listed but are still garbage.
  for (const name of fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir) : []) {
    if (!isScratchName(name)) discardEntry(path.join(cacheDir, name));
  }
  return { removed, freedBytes };
}
