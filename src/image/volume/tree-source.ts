// A tree to copy, read lazily from either side of `volume cp`: a subtree of a TFS (what a guest
// wrote, log records replayed) or a host path (lstat: symlinks are copied as links, as docker cp
// does without -L).
import { createReadStream, lstatSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { MinopsError } from '../../errors.js';
import { nameProblem } from '../../manifest/names.js';
import { describeEntry, type TfsEntry } from '../tfs/entries.js';
import { readFileChunks } from '../tfs/read-file.js';
import type { TfsFilesystem } from '../tfs/read.js';
import { isTfsTuple, type TfsTuple } from '../tfs/value.js';

export type TreeSource =
  | { type: 'dir'; entries(): Iterable<readonly [string, TreeSource]> }
  | { type: 'file'; size: number; chunks(): AsyncIterable<Uint8Array> }
  | { type: 'symlink'; target: string };

export function tfsTreeSource(fs: TfsFilesystem, entry: TfsEntry, ancestors: ReadonlySet<TfsTuple> = new Set()): TreeSource {
  if (entry.type === 'file') return { type: 'file', size: entry.size, chunks: () => readFileChunks(fs, entry) };
  if (entry.type === 'symlink') return { type: 'symlink', target: entry.linktarget };
  const bad = (what: string): MinopsError => new MinopsError('IMAGE_INVALID', what, { where: { file: fs.reader.file, entry: entry.path } });
  // Metadata is a graph of references: a crafted log could make a directory its own descendant.
  if (ancestors.has(entry.node)) throw bad('the directory contains itself');
  const inner = new Set(ancestors).add(entry.node);
  const children = entry.node.entries.get('children') as TfsTuple;
  return {
    type: 'dir',
    *entries() {
      for (const [name, child] of children.entries) {
        const problem = nameProblem(name);
        if (problem) throw bad(`an entry name ${JSON.stringify(name)} ${problem}`);
        if (!isTfsTuple(child)) continue;
        yield [name, tfsTreeSource(fs, describeEntry(entry.path === '/' ? `/${name}` : `${entry.path}/${name}`, child), inner)] as const;
      }
    },
  };
}

export function hostTreeSource(file: string): TreeSource {
  const st = lstatSync(file);
  if (st.isSymbolicLink()) return { type: 'symlink', target: readlinkSync(file) };
  if (st.isFile()) {
    return {
      type: 'file',
      size: st.size,
      chunks: () => createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>,
    };
  }
  if (st.isDirectory()) {
    return {
      type: 'dir',
      *entries() {
        for (const name of readdirSync(file).sort()) yield [name, hostTreeSource(path.join(file, name))] as const;
      },
    };
  }
  throw new MinopsError('USAGE', 'is not a file, directory or symbolic link; a volume holds only those', { where: { file } });
}
