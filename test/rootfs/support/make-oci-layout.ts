// Moves layer tar files into a new OCI image layout directory, as `podman save
// --format oci-dir` would: blobs by sha256, a config with diff_ids, a manifest and index.json.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const sha256File = (file: string): string => {
  const hash = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  const buffer = Buffer.alloc(1 << 20);
  for (let n; (n = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0; ) hash.update(buffer.subarray(0, n));
  fs.closeSync(fd);
  return hash.digest('hex');
};

export interface LayerFile {
  /** The blob as stored (maybe compressed). */
  blob: string;
  /** The same layer uncompressed (for the diff_id); defaults to blob. */
  plain?: string;
  mediaType?: string;
}

/** Makes `dir` an OCI layout of the given layers; returns the image ID (config digest). */
export function makeOciLayout(dir: string, layers: LayerFile[]): string {
  const blobs = path.join(dir, 'blobs', 'sha256');
  fs.mkdirSync(blobs, { recursive: true });
  const writeJson = (value: unknown): { digest: string; size: number } => {
    const bytes = Buffer.from(JSON.stringify(value));
    const hex = createHash('sha256').update(bytes).digest('hex');
    fs.writeFileSync(path.join(blobs, hex), bytes);
    return { digest: `sha256:${hex}`, size: bytes.length };
  };
  const descriptors = layers.map((layer) => {
    const hex = sha256File(layer.blob);
    const size = fs.statSync(layer.blob).size;
    fs.renameSync(layer.blob, path.join(blobs, hex));
    return {
      mediaType: layer.mediaType ?? 'application/vnd.oci.image.layer.v1.tar',
      digest: `sha256:${hex}`,
      size,
      diffId: `sha256:${layer.plain ? sha256File(layer.plain) : hex}`,
    };
  });
  const config = writeJson({
    architecture: 'amd64',
    os: 'linux',
    config: { Env: ['PATH=/usr/bin'] },
    rootfs: { type: 'layers', diff_ids: descriptors.map((d) => d.diffId) },
  });
  const manifest = writeJson({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
    layers: descriptors.map(({ mediaType, digest, size }) => ({ mediaType, digest, size })),
  });
  fs.writeFileSync(
    path.join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, platform: { os: 'linux', architecture: 'arm64' } },
        { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, platform: { os: 'linux', architecture: 'amd64' } },
      ],
    }),
  );
  fs.writeFileSync(path.join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  return config.digest;
}
