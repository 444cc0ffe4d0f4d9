// Test helper (run-selected.ts): the directories the rootfs's own ld.so would search, as host
// paths: /etc/ld.so.conf (with its `include` globs) then the default dirs. Passed as
// `--library-path` so that a materialised selection never picks a host library.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { resolveInRoot } from '../../src/python/resolve-in-root.js';

const DEFAULT_DIRS = [
  '/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu', '/lib/aarch64-linux-gnu', '/usr/lib/aarch64-linux-gnu',
  '/lib64', '/usr/lib64', '/lib', '/usr/lib', '/usr/local/lib',
];

/** Guest dirs from ld.so.conf then the defaults, resolved inside `root`, existing, deduplicated. */
export async function libraryDirs(root: string): Promise<{ guest: string; host: string }[]> {
  const listed = [...(await ldSoConf(root, '/etc/ld.so.conf', 0)), ...DEFAULT_DIRS];
  const out: { guest: string; host: string }[] = [];
  for (const dir of listed) {
    const real = await resolveInRoot(root, dir);
    if (real?.kind === 'dir' && !out.some((d) => d.guest === real.guest)) out.push({ guest: real.guest, host: real.host });
  }
  return out;
}

async function ldSoConf(root: string, guest: string, depth: number): Promise<string[]> {
  if (depth > 8) return [];
  const file = await resolveInRoot(root, guest);
  if (file?.kind !== 'file') return [];
  const dirs: string[] = [];
  for (const raw of (await readFile(file.host, 'utf8')).split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const include = /^include\s+(.+)$/.exec(line);
    if (!include) {
      dirs.push(...line.split(/[\s:,]+/).filter((d) => d.startsWith('/')));
      continue;
    }
    for (const pattern of include[1]!.split(/\s+/)) {
      const abs = pattern.startsWith('/') ? pattern : path.posix.join(path.posix.dirname(guest), pattern);
      for (const match of await globOneLevel(root, abs)) dirs.push(...(await ldSoConf(root, match, depth + 1)));
    }
  }
  return dirs;
}

/** `dir/*.conf`-style globs (a wildcard in the last component only, as ld.so.conf uses them). */
async function globOneLevel(root: string, pattern: string): Promise<string[]> {
  const dir = path.posix.dirname(pattern);
  const base = path.posix.basename(pattern);
  if (!/[*?[]/.test(base)) return [pattern];
  const real = await resolveInRoot(root, dir);
  if (real?.kind !== 'dir') return [];
  const re = new RegExp(`^${base.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  const names = (await readdir(real.host)).filter((n) => re.test(n)).sort();
  return names.map((n) => `${dir}/${n}`);
}
