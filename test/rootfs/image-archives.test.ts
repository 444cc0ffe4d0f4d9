// Every archive in ../shared/fixtures/images extracts to exactly its expected JSON: types, modes,
// sizes, sha256, link targets, mtimes and hard-link groups, in both directions (nothing missing,
// nothing extra).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { MinopsError } from '../../src/errors.js';
import { extractTar } from '../../src/rootfs/tar/extract.js';
import { openImageArchive, unpackImageArchive, type ImageArchiveSource } from '../../src/rootfs/image/unpack-image.js';
import { fixturesDir } from '../support/debian-rootfs.js';
import { snapshotTree } from './support/snapshot.js';

const imagesDir = path.join(fixturesDir, 'images');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'minops-images-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

interface Expected {
  entries: { path: string; type: string; mode: string; size?: number; sha256?: string; linktarget?: string; mtime: number }[];
  hardlinkGroups: string[][];
}
const expectedOf = (name: string): Expected => JSON.parse(fs.readFileSync(path.join(imagesDir, name), 'utf8'));

/** The tree in the expected JSON's own shape, so a mismatch shows as a readable diff. */
function describeTree(root: string): { entries: Record<string, unknown>; hardlinkGroups: string[][] } {
  const tree = snapshotTree(root);
  const entries: Record<string, unknown> = {};
  const byInode = new Map<number, string[]>();
  for (const [rel, info] of Object.entries(tree)) {
    const p = `/${rel}`;
    entries[p] = {
      type: info.type,
      mode: info.mode.toString(8).padStart(4, '0'),
      ...(info.type === 'file' ? { size: info.size, sha256: info.sha256 } : {}),
      ...(info.type === 'symlink' ? { linktarget: info.linktarget } : { mtime: info.mtime }),
    };
    if (info.type === 'file' && info.nlink > 1) byInode.set(info.ino, [...(byInode.get(info.ino) ?? []), p]);
  }
  const hardlinkGroups = [...byInode.values()].map((g) => g.sort()).sort((a, b) => a[0]!.localeCompare(b[0]!));
  return { entries, hardlinkGroups };
}

function expectedTree(expected: Expected): { entries: Record<string, unknown>; hardlinkGroups: string[][] } {
  const entries: Record<string, unknown> = {};
  for (const e of expected.entries) {
    entries[e.path] = {
      type: e.type,
      mode: e.mode,
      ...(e.type === 'file' ? { size: e.size, sha256: e.sha256 } : {}),
      // Symlink times are kept too, but the kernel may refresh them; the expected JSON's are checked on files/dirs.
      ...(e.type === 'symlink' ? { linktarget: e.linktarget } : { mtime: e.mtime }),
    };
  }
  return { entries, hardlinkGroups: expected.hardlinkGroups.map((g) => [...g].sort()) };
}

const layered: { file: string; source: ImageArchiveSource | 'oci-dir'; expected: string }[] = [
  { file: 'image-docker-archive.tar', source: { kind: 'docker-archive', file: path.join(imagesDir, 'image-docker-archive.tar') }, expected: 'expected-rootfs.json' },
  { file: 'image-oci-archive.tar', source: { kind: 'oci-archive', file: path.join(imagesDir, 'image-oci-archive.tar') }, expected: 'expected-rootfs.json' },
  { file: 'image-oci-layout.tar', source: 'oci-dir', expected: 'expected-rootfs.json' },
  { file: 'image-vfs-docker-archive.tar', source: { kind: 'docker-archive', file: path.join(imagesDir, 'image-vfs-docker-archive.tar') }, expected: 'expected-rootfs-vfs.json' },
];

describe('fixture image archives', () => {
  for (const { file, source, expected } of layered) {
    test(`${file} applies its 3 layers to exactly ${expected}`, async () => {
      const target = fs.mkdtempSync(path.join(scratch, 'tree-'));
      let resolved = source;
      if (source === 'oci-dir') {
        // oci:DIR reads a layout directory; the fixture is that directory, tarred.
        const dir = fs.mkdtempSync(path.join(scratch, 'ocidir-'));
        await extractTar(fs.createReadStream(path.join(imagesDir, file)), dir, { mode: 'flat' });
        resolved = { kind: 'oci', dir };
      }
      const warnings: string[] = [];
      const plan = await unpackImageArchive(resolved as ImageArchiveSource, target, { onWarning: (m) => warnings.push(m) });
      expect(plan.layers).toHaveLength(3);
      expect(plan.config.WorkingDir).toBe('/app');
      expect(warnings).toEqual([]);
      expect(describeTree(target)).toEqual(expectedTree(expectedOf(expected)));
    });
  }

  test('rootfs-export.tar (podman export, flat) extracts to exactly expected-rootfs.json', async () => {
    const target = fs.mkdtempSync(path.join(scratch, 'flat-'));
    const result = await extractTar(fs.createReadStream(path.join(imagesDir, 'rootfs-export.tar')), target, { mode: 'flat' });
    expect(result.skipped).toBe(0);
    expect(describeTree(target)).toEqual(expectedTree(expectedOf('expected-rootfs.json')));
  });

  test('the image ID is the config digest, the same whatever the archive format', async () => {
    const archives = JSON.parse(fs.readFileSync(path.join(imagesDir, 'archives.json'), 'utf8')).archives as { file: string; config?: string }[];
    const docker = await openImageArchive({ kind: 'docker-archive', file: path.join(imagesDir, 'image-docker-archive.tar') });
    const oci = await openImageArchive({ kind: 'oci-archive', file: path.join(imagesDir, 'image-oci-archive.tar') });
    expect(docker.plan.imageId).toBe(`sha256:${archives[0]!.config!.replace('.json', '')}`);
    expect(oci.plan.imageId).toBe(docker.plan.imageId);
    expect(oci.plan.manifestDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  test('a flipped byte in a layer is a DIGEST_MISMATCH naming the layer', async () => {
    const bytes = fs.readFileSync(path.join(imagesDir, 'image-docker-archive.tar'));
    // The first layer's data starts after its 512-byte header; change one byte of a file's content.
    const copy = Buffer.from(bytes);
    const at = copy.indexOf(Buffer.from('#!/bin/sh'));
    expect(at).toBeGreaterThan(0);
    copy[at + 2] = 'X'.charCodeAt(0);
    const file = path.join(scratch, 'tampered.tar');
    fs.writeFileSync(file, copy);
    const error = await unpackImageArchive({ kind: 'docker-archive', file }, fs.mkdtempSync(path.join(scratch, 't-'))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MinopsError);
    expect((error as MinopsError).code).toBe('DIGEST_MISMATCH');
    expect((error as MinopsError).message).toMatch(/layer 1 of 3 \(.*\.tar\), uncompressed hashes to sha256:/);
  });
});
