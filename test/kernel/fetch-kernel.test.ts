// `minops kernel fetch` against a local HTTP server on 127.0.0.1 serving tarballs made here.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fetchKernel, RELEASE_RECORD } from '../../src/kernel/fetch-kernel.js';
import { findKernel } from '../../src/kernel/find-kernel.js';
import { releaseUrl } from '../../src/kernel/release-url.js';

async function releaseTarball(files: Record<string, string>): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, body] of Object.entries(files)) {
    if (name.endsWith('/')) pack.entry({ name, type: 'directory', mode: 0o755 });
    else pack.entry({ name, mode: 0o644 }, body);
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

type Route = (res: ServerResponse) => void;
const routes = new Map<string, Route>();
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const route = routes.get(req.url ?? '');
    if (route) route(res);
    else res.writeHead(404).end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/nanos/release/`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const serve = (version: string, body: Buffer) =>
  routes.set(new URL(releaseUrl(base, version)).pathname, (res) => res.writeHead(200, { 'content-length': body.length }).end(body));

const cacheDir = () => mkdtempSync(path.join(os.tmpdir(), 'minops-fetch-'));
/** Nothing but finished kernels may be in the cache: no .fetch-* leftovers. */
const cacheEntries = (dir: string) => readdirSync(dir).sort();

const GOOD = { 'boot.img': 'BOOT', 'kernel.img': 'KERNEL', 'klibs/': '', 'klibs/ntp': 'NTP' };

describe('fetchKernel', () => {
  test('downloads, extracts into <cache>/<version>/, records the SHA-256, and findKernel sees it', async () => {
    const body = await releaseTarball(GOOD);
    serve('0.1.90', body);
    const xdg = mkdtempSync(path.join(os.tmpdir(), 'minops-xdg-'));
    const dir = path.join(xdg, 'minops/kernels'); // the default place: ~/.cache/minops/kernels
    const k = await fetchKernel({ version: '0.1.90', baseUrl: base, env: { XDG_CACHE_HOME: xdg } });
    expect(k).toMatchObject({
      version: '0.1.90',
      dir: path.join(dir, '0.1.90'),
      kernelImg: path.join(dir, '0.1.90/kernel.img'),
      klibDir: path.join(dir, '0.1.90/klibs'),
      url: `${base}0.1.90/nanos-release-linux-0.1.90.tar.gz`,
      sha256: sha256(body),
      verified: false,
    });
    expect(readFileSync(k.kernelImg, 'utf8')).toBe('KERNEL');
    expect(JSON.parse(readFileSync(path.join(k.dir, RELEASE_RECORD), 'utf8'))).toEqual({
      version: '0.1.90',
      url: k.url,
      sha256: sha256(body),
      verified: false,
      // Each file's seal, checked before the kernel is used.
      files: {
        'boot.img': { size: 4, sha256: sha256(Buffer.from('BOOT')), stamp: expect.any(String) },
        'kernel.img': { size: 6, sha256: sha256(Buffer.from('KERNEL')), stamp: expect.any(String) },
        'klibs/ntp': { size: 3, sha256: sha256(Buffer.from('NTP')), stamp: expect.any(String) },
      },
    });
    expect(cacheEntries(dir)).toEqual(['0.1.90']);
    const home = mkdtempSync(path.join(os.tmpdir(), 'minops-home-'));
    expect(findKernel({ env: { XDG_CACHE_HOME: xdg }, home, cwd: home })).toMatchObject({ source: 'cache', version: '0.1.90' });
  });

  test('MINOPS_RELEASE_URL sets the server; latest.txt names the version when none is given', async () => {
    serve('0.1.91', await releaseTarball({ 'boot.img': 'B', 'stage3.img': 'OLD-NAME' }));
    routes.set('/nanos/release/latest.txt', (res) => res.end('0.1.91\n'));
    const dir = cacheDir();
    const k = await fetchKernel({ cacheDir: dir, env: { MINOPS_RELEASE_URL: base.slice(0, -1) } });
    expect(k.version).toBe('0.1.91');
    // Old releases name the kernel stage3.img; it is renamed as ops does.
    expect(readFileSync(k.kernelImg, 'utf8')).toBe('OLD-NAME');
  });

  test('a pinned digest that does not match is refused and nothing is installed', async () => {
    const body = await releaseTarball(GOOD);
    serve('0.1.92', body);
    const dir = cacheDir();
    const fetching = fetchKernel({ version: '0.1.92', baseUrl: base, cacheDir: dir, expectedSha256: '0'.repeat(64) });
    await expect(fetching).rejects.toMatchObject({
      code: 'DIGEST_MISMATCH',
      message: `${base}0.1.92/nanos-release-linux-0.1.92.tar.gz has SHA-256 ${sha256(body)}, expected ${'0'.repeat(64)}; refused`,
    });
    expect(cacheEntries(dir)).toEqual([]);
    const ok = await fetchKernel({ version: '0.1.92', baseUrl: base, cacheDir: dir, expectedSha256: sha256(body).toUpperCase() });
    expect(ok.verified).toBe(true);
  });

  test('a truncated download is a clear error and leaves nothing behind', async () => {
    const body = await releaseTarball(GOOD);
    routes.set('/nanos/release/0.1.93/nanos-release-linux-0.1.93.tar.gz', (res) => {
      res.writeHead(200, { 'content-length': body.length });
      res.write(body.subarray(0, 100));
      setTimeout(() => res.destroy(), 20);
    });
    const dir = cacheDir();
    await expect(fetchKernel({ version: '0.1.93', baseUrl: base, cacheDir: dir })).rejects.toMatchObject({
      code: 'DOWNLOAD_FAILED',
      message: expect.stringMatching(/failed: truncated: got 100 of \d+ bytes$/),
    });
    expect(cacheEntries(dir)).toEqual([]);
  });

  test('a server that stalls is given up on after the idle timeout', async () => {
    routes.set('/nanos/release/0.1.94/nanos-release-linux-0.1.94.tar.gz', (res) => {
      res.writeHead(200, { 'content-length': 1000 });
      res.write(Buffer.alloc(10)); // then nothing, forever
    });
    const dir = cacheDir();
    await expect(fetchKernel({ version: '0.1.94', baseUrl: base, cacheDir: dir, idleTimeoutSeconds: 0.3 })).rejects.toMatchObject({
      code: 'DOWNLOAD_FAILED',
      message: expect.stringContaining('the server sent nothing for 0.3 s (after 10 bytes)'),
    });
    expect(cacheEntries(dir)).toEqual([]);
  });

  test('an unknown version is a 404 naming the URL', async () => {
    await expect(fetchKernel({ version: '9.9.9', baseUrl: base, cacheDir: cacheDir() })).rejects.toMatchObject({
      code: 'DOWNLOAD_FAILED',
      message: `download of ${base}9.9.9/nanos-release-linux-9.9.9.tar.gz failed: not found (HTTP 404)`,
    });
  });

  test('a tarball that is not gzip, or lacks boot.img, is refused without a trace', async () => {
    serve('0.1.95', Buffer.from('this is not a tarball'));
    serve('0.1.96', await releaseTarball({ 'kernel.img': 'K' }));
    const dir = cacheDir();
    await expect(fetchKernel({ version: '0.1.95', baseUrl: base, cacheDir: dir })).rejects.toMatchObject({ code: 'ARCHIVE_INVALID' });
    await expect(fetchKernel({ version: '0.1.96', baseUrl: base, cacheDir: dir })).rejects.toMatchObject({
      code: 'KERNEL_INVALID',
      message: `${base}0.1.96/nanos-release-linux-0.1.96.tar.gz has no boot.img at its top level`,
    });
    expect(cacheEntries(dir)).toEqual([]);
  });

  test('a tarball entry escaping the target is refused by the safe extractor', async () => {
    serve('0.1.97', await releaseTarball({ 'boot.img': 'B', 'kernel.img': 'K', '../escape': 'x' }));
    const dir = cacheDir();
    await expect(fetchKernel({ version: '0.1.97', baseUrl: base, cacheDir: dir })).rejects.toMatchObject({
      code: 'ARCHIVE_UNSAFE',
      message: expect.stringContaining(`skipped "../escape": the name contains '..'`),
    });
    expect(cacheEntries(dir)).toEqual([]);
    expect(existsSync(path.join(dir, '..', 'escape'))).toBe(false);
  });

  test('a version that is not a plain name is refused before any download', async () => {
    await expect(fetchKernel({ version: '../../etc', baseUrl: base, cacheDir: cacheDir() })).rejects.toMatchObject({ code: 'USAGE' });
  });

  test('a second fetch of the same version downloads nothing; --force replaces the old copy in one step', async () => {
    const dir = cacheDir();
    serve('0.1.98', await releaseTarball({ 'boot.img': 'B1', 'kernel.img': 'K1' }));
    const first = await fetchKernel({ version: '0.1.98', baseUrl: base, cacheDir: dir });
    expect(first.alreadyPresent).toBe(false);
    let asked = 0;
    serve('0.1.98', await releaseTarball({ 'boot.img': 'B2', 'kernel.img': 'K2' }));
    const route = routes.get('/nanos/release/0.1.98/nanos-release-linux-0.1.98.tar.gz')!;
    routes.set('/nanos/release/0.1.98/nanos-release-linux-0.1.98.tar.gz', (res) => {
      asked++;
      route(res);
    });
    const again = await fetchKernel({ version: '0.1.98', baseUrl: base, cacheDir: dir });
    expect(again).toMatchObject({ alreadyPresent: true, sha256: first.sha256, dir: first.dir });
    expect(asked).toBe(0);
    expect(readFileSync(again.kernelImg, 'utf8')).toBe('K1');
    const forced = await fetchKernel({ version: '0.1.98', baseUrl: base, cacheDir: dir, force: true });
    expect(asked).toBe(1);
    expect(readFileSync(forced.kernelImg, 'utf8')).toBe('K2');
    expect(cacheEntries(dir)).toEqual(['0.1.98']);
  });

  test('a directory without a release record (not written by a fetch) is replaced', async () => {
    const dir = cacheDir();
    serve('0.1.99', await releaseTarball({ 'boot.img': 'B', 'kernel.img': 'K' }));
    mkdirSync(path.join(dir, '0.1.99'));
    writeFileSync(path.join(dir, '0.1.99/kernel.img'), 'OLD');
    writeFileSync(path.join(dir, '0.1.99/boot.img'), 'OLD');
    const k = await fetchKernel({ version: '0.1.99', baseUrl: base, cacheDir: dir });
    expect(k.alreadyPresent).toBe(false);
    expect(readFileSync(k.kernelImg, 'utf8')).toBe('K');
  });
});
