// The Debian python rootfs (debian-rootfs.ts) as an OCI image layout, for tests that need a
// rootfs minops extracts into its cache (`--rootfs oci:DIR`) rather than one it uses in place.
// Built once per machine beside the rootfs.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { makeOciLayout } from '../rootfs/support/make-oci-layout.js';
import { debianPythonRootfs, testCacheDir } from './debian-rootfs.js';

export function debianPythonOci(): string {
  const dir = path.join(testCacheDir, 'debian-python-oci');
  if (existsSync(dir)) return dir;
  const root = debianPythonRootfs();
  const work = `${dir}.tmp-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const layer = path.join(work, 'layer.tar');
  execFileSync('tar', ['-C', root, '--exclude', './.minops-test-python', '-cf', layer, '.']);
  makeOciLayout(work, [{ blob: layer }]);
  try {
    renameSync(work, dir);
  } catch (e) {
    // Another worker made it first.
    rmSync(work, { recursive: true, force: true });
    if (!existsSync(dir)) throw e;
  }
  return dir;
}
