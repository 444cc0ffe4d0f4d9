// `docker save` / `podman save --format docker-archive`: manifest.json names the config and the
// layer members (podman: "<v1 id>/layer.tar" symlinks to "<diff_id>.tar"; Docker ≥ 25:
// "blobs/sha256/<digest>" of an OCI layout in the same tar). Names are resolved inside the
// archive only; a layer is verified against the config's diff_ids.
import { MinopsError } from '../../errors.js';
import type { OnEvent } from '../../events.js';
import type { BlobStore } from './blob-store.js';
import { digestMismatch, sha256Of } from './digest.js';
import { diffIdsOf, isObject, parseJson, runConfigOf, type ImagePlan } from './image-plan.js';
import { readOciImage } from './oci-layout.js';

const HEX_NAME = /(?:^|\/)(?:blobs\/sha256\/)?([a-f0-9]{64})(?:\.json|\.tar)?$/;

export function readDockerArchive(store: BlobStore, onEvent: OnEvent): ImagePlan {
  const file = store.file;
  if (!store.has('manifest.json')) {
    if (store.has('index.json')) return readOciImage(store, onEvent);
    throw new MinopsError('ARCHIVE_INVALID', `${file}: no manifest.json; this is not a docker-archive (docker save) file`, { where: { file } });
  }
  const manifest = parseJson(store.readSmall('manifest.json'), file, 'manifest.json');
  if (!Array.isArray(manifest) || manifest.length === 0 || !isObject(manifest[0])) {
    throw new MinopsError('ARCHIVE_INVALID', `${file}: manifest.json lists no image`, { where: { file, entry: 'manifest.json' } });
  }
  if (manifest.length > 1) onEvent({ kind: 'notice', message: `${file}: manifest.json lists ${manifest.length} images; using the first` });
  const image = manifest[0];
  const configName = image.Config;
  const layerNames = image.Layers;
  if (typeof configName !== 'string' || !Array.isArray(layerNames) || layerNames.some((l) => typeof l !== 'string')) {
    throw new MinopsError('ARCHIVE_INVALID', `${file}: manifest.json has no Config and Layers`, { where: { file, entry: 'manifest.json' } });
  }
  const configBytes = store.readSmall(configName);
  const imageId = sha256Of(configBytes);
  const named = HEX_NAME.exec(configName);
  if (named && `sha256:${named[1]}` !== imageId) throw digestMismatch(file, `config ${configName}`, `sha256:${named[1]}`, imageId);
  const config = parseJson(configBytes, file, configName);
  const diffIds = diffIdsOf(config, layerNames.length, file, configName);
  return {
    imageId,
    config: runConfigOf(config),
    layers: (layerNames as string[]).map((name, i) => {
      const blob = /^blobs\/sha256\/([a-f0-9]{64})$/.exec(name.replace(/^\.\//, ''));
      return {
        name,
        label: `layer ${i + 1} of ${layerNames.length} (${name})`,
        digest: blob ? `sha256:${blob[1]}` : undefined,
        diffId: diffIds[i],
      };
    }),
  };
}
