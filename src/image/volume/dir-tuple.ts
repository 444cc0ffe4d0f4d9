// A host directory as the root tuple of a filesystem (what writeVolume writes): files by host
// path, symlinks verbatim, names in UTF-8 byte order so the same tree gives the same volume.
import { lstatSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { MinopsError } from '../../errors.js';
import { tuple, type ManifestTuple, type ManifestValue } from '../../manifest/tuple.js';

export function dirTuple(dir: string): ManifestTuple {
  return tuple([['children', children(dir)]]);
}

function children(dir: string): ManifestTuple {
  const names = readdirSync(dir).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return tuple(names.map((name) => [name, node(path.join(dir, name))] as const));
}

function node(file: string): ManifestValue {
  const st = lstatSync(file);
  if (st.isSymbolicLink()) return tuple([['linktarget', readlinkSync(file)]]);
  if (st.isDirectory()) return tuple([['children', children(file)]]);
  if (st.isFile()) return tuple([['contents', tuple([['host', file]])]]);
  throw new MinopsError('USAGE', 'is not a file, directory or symbolic link; a volume holds only those', { where: { file } });
}
