// `minops kernel fetch [VERSION]`: the official release tarball → ~/.cache/minops/kernels/<version>/.
// Everything happens in a temporary directory beside the target and lands with one rename, so a
// failed, refused or interrupted fetch leaves nothing half-extracted behind.
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { MinopsError } from '../errors.js';
import { noEvents, type OnEvent } from '../events.js';
import { extractTar } from '../rootfs/tar/extract.js';
import { trackTemp } from '../track-temp.js';
import { downloadFile, downloadText } from './download-file.js';
import type { FoundKernel } from './find-kernel.js';
import { kernelCacheDir } from './kernel-places.js';
import { PINNED_RELEASE_SHA256 } from './pinned-checksums.js';
import { isSafeVersion, latestVersionUrl, releaseBaseUrl, releaseUrl } from './release-url.js';
import { isDir, isFile } from './path-kind.js';
import { damageOf, RELEASE_RECORD, sealRelease } from './kernel-seals.js';
import type { FileSeal } from '../file-seal.js';

export interface FetchKernelOptions {
  /** A release such as `0.1.55`; default the one the server's latest.txt names. */
  version?: string;
  /** Default MINOPS_RELEASE_URL, else the official release bucket. */
  baseUrl?: string;
  /** Default ~/.cache/minops/kernels. */
  cacheDir?: string;
  /** Give up when the server sends nothing for this long; default 30 s. */
  idleTimeoutSeconds?: number;
  /** Refuse the tarball unless it has this SHA-256; default the pinned value for the version, if any. */
  expectedSha256?: string;
  /** Download again even when this version is already in the cache. */
  force?: boolean;
  onEvent?: OnEvent;
  env?: NodeJS.ProcessEnv;
}

export interface FetchedKernel extends FoundKernel {
  url: string;
  sha256: string;
  /** True when the digest was checked against a pinned or given value (not only recorded). */
  verified: boolean;
  /** True when the version was already in the cache and nothing was downloaded. */
  alreadyPresent: boolean;
}

interface ReleaseRecord {
  version: string;
  url: string;
  sha256: string;
  verified: boolean;
  /** Each file's seal when it was installed (kernel-seals.ts). */
  files?: Record<string, FileSeal>;
}

export { RELEASE_RECORD } from './kernel-seals.js';

