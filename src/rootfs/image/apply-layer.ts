// One layer blob into the tree: compression detected from its first bytes (gzip, zstd or none),
// the blob digest and the uncompressed diff_id hashed on the way through, and a mismatch reported
// naming the layer. The tree is a scratch directory that the caller throws away on error.
import { createHash, type Hash } from 'node:crypto';
import { PassThrough, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { Decompress } from 'fzstd';
import { applyTar } from '../tar/extract.js';
import type { TreeWriter } from '../tar/tree-writer.js';
import type { BlobStore } from './blob-store.js';
import { digestMismatch } from './digest.js';

export interface LayerRef {
  /** The member or blob path inside the store. */
  name: string;
  /** What to call it in messages: "layer 2 of 3 (sha256:…)". */
  label: string;
  /** Expected sha256 of the blob as stored, when the format says it. */
  digest?: string;
  /** Expected size of the blob as stored. */
  size?: number;
  /** Expected sha256 of the uncompressed tar (the config's rootfs.diff_ids). */
  diffId?: string;
}

export type Compression = 'gzip' | 'zstd' | 'none';

export function compressionOf(head: Buffer): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return 'none';
}

class HashTap extends Transform {
  bytes = 0;
  constructor(
    readonly hash: Hash,
    private readonly onBytes?: (n: number) => void,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.onBytes?.(chunk.length);
    done(null, chunk);
  }
}

class ZstdDecompress extends Transform {
  private readonly zstd = new Decompress((data) => {
    this.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  });
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.zstd.push(chunk);
      done();
    } catch (e) {
      done(e as Error);
    }
  }
  override _flush(done: TransformCallback): void {
    try {
      this.zstd.push(new Uint8Array(0), true);
      done();
    } catch (e) {
      done(e as Error);
    }
  }
}

const decompressor = (kind: Compression): Transform =>
  kind === 'gzip' ? zlib.createGunzip() : kind === 'zstd' ? new ZstdDecompress() : new PassThrough();

/** Applies a layer blob to `writer` in layer mode; throws DIGEST_MISMATCH after a bad layer. */
export async function applyLayer(
  store: BlobStore,
  layer: LayerRef,
  writer: TreeWriter,
  onBytes?: (n: number) => void,
): Promise<void> {
  const kind = compressionOf(store.head(layer.name, 4));
  const raw = new HashTap(createHash('sha256'), onBytes);
  const plain = new HashTap(createHash('sha256'));
  await pipeline(store.open(layer.name), raw, decompressor(kind), plain, async (source: AsyncIterable<Uint8Array>) => {
    await applyTar(source, writer, { mode: 'layer', file: `${store.file} (${layer.label})` });
  });
  const rawDigest = `sha256:${raw.hash.digest('hex')}`;
  const diffId = `sha256:${plain.hash.digest('hex')}`;
  if (layer.size !== undefined && raw.bytes !== layer.size) {
    throw digestMismatch(store.file, layer.label, `${layer.size} bytes`, `${raw.bytes} bytes`);
  }
  if (layer.digest !== undefined && rawDigest !== layer.digest) throw digestMismatch(store.file, layer.label, layer.digest, rawDigest);
  if (layer.diffId !== undefined && diffId !== layer.diffId) {
    throw digestMismatch(store.file, `${layer.label}, uncompressed`, layer.diffId, diffId);
  }
}
