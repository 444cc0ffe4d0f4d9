// `minops volume ls`: every volume, its size, how much of it the guest's files use, and its file.
import { openImage } from '../../image/read-image.js';
import { listEntries } from '../../image/tfs/entries.js';
import { listVolumes, type StoredVolume } from '../../image/volume/volume-store.js';
import type { Command } from '../io.js';

const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

export const volumeLsCommand: Command<Record<string, never>> = async (_options, io) => {
  const volumes = await Promise.all(listVolumes().map(withUsage));
  if (io.json) {
    io.out(`${JSON.stringify({ volumes }, null, 2)}\n`);
    return 0;
  }
  if (volumes.length === 0) {
    io.out('No volumes. `minops volume create NAME` makes one.\n');
    return 0;
  }
  const rows = volumes.map((v) => [v.name, megabytes(v.sizeBytes), v.usedBytes === undefined ? 'unreadable' : megabytes(v.usedBytes), v.file]);
  const header = ['NAME', 'SIZE', 'USED', 'FILE'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: string[]): string => r.map((cell, c) => (c < r.length - 1 ? cell.padEnd(widths[c]!) : cell)).join('  ');
  io.out(`${[line(header), ...rows.map(line)].join('\n')}\n`);
  return 0;
};

/** Bytes in the volume's files (its log replayed); undefined when it cannot be read. */
async function withUsage(v: StoredVolume): Promise<StoredVolume & { usedBytes?: number }> {
  try {
    const image = await openImage(v.file);
    try {
      const usedBytes = listEntries(image.root.root).reduce((n, e) => n + (e.type === 'file' ? e.size : 0), 0);
      return { ...v, usedBytes };
    } finally {
      await image.close();
    }
  } catch {
    return v;
  }
}
