// Paths of the test data in ../shared (read-only, used in place): the real Nanos release, its
// tools and tarball layout, and the Python 3.10 image archive. Each is undefined when absent.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedDir = path.resolve(repoRoot, '../shared');
const nanos = path.join(sharedDir, 'nanos');
const present = (p: string): string | undefined => (existsSync(p) ? p : undefined);

/** `release/<version>/` of the shared Nanos release (kernel.img, boot.img, bootx64.efi, klibs/). */
export const sharedKernelDir: string | undefined = (() => {
  const release = path.join(nanos, 'release');
  if (!existsSync(release)) return undefined;
  const version = readdirSync(release).sort().at(-1);
  return version === undefined ? undefined : path.join(release, version);
})();

export const sharedMkfs = present(path.join(nanos, 'tools/mkfs'));
export const sharedDump = present(path.join(nanos, 'tools/dump'));
/** The release server's layout: `latest.txt`, `<version>/nanos-release-linux-<version>.tar.gz`. */
export const sharedTarballDir = present(path.join(nanos, 'tarball'));
/** docker.io/library/python:3.10.18-slim-bookworm as a zstd docker-archive. */
export const sharedPythonImage = present(path.join(sharedDir, 'images/python-3.10.18-slim-bookworm.docker.tar.zst'));
export const sharedPythonRef = 'docker.io/library/python:3.10.18-slim-bookworm';
