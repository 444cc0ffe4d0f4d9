// The default rootfs's tree (Dockerfile.rootfs: python:3.10.18-slim-bookworm, built by podman from
// the base loaded out of ../shared/images), exported once into the test cache and reused, as
// bench/default-rootfs.ts gets it: the official image's layout (/usr/local, its own OpenSSL
// config and CA bundle, headers under /usr/local/include) for tests that build on it.
import path from 'node:path';
import { defaultDockerfile } from '../../src/rootfs/default-dockerfile.js';
import { pullRootfs } from '../../src/rootfs/pull-rootfs.js';
import { repoRoot, testCacheDir } from './debian-rootfs.js';
import { defaultRootfsNeeds, ensurePythonImage } from './python-image.js';

export const python310Needs = defaultRootfsNeeds;

export async function python310Rootfs(): Promise<string> {
  ensurePythonImage();
  const pulled = await pullRootfs({ kind: 'dockerfile', path: defaultDockerfile(repoRoot) }, { cacheDir: path.join(testCacheDir, 'default-rootfs'), engine: 'podman' });
  return pulled.root;
}
