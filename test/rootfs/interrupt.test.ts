// A pull killed in the middle of extracting (SIGKILL: no cleanup code runs) leaves no cache entry
// that looks complete; the next pull removes the scratch and starts clean.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { listRootfs, pullRootfs } from '../../src/rootfs/pull-rootfs.js';
import { debianPythonName, debianPythonRootfs, repoRoot } from '../support/debian-rootfs.js';
import { makeOciLayout } from './support/make-oci-layout.js';
import { snapshotTree } from './support/snapshot.js';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'minops-interrupt-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

test('SIGKILL mid-extraction leaves no complete-looking entry, and the next pull starts clean', async () => {
  const layer = path.join(scratch, 'layer.tar');
  execFileSync('tar', ['-C', debianPythonRootfs(), '-cf', layer, '.']);
  const layout = path.join(scratch, 'layout');
  const imageId = makeOciLayout(layout, [{ blob: layer }]);
  const id = imageId.slice('sha256:'.length);
  const cacheDir = path.join(scratch, 'cache');

  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test/rootfs/support/pull-child.ts'), layout, cacheDir], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const said = await new Promise<string>((resolve) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.on('close', () => resolve(out.trim()));
  });
  expect(said).toBe('progress');
  child.kill('SIGKILL');
  await new Promise((resolve) => child.on('close', resolve));

  // Half a tree in scratch, nothing under the image ID, nothing listed.
  const left = fs.readdirSync(cacheDir);
  expect(left).toHaveLength(1);
  expect(left[0]).toMatch(new RegExp(`^\\.tmp-${id}-${child.pid}-`));
  expect(fs.readdirSync(path.join(cacheDir, left[0]!, 'tree')).length).toBeGreaterThan(0);
  expect(listRootfs({ cacheDir })).toEqual([]);

  const pulled = await pullRootfs({ kind: 'oci', dir: layout }, { cacheDir });
  expect(pulled.cached).toBe(false);
  expect(fs.readdirSync(cacheDir)).toEqual([id]);
  expect(pulled.record.python?.path).toBe(`/usr/bin/${debianPythonName(debianPythonRootfs())}`);
  expect(listRootfs({ cacheDir }).map((r) => r.id)).toEqual([id]);
  // And the tree is the Debian rootfs it was made from, file for file (setuid/setgid dropped).
  const shape = (root: string) =>
    Object.entries(snapshotTree(root)).map(([rel, i]) => [rel, i.type, i.mode & ~0o6000, i.sha256 ?? i.linktarget ?? '', i.type === 'symlink' ? 0 : i.mtime]);
  expect(shape(pulled.root)).toEqual(shape(debianPythonRootfs()));
});
