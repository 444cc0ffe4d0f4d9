// Streams a file's bytes out of a TFS through its extents: gaps and `uninited` extents read as
// zeros, and the last block is cut at `filelength`.
import { MinopsError } from '../../errors.js';
import type { TfsEntry } from './entries.js';
import { BLOCK } from './log-format.js';
import type { TfsFilesystem } from './read.js';

const CHUNK = 1 << 20;

export async function* readFileChunks(
  fs: TfsFilesystem,
  entry: Extract<TfsEntry, { type: 'file' }>,
): AsyncGenerator<Uint8Array> {
  let pos = 0;
  const zeros = function* (upto: number): Generator<Uint8Array> {
    while (pos < upto) {
      const n = Math.min(CHUNK, upto - pos);
      pos += n;
      yield new Uint8Array(n);
    }
  };
  for (const ext of entry.extents) {
    const start = ext.fileBlock * BLOCK;
    if (start >= entry.size) break;
    if (start < pos) {
      throw new MinopsError('IMAGE_INVALID', `the extents of ${entry.path} overlap`, {
        where: { file: fs.reader.file, entry: entry.path },
      });
    }
    yield* zeros(start);
    const end = Math.min(entry.size, start + ext.length * BLOCK);
    if (ext.uninited) {
      yield* zeros(end);
      continue;
    }
    const base = fs.offset + ext.offset * BLOCK - start;
    while (pos < end) {
      const n = Math.min(CHUNK, end - pos);
      const chunk = await fs.reader.read(base + pos, n);
      if (chunk.length < n) {
        throw new MinopsError('IMAGE_INVALID', `the data of ${entry.path} runs past the end of the image`, {
          where: { file: fs.reader.file, entry: entry.path },
        });
      }
      pos += n;
      yield chunk;
    }
  }
  yield* zeros(entry.size);
}

/** The whole file in memory: for small files and tests. */
export async function readFileBytes(fs: TfsFilesystem, entry: Extract<TfsEntry, { type: 'file' }>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of readFileChunks(fs, entry)) parts.push(c);
  return Buffer.concat(parts);
}
