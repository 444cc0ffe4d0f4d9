// Random access to an image file, so readers never load a whole image.
import { open } from 'node:fs/promises';
import { MinopsError } from '../errors.js';

export interface ByteReader {
  readonly file: string;
  readonly size: number;
  /** Exactly `length` bytes at `offset`; fewer only at the end of the file. */
  read(offset: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

export async function openByteReader(file: string): Promise<ByteReader> {
  let fh;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    throw new MinopsError('INPUT_MISSING', `cannot open the image: ${(e as Error).message}`, {
      where: { file },
      cause: e,
    });
  }
  const handle = fh;
  const { size } = await handle.stat();
  return {
    file,
    size,
    async read(offset, length) {
      const buf = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
      let done = 0;
      while (done < buf.length) {
        const { bytesRead } = await handle.read(buf, done, buf.length - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return done === buf.length ? buf : buf.subarray(0, done);
    },
    close: () => handle.close(),
  };
}
