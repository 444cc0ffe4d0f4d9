// `minops kernel fetch` against the real release tarball: ../shared/nanos/tarball/ (the release
// server's layout, latest.txt + <v>/nanos-release-linux-<v>.tar.gz) served over HTTP on 127.0.0.1,
// reached through MINOPS_RELEASE_URL, by the CLI as a user runs it.
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeWith, need } from '../support/needs.js';
import { runMinops } from '../support/run-minops.js';
import { sharedKernelDir, sharedTarballDir } from '../support/shared-paths.js';

const needTarball = need('release tarball', sharedTarballDir !== undefined && sharedKernelDir !== undefined, 'no Nanos release tarball (../shared/nanos/tarball/)');

let server: Server;
let base = '';
const requests: string[] = [];

beforeAll(async () => {
  if (sharedTarballDir === undefined) return;
  const root = sharedTarballDir;
  // A plain static file server: the bytes of ../shared as they are, with their length.
  server = createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(url);
    const file = path.join(root, path.normalize(url));
    if (!file.startsWith(`${root}/`) || !statSync(file, { throwIfNoEntry: false })?.isFile()) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

// No kernel anywhere else: HOME and the cache are empty, MINOPS_KERNEL_DIR is unset.
const minops = (args: string[], home: string) =>
  runMinops(args, { cwd: home, env: { HOME: home, XDG_CACHE_HOME: path.join(home, 'cache'), MINOPS_KERNEL_DIR: '', MINOPS_RELEASE_URL: base }, timeout: 60_000 });

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Every file under dir, relative, with its digest (../shared has no write bits, so modes differ). */
function tree(dir: string, rel = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const p = path.join(rel, e.name);
    if (e.isDirectory()) Object.assign(out, tree(dir, p));
    else out[p] = sha256(path.join(dir, p));
  }
  return out;
}

describeWith([needTarball], 'minops kernel fetch from a local copy of the release server', () => {
  test('latest.txt names the version, the tarball lands whole with its digest recorded, and a second fetch does nothing', async () => {
    const version = readFileSync(path.join(sharedTarballDir!, 'latest.txt'), 'utf8').trim();
    const tarball = path.join(sharedTarballDir!, version, `nanos-release-linux-${version}.tar.gz`);
    const home = mkdtempSync(path.join(os.tmpdir(), 'minops-fetch-real-'));
    const dir = path.join(home, 'cache/minops/kernels', version);

    const first = await minops(['kernel', 'fetch'], home);
    expect(first.stderr).toContain(`Nanos ${version} installed in ${dir}`);
    expect(first.stdout).toBe(
      `Nanos ${version} is in ${dir}\n  from ${base}${version}/nanos-release-linux-${version}.tar.gz\n  sha256 ${sha256(tarball)} (recorded; no pinned value for this version)`,
    );
    expect(first.exitCode).toBe(0);
    expect(requests).toEqual(['/latest.txt', `/${version}/nanos-release-linux-${version}.tar.gz`]);
    // The same bytes as the release directory the boot tests use, plus the record.
    const { 'minops-release.json': record, ...files } = tree(dir);
    expect(record).toBeDefined();
    expect(files).toEqual(tree(sharedKernelDir!));
    expect(JSON.parse(readFileSync(path.join(dir, 'minops-release.json'), 'utf8'))).toEqual({
      version,
      url: `${base}${version}/nanos-release-linux-${version}.tar.gz`,
      sha256: sha256(tarball),
      verified: false,
      // The seal of every file of the release, checked before the kernel is used.
      files: expect.objectContaining({ 'kernel.img': expect.objectContaining({ size: statSync(path.join(sharedKernelDir!, 'kernel.img')).size }) }),
    });

    const ls = await minops(['kernel', 'ls'], home);
    expect(ls.stdout.split('\n')[1]?.split(/ {2,}/)).toEqual(['*', version, 'cache', dir]);

    requests.length = 0;
    const second = await minops(['kernel', 'fetch'], home);
    expect(second.exitCode).toBe(0);
    expect(second.stdout.split('\n')[0]).toBe(`Nanos ${version} is in ${dir} (already there; nothing downloaded)`);
    expect(requests).toEqual(['/latest.txt']);
    expect(readdirSync(path.dirname(dir))).toEqual([version]);
  });
});
