// Writes a TreeSource at a host path without ever following a symlink it finds there: each
// directory on the way is lstat'ed (a real directory, or made), and files and links are written
// under a temporary name and renamed over what was there. A directory replaces nothing.
import { closeSync, lstatSync, mkdirSync, openSync, renameSync, rmSync, symlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { MinopsError } from '../../errors.js';
import type { TreeSource } from './tree-source.js';

export interface PlacedCount {
  files: number;
  bytes: number;
}

export async function placeTree(source: TreeSource, dest: string, count: PlacedCount = { files: 0, bytes: 0 }): Promise<PlacedCount> {
  const there = lstatSync(dest, { throwIfNoEntry: false });
  if (source.type === 'dir') {
    if (!there) mkdirSync(dest, { mode: 0o755 });
    else if (!there.isDirectory()) throw new MinopsError('USAGE', 'exists and is not a directory; a directory cannot replace it', { where: { file: dest } });
    for (const [name, child] of source.entries()) await placeTree(child, path.join(dest, name), count);
    return count;
  }
  if (there?.isDirectory()) {
    throw new MinopsError('USAGE', `is a directory; a ${source.type === 'file' ? 'file' : 'symbolic link'} cannot replace it`, { where: { file: dest } });
  }
  const tmp = path.join(path.dirname(dest), `.${path.basename(dest)}.minops-${process.pid}`);
  try {
    if (source.type === 'symlink') symlinkSync(source.target, tmp);
    else await writeFile(tmp, source);
    renameSync(tmp, dest);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  if (source.type === 'file') {
    count.files++;
    count.bytes += source.size;
  }
  return count;
}

async function writeFile(tmp: string, source: Extract<TreeSource, { type: 'file' }>): Promise<void> {
  // 'wx': a name planted here meanwhile is an error, never followed.
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    let done = 0;
    for await (const chunk of source.chunks()) {
      for (let at = 0; at < chunk.length; ) at += writeSync(fd, chunk, at, chunk.length - at);
      done += chunk.length;
    }
    if (done !== source.size) throw new MinopsError('INPUT_CHANGED', `${done} bytes read where ${source.size} were expected`, { where: { file: tmp } });
  } finally {
    closeSync(fd);
  }
}
