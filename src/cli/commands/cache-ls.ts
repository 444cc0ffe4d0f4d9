// `minops cache ls`: every cache under the cache root, with its entries and bytes on disk.
import { minopsCacheDir } from '../../cache-dir.js';
import { formatBytes } from '../../report/format-bytes.js';
import { summarizeCaches } from '../caches.js';
import type { Command } from '../io.js';
import { imageCacheCap } from '../write-cached-image.js';

export const cacheLsCommand: Command<Record<string, never>> = async (_options, io) => {
  const caches = summarizeCaches();
  const total = caches.reduce((n, c) => n + c.bytes, 0);
  const cap = imageCacheCap();
  if (io.json) {
    io.out(`${JSON.stringify({ root: minopsCacheDir(), totalBytes: total, imageCapBytes: cap, caches }, null, 2)}\n`);
    return 0;
  }
  const rows = caches.map((c) => [c.name, String(c.entries), formatBytes(c.bytes), c.what]);
  const header = ['CACHE', 'ENTRIES', 'SIZE', 'WHAT'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((cell, i) => (i < r.length - 1 ? cell.padEnd(widths[i]!) : cell)).join('  ');
  io.out(`${[line(header), ...rows.map(line)].join('\n')}\n`);
  io.out(`${formatBytes(total)} in ${minopsCacheDir()} (images capped at ${formatBytes(cap)}: MINOPS_IMAGE_CACHE_SIZE)\n`);
  return 0;
};
