// `minops rootfs pull SRC`: fetch and unpack a rootfs into the cache; prints the tree's path.
import type { RootfsSource } from '../../config/rootfs-source.js';
import { pullRootfs } from '../../rootfs/pull-rootfs.js';
import type { Command } from '../io.js';

export interface RootfsPullOptions {
  source: RootfsSource;
  /** Default: $MINOPS_CACHE/rootfs or ~/.cache/minops/rootfs. */
  cacheDir?: string;
}

export const rootfsPullCommand: Command<RootfsPullOptions> = async (options, io) => {
  const pulled = await pullRootfs(options.source, { cacheDir: options.cacheDir, onEvent: io.onEvent, verify: true });
  if (io.json) {
    io.out(`${JSON.stringify({ root: pulled.root, cached: pulled.cached, record: pulled.record }, null, 2)}\n`);
    return 0;
  }
  io.out(`${pulled.root}\n`);
  if (io.verbose) {
    const python = pulled.record.python ? `python ${pulled.record.python.version} at ${pulled.record.python.path}` : 'no python found';
    io.err(`${pulled.cached ? 'from the cache' : 'extracted'}: ${pulled.record.files} files, ${pulled.record.sizeBytes} bytes, ${python}\n`);
  }
  return 0;
};