export async function fetchKernel(o: FetchKernelOptions = {}): Promise<FetchedKernel> {
  const env = o.env ?? process.env;
  const onEvent = o.onEvent ?? noEvents;
  const base = o.baseUrl ? (o.baseUrl.endsWith('/') ? o.baseUrl : `${o.baseUrl}/`) : releaseBaseUrl(env);
  const idleTimeoutMs = (o.idleTimeoutSeconds ?? 30) * 1000;
  const version = o.version ?? (await downloadText(latestVersionUrl(base), idleTimeoutMs)).trim();
  if (!isSafeVersion(version)) {
    throw new MinopsError('USAGE', `"${version}" is not a Nanos version name (expected something like 0.1.55)`, {
      where: { file: o.version ? 'VERSION' : latestVersionUrl(base) },
    });
  }
  const url = releaseUrl(base, version);
  const cacheDir = o.cacheDir ?? kernelCacheDir(env);
  const expected = (o.expectedSha256 ?? PINNED_RELEASE_SHA256[version])?.toLowerCase();
  const present = o.force ? undefined : installedRelease(path.join(cacheDir, version), expected);
  if (present) {
    onEvent({ kind: 'notice', message: `Nanos ${version} is already in ${present.dir}; nothing fetched (--force downloads it again)` });
    return present;
  }
  mkdirSync(cacheDir, { recursive: true });
  const work = await mkdtemp(path.join(cacheDir, `.fetch-${version}-`));
  trackTemp(work);
  try {
    const tarball = path.join(work, path.basename(new URL(url).pathname));
    const { sha256 } = await downloadFile(url, tarball, { idleTimeoutMs, onEvent });
    if (expected !== undefined && expected !== sha256) {
      throw new MinopsError('DIGEST_MISMATCH', `${url} has SHA-256 ${sha256}, expected ${expected}; refused`, {
        where: { file: url },
        hint: 'the download is not the release minops knows; nothing was installed',
      });
    }
    onEvent({ kind: 'debug', message: `${url}: sha256 ${sha256}${expected ? ' (matches the pinned value)' : ' (no pinned value; recorded)'}` });
    const staged = path.join(work, 'kernel');
    const skipped: string[] = [];
    await extractTar(createReadStream(tarball).pipe(createGunzip()), staged, {
      mode: 'flat',
      file: url,
      onWarning: (message) => skipped.push(message),
    });
    // The extractor skips what it will not write; a release tarball has no such entry, so any is a refusal.
    if (skipped.length > 0) {
      throw new MinopsError('ARCHIVE_UNSAFE', `${url}: refused, the tarball has entries a release never has: ${skipped.join('; ')}`, {
        where: { file: url },
        hint: 'nothing was installed; check MINOPS_RELEASE_URL points at the official release server',
      });
    }
    normalizeLayout(staged, url);
    const record: ReleaseRecord = { version, url, sha256, verified: expected !== undefined, files: sealRelease(staged, RELEASE_RECORD) };
    writeFileSync(path.join(staged, RELEASE_RECORD), `${JSON.stringify(record, null, 2)}
`);
    const target = path.join(cacheDir, version);
    if (existsSync(target)) renameSync(target, path.join(work, 'replaced'));
    renameSync(staged, target);
    onEvent({ kind: 'notice', message: `Nanos ${version} installed in ${target}` });
    return fetched(target, record, false);
  } catch (e) {
    if (e instanceof MinopsError || !(e instanceof Error)) throw e;
    // zlib and tar errors on a damaged archive: say which download it was.
    throw new MinopsError('ARCHIVE_INVALID', `${url}: not a readable release tarball (${e.message})`, {
      where: { file: url },
      cause: e,
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function fetched(dir: string, record: ReleaseRecord, alreadyPresent: boolean): FetchedKernel {
  const klibs = path.join(dir, 'klibs');
  return {
    version: record.version,
    kernelImg: path.join(dir, 'kernel.img'),
    bootImg: path.join(dir, 'boot.img'),
    ...(isDir(klibs) ? { klibDir: klibs } : {}),
    source: 'cache',
    dir,
    url: record.url,
    sha256: record.sha256,
    verified: record.verified,
    alreadyPresent,
  };
}

/**
 * A release fetched before (its record and both images are there, and its digest is the expected
 * one when one is known): a second fetch of the same version does nothing. A directory without a
 * record was not written by a fetch, so it is replaced.
 */
function installedRelease(dir: string, expected: string | undefined): FetchedKernel | undefined {
  if (!isFile(path.join(dir, 'kernel.img')) || !isFile(path.join(dir, 'boot.img'))) return undefined;
  let record: Partial<ReleaseRecord>;
  try {
    record = JSON.parse(readFileSync(path.join(dir, RELEASE_RECORD), 'utf8')) as Partial<ReleaseRecord>;
  } catch {
    return undefined;
  }
  if (typeof record.url !== 'string' || typeof record.sha256 !== 'string' || typeof record.version !== 'string') return undefined;
  if (expected !== undefined && record.sha256 !== expected) return undefined;
  // A damaged release is not "already there": fetching it again repairs it.
  if (damageOf(dir, RELEASE_RECORD) !== undefined) return undefined;
  return fetched(dir, { version: record.version, url: record.url, sha256: record.sha256, verified: expected !== undefined || record.verified === true }, true);
}

/** Old releases call the kernel stage3.img (ops renames it too); both files must be there. */
function normalizeLayout(dir: string, url: string): void {
  const kernel = path.join(dir, 'kernel.img');
  const stage3 = path.join(dir, 'stage3.img');
  if (!isFile(kernel) && isFile(stage3)) renameSync(stage3, kernel);
  for (const name of ['kernel.img', 'boot.img']) {
    if (!isFile(path.join(dir, name))) {
      throw new MinopsError('KERNEL_INVALID', `${url} has no ${name} at its top level`, {
        where: { file: url, entry: name },
        hint: 'this is not a Nanos release tarball for the PC platform',
      });
    }
  }
}
