// `minops rootfs ls`: list cached rootfs trees.
import { listRootfs } from '../../rootfs/pull-rootfs.js';
import type { Command } from '../io.js';

export interface RootfsLsOptions {
  /** Default: $MINOPS_CACHE/rootfs or ~/.cache/minops/rootfs. */
  cacheDir?: string;
}

const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

export const rootfsLsCommand: Command<RootfsLsOptions> = async (options, io) => {
  const entries = listRootfs({ cacheDir: options.cacheDir });
  if (io.json) {
    io.out(`${JSON.stringify({ rootfs: entries }, null, 2)}\n`);
    return 0;
  }
  if (entries.length === 0) {
    io.out('No cached rootfs. `minops rootfs pull SRC` makes one.\n');
    return 0;
  }
  const rows = entries.map((e) => [e.id.slice(0, 12), e.python?.version ?? '-', megabytes(e.sizeBytes), e.createdAt.slice(0, 19).replace('T', ' '), e.source]);
  const header = ['ID', 'PYTHON', 'SIZE', 'CREATED', 'SOURCE'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: string[]): string => r.map((cell, c) => (c < r.length - 1 ? cell.padEnd(widths[c]!) : cell)).join('  ');
  io.out(`${[line(header), ...rows.map(line)].join('\n')}\n`);
  return 0;
};
