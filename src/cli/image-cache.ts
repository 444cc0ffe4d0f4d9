// Images are cached by a key over every input: the manifest text (every guest path, key and host
// path), each host file's identity (size, mtime, inode), the boot loader and the writer's options.
// A rebuild with nothing changed then costs a hash, not a write.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { identityOf } from '../file-identity.js';
import path from 'node:path';
import { minopsCacheDir } from '../cache-dir.js';
import { MinopsError } from '../errors.js';
import { printManifest } from '../manifest/print.js';
import { isTuple, isVector, type ManifestTuple, type ManifestValue } from '../manifest/tuple.js';
import { packageVersion } from '../package-root.js';

/** Bump when the image writer's output changes for the same inputs. */
const WRITER_GENERATION = 'minops-image-1';

export const imageCacheDir = (env: NodeJS.ProcessEnv = process.env): string => path.join(minopsCacheDir(env), 'images');

/** Every `contents:(host:…)` path in a tuple, the boot filesystem's included. */
export function hostPathsOf(value: ManifestValue, out: string[] = []): string[] {
  if (isVector(value)) {
    // mkfs copies vectors as they are: a `contents` inside one is not file data.
    return out;
  }
  if (!isTuple(value)) return out;
  const contents = value.entries.get('contents');
  const host = isTuple(contents) ? contents.entries.get('host') : undefined;
  if (typeof host === 'string') out.push(host);
  for (const [key, child] of value.entries) if (key !== 'contents') hostPathsOf(child, out);
  return out;
}

export function imageCacheKey(root: ManifestTuple, writer: Record<string, string | number | boolean | undefined>): string {
  const hash = createHash('sha256');
  hash.update(`${WRITER_GENERATION}\n${packageVersion()}\n${JSON.stringify(writer)}\n`);
  hash.update(printManifest(root));
  for (const file of [...hostPathsOf(root), ...(typeof writer.bootImg === 'string' ? [writer.bootImg] : [])]) {
    hash.update(`\n${file}\0${identityOrFail(file)}`);
  }
  return hash.digest('hex').slice(0, 32);
}

function identityOrFail(file: string): string {
  try {
    return identityOf(statSync(file, { bigint: true }));
  } catch (cause) {
    throw new MinopsError('INPUT_MISSING', `cannot read ${file}: ${(cause as Error).message}`, { where: { file }, cause });
  }
}
