// An OCI image layout (oci-archive tar or oci:DIR): index.json → (nested index →) the linux/amd64
// manifest → config and layers. Every blob is named by a checked digest and verified on reading.
import { MinopsError } from '../../errors.js';
import type { OnEvent } from '../../events.js';
import type { BlobStore } from './blob-store.js';
import { blobPath, checkDigest, digestMismatch, sha256Of } from './digest.js';
import { diffIdsOf, isObject, parseJson, runConfigOf, type ImagePlan } from './image-plan.js';

const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);

interface Descriptor {
  mediaType?: string;
  digest: string;
  size?: number;
  platform?: { os?: string; architecture?: string };
}

function descriptorOf(value: unknown, file: string, what: string): Descriptor {
  if (!isObject(value)) throw new MinopsError('ARCHIVE_INVALID', `${file}: ${what} is not a descriptor`, { where: { file, entry: what } });
  const digest = checkDigest(value.digest, file, what);
  const size = typeof value.size === 'number' ? value.size : undefined;
  const mediaType = typeof value.mediaType === 'string' ? value.mediaType : undefined;
  const platform = isObject(value.platform) ? (value.platform as Descriptor['platform']) : undefined;
  return { digest, size, mediaType, platform };
}

/** Reads a small blob and checks its size and digest before it is parsed. */
function readBlob(store: BlobStore, d: Descriptor, what: string): Buffer {
  const bytes = store.readSmall(blobPath(d.digest));
  const actual = sha256Of(bytes);
  if (actual !== d.digest) throw digestMismatch(store.file, what, d.digest, actual);
  if (d.size !== undefined && d.size !== bytes.length) throw digestMismatch(store.file, what, `${d.size} bytes`, `${bytes.length} bytes`);
  return bytes;
}

const isAmd64 = (d: Descriptor): boolean => d.platform?.os === 'linux' && d.platform.architecture === 'amd64';

function pickManifest(store: BlobStore, list: unknown, what: string, onEvent: OnEvent): Descriptor {
  const file = store.file;
  const manifests = isObject(list) && Array.isArray(list.manifests) ? list.manifests : null;
  if (!manifests || manifests.length === 0) {
    throw new MinopsError('ARCHIVE_INVALID', `${file}: ${what} lists no manifests`, { where: { file, entry: what } });
  }
  const descriptors = manifests.map((m, i) => descriptorOf(m, file, `${what} manifests[${i}]`));
  const withPlatform = descriptors.filter((d) => d.platform);
  let chosen: Descriptor | undefined;
  if (withPlatform.length > 0) {
    chosen = withPlatform.find(isAmd64);
    if (!chosen) {
      const offered = withPlatform.map((d) => `${d.platform?.os}/${d.platform?.architecture}`).join(', ');
      throw new MinopsError('ARCHIVE_INVALID', `${file}: ${what} has no linux/amd64 image (it has ${offered})`, { where: { file, entry: what } });
    }
  } else {
    chosen = descriptors[0]!;
    if (descriptors.length > 1) onEvent({ kind: 'notice', message: `${file}: ${what} lists ${descriptors.length} images; using the first` });
  }
  return chosen;
}

/** A nested index is known by its media type or, when the descriptor has none, by its content. */
const isIndex = (descriptor: Descriptor, document: unknown): boolean =>
  (descriptor.mediaType !== undefined && INDEX_TYPES.has(descriptor.mediaType)) ||
  (isObject(document) && Array.isArray(document.manifests) && !Array.isArray(document.layers));

/** The image in an OCI layout, starting from `index.json` (or a given index document). */
export function readOciImage(store: BlobStore, onEvent: OnEvent, index?: unknown): ImagePlan {
  const file = store.file;
  const top = index ?? parseJson(store.readSmall('index.json'), file, 'index.json');
  let manifestRef = pickManifest(store, top, 'index.json', onEvent);
  let what = `manifest ${manifestRef.digest}`;
  let manifest = parseJson(readBlob(store, manifestRef, what), file, what);
  for (let depth = 0; isIndex(manifestRef, manifest); depth++) {
    if (depth === 4) throw new MinopsError('ARCHIVE_INVALID', `${file}: image indexes nested too deeply`, { where: { file } });
    manifestRef = pickManifest(store, manifest, `index ${manifestRef.digest}`, onEvent);
    what = `manifest ${manifestRef.digest}`;
    manifest = parseJson(readBlob(store, manifestRef, what), file, what);
  }
  if (!isObject(manifest) || !Array.isArray(manifest.layers)) {
    throw new MinopsError('ARCHIVE_INVALID', `${file}: ${what} has no layers list`, { where: { file, entry: what } });
  }
  const configRef = descriptorOf(manifest.config, file, `${what} config`);
  const config = parseJson(readBlob(store, configRef, `config ${configRef.digest}`), file, `config ${configRef.digest}`);
  const layers = manifest.layers.map((l, i) => descriptorOf(l, file, `${what} layers[${i}]`));
  const diffIds = diffIdsOf(config, layers.length, file, `config ${configRef.digest}`);
  return {
    imageId: configRef.digest,
    manifestDigest: manifestRef.digest,
    config: runConfigOf(config),
    layers: layers.map((l, i) => ({
      name: blobPath(l.digest),
      label: `layer ${i + 1} of ${layers.length} (${l.digest})`,
      digest: l.digest,
      size: l.size,
      diffId: diffIds[i],
    })),
  };
}
