// pullRootfs end to end for the sources that need no engine: image archives through the cache,
// dir: in place, host through the interpreter; rootfs ls/prune; the CLI printing the tree's path.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { listRootfs, pruneRootfs, pullRootfs } from '../../src/rootfs/pull-rootfs.js';
import type { StageEvent } from '../../src/events.js';
import { debianPythonName, debianPythonRootfs, fixturesDir, repoRoot } from '../support/debian-rootfs.js';
import { makeOciLayout } from './support/make-oci-layout.js';
import { snapshotTree } from './support/snapshot.js';
import { testWith } from '../support/needs.js';
import { needCommand, needZstd } from '../support/machine-needs.js';

const imagesDir = path.join(fixturesDir, 'images');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'minops-pull-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
const dockerArchive = path.join(imagesDir, 'image-docker-archive.tar');
const fixtureImageId = 'f9770bf0f1c5faee288cc7886687899119f284d1aa5d19393944250c3f07fd66';

describe('pullRootfs from image archives', () => {
  const cacheDir = path.join(scratch, 'cache');

  test('extracts once into <cache>/<image id>/tree, then answers from the cache', async () => {
    const events: StageEvent[] = [];
    const first = await pullRootfs({ kind: 'docker-archive', file: dockerArchive }, { cacheDir, onEvent: (e) => events.push(e) });
    expect(first.cached).toBe(false);
    expect(first.root).toBe(path.join(cacheDir, fixtureImageId, 'tree'));
    expect(fs.readFileSync(path.join(first.root, 'app/data/keep.txt'), 'utf8')).toBe(fs.readFileSync(path.join(first.root, 'app/data/keep-hardlink.txt'), 'utf8'));
    expect(first.record).toMatchObject({ id: fixtureImageId, imageId: `sha256:${fixtureImageId}`, source: `docker-archive:${dockerArchive}`, files: 22 });
    expect(first.record.python).toBeUndefined();
    expect(events.filter((e) => e.kind === 'warning').map((e) => (e as { message: string }).message)).toEqual([
      `no Python interpreter found in the rootfs from docker-archive:${dockerArchive}`,
    ]);
    const progress = events.filter((e) => e.kind === 'progress');
    const last = progress.at(-1) as { done: number; total: number };
    expect(last.done).toBe(last.total);
    expect(last.total).toBeGreaterThan(50_000);

    const again = await pullRootfs({ kind: 'docker-archive', file: dockerArchive }, { cacheDir });
    expect(again).toMatchObject({ cached: true, root: first.root, record: first.record });
    // The same image in another format has the same ID, so it is the same cache entry.
    const oci = await pullRootfs({ kind: 'oci-archive', file: path.join(imagesDir, 'image-oci-archive.tar') }, { cacheDir });
    expect(oci).toMatchObject({ cached: true, root: first.root });
  });

  test('rootfs ls lists the entry and prune empties the cache', async () => {
    await pullRootfs({ kind: 'docker-archive', file: dockerArchive }, { cacheDir });
    expect(listRootfs({ cacheDir }).map((r) => [r.id, r.root])).toEqual([[fixtureImageId, path.join(cacheDir, fixtureImageId, 'tree')]]);
    const pruned = pruneRootfs({ cacheDir });
    expect(pruned.removed.map((r) => r.id)).toEqual([fixtureImageId]);
    expect(listRootfs({ cacheDir })).toEqual([]);
    expect(fs.readdirSync(cacheDir)).toEqual([]);
  });

  testWith([needZstd], 'a zstd layer is detected by its magic bytes and applied', async () => {
    const src = path.join(scratch, 'zsrc');
    fs.mkdirSync(path.join(src, 'usr/bin'), { recursive: true });
    fs.writeFileSync(path.join(src, 'usr/bin/hello'), 'hello zstd\n');
    const plain = path.join(scratch, 'z.tar');
    execFileSync('tar', ['-C', src, '-cf', plain, 'usr']);
    execFileSync('zstd', ['-q', '-f', plain, '-o', `${plain}.zst`]);
    const layout = path.join(scratch, 'zlayout');
    makeOciLayout(layout, [{ blob: `${plain}.zst`, plain, mediaType: 'application/vnd.oci.image.layer.v1.tar+zstd' }]);
    const pulled = await pullRootfs({ kind: 'oci', dir: layout }, { cacheDir: path.join(scratch, 'zcache') });
    expect(fs.readFileSync(path.join(pulled.root, 'usr/bin/hello'), 'utf8')).toBe('hello zstd\n');
  });
});

describe('pullRootfs in place', () => {
  test('dir: uses the tree where it is and finds its Python', async () => {
    const root = debianPythonRootfs();
    const pulled = await pullRootfs({ kind: 'dir', path: root });
    expect(pulled.root).toBe(fs.realpathSync(root));
    const name = debianPythonName(root);
    expect(pulled.record.python).toEqual({ path: `/usr/bin/${name}`, version: name.slice('python'.length) });
    expect(pulled.record.files).toBeGreaterThan(1000);
  });

  test('a missing dir: is INPUT_MISSING naming it', async () => {
    await expect(pullRootfs({ kind: 'dir', path: path.join(scratch, 'nope') })).rejects.toMatchObject({ code: 'INPUT_MISSING', message: expect.stringContaining('nope') });
  });

  testWith([needCommand('python3')], 'host resolves the real interpreter, not a shim', async () => {
    const pulled = await pullRootfs({ kind: 'host' });
    expect(pulled.root).toBe('/');
    const python = pulled.record.python!;
    expect(python.path).toBe(fs.realpathSync(python.path));
    expect(python.path).not.toMatch(/shims/);
    expect(execFileSync(python.path, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], { encoding: 'utf8' }).trim()).toBe(python.version);
  });
});

describe('minops rootfs pull', () => {
  test('prints the path of a tree that matches the archive', () => {
    const cache = path.join(scratch, 'cli-cache');
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', '-e', `import('./src/cli/main.ts').then(async (m) => { process.exitCode = await m.main(${JSON.stringify(args)}); })`], {
        cwd: repoRoot,
        env: { ...process.env, MINOPS_CACHE: cache },
        encoding: 'utf8',
      });
    const r = run(['rootfs', 'pull', `docker-archive:${dockerArchive}`]);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    const root = r.stdout.trim();
    expect(root).toBe(path.join(cache, 'rootfs', fixtureImageId, 'tree'));
    const tree = snapshotTree(root);
    expect(Object.keys(tree)).toHaveLength(35);
    expect(tree['app/links/abs']?.linktarget).toBe('/app/data/keep.txt');
    const ls = run(['rootfs', 'ls', '--json']);
    expect(JSON.parse(ls.stdout).rootfs.map((r: { id: string }) => r.id)).toEqual([fixtureImageId]);
    expect(run(['rootfs', 'prune']).stdout).toMatch(/^Removed 1 cached rootfs tree/);
  });
});
