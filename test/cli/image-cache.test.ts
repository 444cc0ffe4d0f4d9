import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { hostPathsOf, imageCacheKey } from '../../src/cli/image-cache.js';
import { tuple } from '../../src/manifest/tuple.js';

test('the image key covers every host file (boot filesystem included) and changes when one does', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'minops-image-cache-'));
  const app = path.join(dir, 'app.py');
  const kernel = path.join(dir, 'kernel.img');
  writeFileSync(app, 'print(1)\n');
  writeFileSync(kernel, 'kernel');
  const file = (host: string) => tuple([['contents', tuple([['host', host]])]]);
  const root = tuple([
    ['children', tuple([['app.py', file(app)]])],
    ['boot', tuple([['children', tuple([['kernel', file(kernel)]])]])],
  ]);
  expect(hostPathsOf(root).sort()).toEqual([app, kernel].sort());
  const key = imageCacheKey(root, { label: 'a' });
  expect(imageCacheKey(root, { label: 'a' })).toBe(key);
  expect(imageCacheKey(root, { label: 'b' })).not.toBe(key);
  writeFileSync(kernel, 'a newer kernel');
  expect(imageCacheKey(root, { label: 'a' })).not.toBe(key);
});
