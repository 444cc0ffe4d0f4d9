// Image archives on disk (docker-archive, oci-archive, oci:DIR) into a tree: open and verify the
// metadata first (giving the image ID, the cache key), then apply the layers in order.
import fs from 'node:fs';
import { MinopsError } from '../../errors.js';
import { noEvents, type OnEvent } from '../../events.js';
import { TreeWriter, type TreeWriterStats } from '../tar/tree-writer.js';
import { applyLayer } from './apply-layer.js';
import { dirBlobStore, tarBlobStore, type BlobStore } from './blob-store.js';
import { readDockerArchive } from './docker-archive.js';
import type { ImagePlan } from './image-plan.js';
import { readOciImage } from './oci-layout.js';

export type ImageArchiveSource = { kind: 'docker-archive'; file: string } | { kind: 'oci-archive'; file: string } | { kind: 'oci'; dir: string };

export interface OpenedImage {
  plan: ImagePlan;
  store: BlobStore;
  /** Bytes of all layer blobs as stored. */
  totalBytes: number;
}

export async function openImageArchive(source: ImageArchiveSource, onEvent: OnEvent = noEvents): Promise<OpenedImage> {
  const location = source.kind === 'oci' ? source.dir : source.file;
  const stat = fs.statSync(location, { throwIfNoEntry: false });
  if (!stat || (source.kind === 'oci' ? !stat.isDirectory() : !stat.isFile())) {
    throw new MinopsError('INPUT_MISSING', `${location}: no such ${source.kind === 'oci' ? 'directory' : 'file'} (for ${source.kind}:)`, {
      where: { file: location },
    });
  }
  const store = source.kind === 'oci' ? dirBlobStore(source.dir) : await tarBlobStore(source.file);
  const plan = source.kind === 'docker-archive' ? readDockerArchive(store, onEvent) : readOciImage(store, onEvent);
  const totalBytes = plan.layers.reduce((sum, layer) => sum + store.size(layer.name), 0);
  return { plan, store, totalBytes };
}

export interface ApplyImageOptions {
  onWarning?: (message: string, entry: string) => void;
  /** Stored layer bytes read so far, of `total`. */
  onProgress?: (done: number, total: number) => void;
}

/** Applies every layer of an opened image to `target` (normally an empty scratch directory). */
export async function applyImage(image: OpenedImage, target: string, options: ApplyImageOptions = {}): Promise<TreeWriterStats> {
  const writer = new TreeWriter(target, { onWarning: options.onWarning });
  let done = 0;
  let reported = 0;
  const onBytes = (n: number): void => {
    done += n;
    if (done - reported >= 1 << 20) {
      reported = done;
      options.onProgress?.(done, image.totalBytes);
    }
  };
  for (const layer of image.plan.layers) await applyLayer(image.store, layer, writer, onBytes);
  writer.finish();
  options.onProgress?.(done, image.totalBytes);
  return writer.stats;
}

/** open + apply in one call. */
export async function unpackImageArchive(
  source: ImageArchiveSource,
  target: string,
  options: ApplyImageOptions & { onEvent?: OnEvent } = {},
): Promise<ImagePlan> {
  const image = await openImageArchive(source, options.onEvent);
  await applyImage(image, target, options);
  return image.plan;
}
