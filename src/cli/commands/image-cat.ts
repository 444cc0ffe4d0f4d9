// `minops image cat`: print a file from inside a TFS image, as raw bytes.
import { MinopsError } from '../../errors.js';
import { findGuestEntry, withImage } from '../../image/inspect/with-image.js';
import { readFileChunks } from '../../image/tfs/read-file.js';
import type { Command } from '../io.js';

export interface ImageCatOptions {
  image: string;
  /** A guest file. */
  path: string;
  /** Where the bytes go; process.stdout by default (CliIo.out is for text only). */
  stdout?: NodeJS.WritableStream;
}

export const imageCatCommand: Command<ImageCatOptions> = async (options) =>
  withImage(options.image, async (image) => {
    const entry = findGuestEntry(image, options.path);
    if (entry.type !== 'file') {
      throw new MinopsError('USAGE', `a ${entry.type === 'dir' ? 'directory' : 'symlink'}, not a file`, {
        where: { file: image.file, entry: options.path },
        hint: entry.type === 'dir' ? `List it with: minops image ls ${image.file} ${options.path}` : undefined,
      });
    }
    const out = options.stdout ?? process.stdout;
    for await (const chunk of readFileChunks(image.root, entry)) {
      if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
    }
    return 0;
  });
