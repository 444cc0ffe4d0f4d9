// The image cache on disk: entries are used only while their seal checks, the least recently used
// go first past the cap, and `minops cache ls|prune` show and empty every cache.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { evictImages, listImages, openEntry, publishEntry } from '../../src/cli/image-entries.js';
import { imageCacheCap } from '../../src/cli/write-cached-image.js';
import type { StageEvent } from '../../src/events.js';
import { writeImage } from '../../src/image/write-image.js';
import { tuple } from '../../src/manifest/tuple.js';
import { runMain } from './run-main.js';

let dir: string;
let events: StageEvent[];
const onEvent = (e: StageEvent) => events.push(e);
const notices = () => events.filter((e) => e.kind === 'notice').map((e) => (e as { message: string }).message);

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'minops-image-entries-'));
  events = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A small bare TFS image holding `bytes` of data, published as `key`. */
async function publish(key: string, bytes = 4096): Promise<void> {
  const data = path.join(dir, `${key}.bin`);
  writeFileSync(data, Buffer.alloc(bytes, key.charCodeAt(0)));
  const root = tuple([['children', tuple([['data', tuple([['contents', tuple([['host', data]])]])]])]]);
  const opened = await publishEntry(path.join(dir, 'images'), key, (out) => writeImage({ root, out }).then(() => undefined), onEvent);
  expect(opened.key).toBe(key);
}

const disk = (key: string) => path.join(dir, 'images', key, 'disk.img');

describe('image cache entries', () => {
  test('a published entry opens, sealed, and its log tail is recorded for run patches', async () => {
    await publish('a1');
    const entry = openEntry(path.join(dir, 'images'), 'a1', onEvent)!;
    expect(entry.record.seal.size).toBe(statSync(disk('a1')).size);
    expect(entry.record.rootLog.tail.blocks).toBe(1024);
    expect(notices()).toEqual([]);
    expect(openEntry(path.join(dir, 'images'), 'nothing-here', onEvent)).toBeUndefined();
    expect(notices()).toEqual([]);
  });

  test.each([
    ['cut short', (f: string) => truncateSync(f, 4096), /^image cache: d1 is damaged \(4096 bytes, \d+ when it was written\); building it again$/],
    [
      'a byte flipped',
      (f: string) => {
        const b = readFileSync(f);
        b[600] = b[600]! ^ 1;
        writeFileSync(f, b);
      },
      /^image cache: d1 is damaged \(its bytes differ from those written\); building it again$/,
    ],
    ['deleted', (f: string) => rmSync(f), /^image cache: d1 is damaged \(its image is missing\); building it again$/],
  ])('%s: not used, removed, one notice', async (_how, damage, notice) => {
    await publish('d1');
    damage(disk('d1'));
    expect(openEntry(path.join(dir, 'images'), 'd1', onEvent)).toBeUndefined();
    expect(notices()).toEqual([expect.stringMatching(notice)]);
    expect(listImages(path.join(dir, 'images'))).toEqual([]);
  });

  test('the same bytes with a new stamp (a copied cache) are checked once and trusted again', async () => {
    await publish('c1');
    const stampOf = () => (JSON.parse(readFileSync(path.join(dir, 'images/c1/entry.json'), 'utf8')) as { seal: { stamp: string } }).seal.stamp;
    const before = stampOf();
    writeFileSync(disk('c1'), readFileSync(disk('c1'))); // same content, new mtime and ctime
    expect(openEntry(path.join(dir, 'images'), 'c1', onEvent)).toBeDefined();
    expect(stampOf()).not.toBe(before);
    expect(notices()).toEqual([]);
  });

  test('past the cap the least recently used entries go; the one just written stays', async () => {
    for (const key of ['old', 'mid', 'new']) await publish(key, 300_000);
    const images = path.join(dir, 'images');
    const each = listImages(images)[0]!.bytes;
    // Last use: old < mid < new; then `old` is used again.
    const at = (key: string, s: number) => utimesSync(path.join(images, key), s, s);
    at('old', 1000);
    at('mid', 2000);
    at('new', 3000);
    openEntry(images, 'old', onEvent);
    const evicted = evictImages(images, 2 * each, 'new');
    expect(evicted.removed).toEqual(['mid']);
    expect(listImages(images).map((e) => e.key).sort()).toEqual(['new', 'old']);
    expect(evictImages(images, 1, 'new').removed).toEqual(['old']);
  });

  test('MINOPS_IMAGE_CACHE_SIZE sets the cap; a bad value names the variable', () => {
    expect(imageCacheCap({})).toBe(2e9);
    expect(imageCacheCap({ MINOPS_IMAGE_CACHE_SIZE: '500m' })).toBe(500 * 1024 ** 2);
    expect(() => imageCacheCap({ MINOPS_IMAGE_CACHE_SIZE: 'lots' })).toThrow(/^MINOPS_IMAGE_CACHE_SIZE: "lots" is not a size/);
  });
});

describe('minops cache ls | prune', () => {
  test('every cache is listed with its entries and bytes, and emptied by prune', async () => {
    const saved = process.env.MINOPS_CACHE;
    process.env.MINOPS_CACHE = path.join(dir, 'cache');
    try {
      const cache = process.env.MINOPS_CACHE;
      await publishEntry(path.join(cache, 'images'), 'img1', async (out) => {
        const data = path.join(dir, 'x');
        writeFileSync(data, 'x');
        await writeImage({ root: tuple([['children', tuple([['x', tuple([['contents', tuple([['host', data]])]])]])]]), out });
      }, onEvent);
      mkdirSync(path.join(cache, 'bundle/plans'), { recursive: true });
      writeFileSync(path.join(cache, 'bundle/plans/p1.json'), 'plan');
      mkdirSync(path.join(cache, 'bundle/pyc/ab'), { recursive: true });
      writeFileSync(path.join(cache, 'bundle/pyc/ab/ab12.pyc'), 'pyc');
      writeFileSync(path.join(cache, 'bundle/pyc/ab/ab12.pyc.seal'), '{}');
      mkdirSync(path.join(cache, 'kernels/0.1.0'), { recursive: true });
      mkdirSync(path.join(cache, 'volumes/keep-me'), { recursive: true });

      const ls = await runMain(['cache', 'ls', '--json']);
      expect(ls.status).toBe(0);
      const listed = JSON.parse(ls.stdout) as { caches: { name: string; entries: number }[] };
      expect(Object.fromEntries(listed.caches.map((c) => [c.name, c.entries]))).toEqual({
        rootfs: 0,
        plans: 1,
        bytecode: 1,
        images: 1,
        persist: 0,
        kernels: 1,
        accel: 0,
      });
      const text = await runMain(['cache', 'ls']);
      expect(text.stdout.split('\n')[0]).toBe('CACHE     ENTRIES  SIZE    WHAT');

      const some = await runMain(['cache', 'prune', 'images', 'plans']);
      expect(some.stdout).toMatch(/^Removed plans 1, images 1 \(.+\)\.\n$/);
      const all = await runMain(['cache', 'prune']);
      expect(all.stdout).toMatch(/^Removed bytecode 1, kernels 1 \(.+\)\.\n$/);
      // Named volumes are the user's data, not a cache.
      expect(statSync(path.join(cache, 'volumes/keep-me')).isDirectory()).toBe(true);

      const bad = await runMain(['cache', 'prune', 'everything']);
      expect(bad.status).toBe(125);
      expect(bad.stderr.split('\n')[0]).toBe('minops: no cache named "everything"');
    } finally {
      if (saved === undefined) delete process.env.MINOPS_CACHE;
      else process.env.MINOPS_CACHE = saved;
    }
  });
});
