// `minops rootfs prune`: delete cached rootfs trees.
import { pruneRootfs } from '../../rootfs/pull-rootfs.js';
import type { Command } from '../io.js';

export interface RootfsPruneOptions {
  /** Default: $MINOPS_CACHE/rootfs or ~/.cache/minops/rootfs. */
  cacheDir?: string;
}

export const rootfsPruneCommand: Command<RootfsPruneOptions> = async (options, io) => {
  const { removed, freedBytes } = pruneRootfs({ cacheDir: options.cacheDir });
  if (io.json) {
    io.out(`${JSON.stringify({ removed: removed.map((r) => r.id), freedBytes }, null, 2)}\n`);
    return 0;
  }
  io.out(`Removed ${removed.length} cached rootfs ${removed.length === 1 ? 'tree' : 'trees'} (${(freedBytes / 1e6).toFixed(1)} MB).\n`);
  return 0;
};
