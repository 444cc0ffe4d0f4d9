// A multi-platform image (an index inside index.json, as buildx and skopeo write it) resolves to
// its linux/amd64 manifest; an image without one is an error listing what it has.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { unpackImageArchive } from '../../src/rootfs/image/unpack-image.js';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'minops-multi-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function layout(platforms: string[]): string {
  const dir = fs.mkdtempSync(path.join(scratch, 'layout-'));
  const blobs = path.join(dir, 'blobs/sha256');
  fs.mkdirSync(blobs, { recursive: true });
  const put = (bytes: Buffer) => {
    const hex = createHash('sha256').update(bytes).digest('hex');
    fs.writeFileSync(path.join(blobs, hex), bytes);
    return { digest: `sha256:${hex}`, size: bytes.length };
  };
  const manifests = platforms.map((platform) => {
    const src = fs.mkdtempSync(path.join(scratch, 'src-'));
    fs.writeFileSync(path.join(src, 'platform.txt'), `${platform}\n`);
    const layer = put(execFileSync('tar', ['-C', src, '-cf', '-', 'platform.txt']));
    const config = put(Buffer.from(JSON.stringify({ architecture: platform.split('/')[1], os: 'linux', rootfs: { type: 'layers', diff_ids: [layer.digest] } })));
    const manifest = put(Buffer.from(JSON.stringify({ schemaVersion: 2, config, layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...layer }] })));
    const [os, architecture] = platform.split('/');
    return { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, platform: { os, architecture } };
  });
  // The nested index's descriptor has no mediaType: it is known by its content.
  const nested = put(Buffer.from(JSON.stringify({ schemaVersion: 2, manifests })));
  fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [nested] }));
  fs.writeFileSync(path.join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  return dir;
}

test('linux/amd64 is picked from a nested multi-platform index', async () => {
  const target = fs.mkdtempSync(path.join(scratch, 'tree-'));
  await unpackImageArchive({ kind: 'oci', dir: layout(['linux/arm64', 'linux/amd64', 'linux/s390x']) }, target);
  expect(fs.readdirSync(target)).toEqual(['platform.txt']);
  expect(fs.readFileSync(path.join(target, 'platform.txt'), 'utf8')).toBe('linux/amd64\n');
});

test('no linux/amd64 image is an error naming the platforms there are', async () => {
  await expect(unpackImageArchive({ kind: 'oci', dir: layout(['linux/arm64', 'linux/ppc64le']) }, fs.mkdtempSync(path.join(scratch, 'tree-')))).rejects.toMatchObject({
    code: 'ARCHIVE_INVALID',
    message: expect.stringContaining('has no linux/amd64 image (it has linux/arm64, linux/ppc64le)'),
  });
});
