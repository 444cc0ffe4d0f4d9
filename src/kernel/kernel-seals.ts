// A kernel that `minops kernel fetch` installed is a cache entry like any other: the seal of every
// file of the release (kernel.img, boot.img, klibs) is recorded in its minops-release.json when
// it is installed, and checked before use (one fstat per file while nothing touched them).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { checkFileSeal, sealFile, type FileSeal } from '../file-seal.js';

/** Written next to the kernel: where it came from and what it hashed to. Here, not beside the
 * fetcher, so a run checks a fetched kernel without loading the downloader. */
export const RELEASE_RECORD = 'minops-release.json';

/** Seals of every regular file under `dir` (the record itself excluded), by relative path. */
export function sealRelease(dir: string, record: string): Record<string, FileSeal> {
  const seals: Record<string, FileSeal> = {};
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(dir, rel))) {
      const child = path.join(rel, name);
      const st = statSync(path.join(dir, child));
      if (st.isDirectory()) walk(child);
      else if (st.isFile() && child !== record) seals[child] = sealFile(path.join(dir, child));
    }
  };
  walk('');
  return seals;
}

/** Why the installed release in `dir` is not what was installed; undefined when it is (or when it
 * was installed without seals, by an older minops). */
export function damageOf(dir: string, record: string): string | undefined {
  let files: Record<string, FileSeal> | undefined;
  try {
    files = (JSON.parse(readFileSync(path.join(dir, record), 'utf8')) as { files?: Record<string, FileSeal> }).files;
  } catch {
    return `${record} is unreadable`;
  }
  for (const [name, seal] of Object.entries(files ?? {})) {
    const check = checkFileSeal(path.join(dir, name), seal);
    if (!check.ok) return `${name}: ${check.why}`;
  }
  return undefined;
}
