// `minops cache prune [CACHE...]`: empty every cache, or the ones named.
import { formatBytes } from '../../report/format-bytes.js';
import { MinopsError } from '../../errors.js';
import { CACHE_NAMES, pruneCaches, type CacheName } from '../caches.js';
import type { Command } from '../io.js';

export interface CachePruneOptions {
  /** Empty: every cache. */
  caches: string[];
}

export const cachePruneCommand: Command<CachePruneOptions> = async (options, io) => {
  const unknown = options.caches.filter((c) => !(CACHE_NAMES as readonly string[]).includes(c));
  if (unknown.length > 0) {
    throw new MinopsError('USAGE', `no cache named ${unknown.map((u) => `"${u}"`).join(', ')}`, { hint: `the caches are ${CACHE_NAMES.join(', ')}` });
  }
  const names = options.caches.length > 0 ? (options.caches as CacheName[]) : [...CACHE_NAMES];
  const removed = pruneCaches(names);
  if (io.json) {
    io.out(`${JSON.stringify({ removed }, null, 2)}\n`);
    return 0;
  }
  const total = removed.reduce((n, c) => n + c.bytes, 0);
  const parts = removed.filter((c) => c.entries > 0).map((c) => `${c.name} ${c.entries}`);
  io.out(`Removed ${parts.length > 0 ? parts.join(', ') : 'nothing'} (${formatBytes(total)}).\n`);
  return 0;
};
