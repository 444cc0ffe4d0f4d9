// What an image archive resolves to before anything is extracted: its ID (the config digest, the
// cache key) and its layers in order, each with the digests to check.
import { MinopsError } from '../../errors.js';
import type { LayerRef } from './apply-layer.js';

export interface ImagePlan {
  /** sha256 of the config blob: the image ID docker and podman show. */
  imageId: string;
  /** The manifest's digest, when the format has one (OCI). */
  manifestDigest?: string;
  layers: LayerRef[];
  /** The config's `config` object (Env, Cmd, WorkingDir…), as found. */
  config: Record<string, unknown>;
}

export function parseJson(bytes: Buffer, file: string, what: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new MinopsError('ARCHIVE_INVALID', `${file}: ${what} is not valid JSON`, { where: { file, entry: what }, cause: e });
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The diff_ids of an image config, checked to be one per layer. */
export function diffIdsOf(config: unknown, layerCount: number, file: string, what: string): string[] {
  const rootfs = isObject(config) ? config.rootfs : undefined;
  const ids = isObject(rootfs) ? rootfs.diff_ids : undefined;
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) {
    throw new MinopsError('ARCHIVE_INVALID', `${file}: ${what} has no rootfs.diff_ids list`, { where: { file, entry: what } });
  }
  if (ids.length !== layerCount) {
    throw new MinopsError('ARCHIVE_INVALID', `${file}: ${what} lists ${ids.length} diff_ids for ${layerCount} layers`, { where: { file, entry: what } });
  }
  return ids as string[];
}

export const runConfigOf = (config: unknown): Record<string, unknown> =>
  isObject(config) && isObject(config.config) ? config.config : {};
