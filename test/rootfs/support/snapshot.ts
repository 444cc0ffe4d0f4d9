// Walks a directory with lstat: what a user would see of an extracted tree.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface NodeInfo {
  type: 'file' | 'dir' | 'symlink' | 'other';
  mode: number;
  size?: number;
  sha256?: string;
  linktarget?: string;
  mtime: number;
  ino: number;
  nlink: number;
}

/** Every entry under `root` by relative path (root itself excluded), sorted. */
export function snapshotTree(root: string): Record<string, NodeInfo> {
  const out: Record<string, NodeInfo> = {};
  const walk = (rel: string): void => {
    for (const name of fs.readdirSync(path.join(root, rel)).sort()) {
      const childRel = rel === '' ? name : `${rel}/${name}`;
      const abs = path.join(root, childRel);
      const st = fs.lstatSync(abs);
      const base = { mode: st.mode & 0o7777, mtime: Math.floor(st.mtimeMs / 1000), ino: st.ino, nlink: st.nlink };
      if (st.isDirectory()) {
        out[childRel] = { type: 'dir', ...base };
        walk(childRel);
      } else if (st.isSymbolicLink()) {
        out[childRel] = { type: 'symlink', ...base, linktarget: fs.readlinkSync(abs) };
      } else if (st.isFile()) {
        const sha256 = createHash('sha256').update(fs.readFileSync(abs)).digest('hex');
        out[childRel] = { type: 'file', ...base, size: st.size, sha256 };
      } else {
        out[childRel] = { type: 'other', ...base };
      }
    }
  };
  walk('');
  return out;
}

/** sha256 of a host file, or null when it does not exist. */
export function hashOrNull(file: string): string | null {
  try {
    const st = fs.lstatSync(file);
    if (!st.isFile()) return `${st.isDirectory() ? 'dir' : 'other'}:${st.ino}`;
    return `${createHash('sha256').update(fs.readFileSync(file)).digest('hex')}:${st.nlink}`;
  } catch {
    return null;
  }
}
