// A test rootfs made from another one plus a few files (a package in site-packages, a canary
// module), built once per content beside the other test rootfs trees.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { testCacheDir } from './debian-rootfs.js';

/** A copy of `root` (hard links, so nothing of `root` may be written through it) with `files`
 * (guest path → text) added and then `build` run on it; made once per content. */
export function derivedRootfs(root: string, name: string, files: Record<string, string>, build?: (dir: string) => void): string {
  const key = createHash('sha256').update(JSON.stringify([root, files, build?.toString() ?? ''])).digest('hex').slice(0, 12);
  const dir = path.join(testCacheDir, `${name}-${key}`);
  if (existsSync(dir)) return dir;
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  execFileSync('cp', ['-al', root, tmp]);
  for (const [guest, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(tmp, guest)), { recursive: true });
    rmSync(path.join(tmp, guest), { force: true }); // a hard link to `root`'s file: never write through it
    writeFileSync(path.join(tmp, guest), text);
  }
  build?.(tmp);
  try {
    renameSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(dir)) throw e;
  }
  return dir;
}
