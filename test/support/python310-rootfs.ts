// The tree of python:3.10.18-slim-bookworm (../shared/images), extracted once by minops itself
// from the shared archive (decompressed into the test cache; minops reads docker-archives, not
// zstd) and reused: the official image's layout (/usr/local, its own OpenSSL config, CA bundle,
// headers under /usr/local/include) for tests that need more than Debian's python3 packages.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { pullRootfs } from '../../src/rootfs/pull-rootfs.js';
import { testCacheDir } from './debian-rootfs.js';
import { needPythonImage, needZstd } from './machine-needs.js';
import { sharedPythonImage } from './shared-paths.js';

export const python310Needs = [needPythonImage, needZstd];

export async function python310Rootfs(): Promise<string> {
  const archive = path.join(testCacheDir, 'python-3.10.docker.tar');
  if (!existsSync(archive)) {
    mkdirSync(testCacheDir, { recursive: true });
    const tmp = `${archive}.tmp-${process.pid}`;
    execFileSync('sh', ['-c', 'zstd -dc "$1" > "$2"', 'sh', sharedPythonImage!, tmp]);
    renameSync(tmp, archive);
  }
  const pulled = await pullRootfs({ kind: 'docker-archive', file: archive }, { cacheDir: path.join(testCacheDir, 'rootfs-cache') });
  return pulled.root;
}
