// `minops image tree`: print the file tree of a TFS image.
import { entryJson, formatTree } from '../../image/inspect/format-entries.js';
import { findGuestEntry, withImage } from '../../image/inspect/with-image.js';
import { listEntries } from '../../image/tfs/entries.js';
import type { Command } from '../io.js';

export interface ImageTreeOptions {
  image: string;
  /** A guest directory; default /. */
  path?: string;
}

export const imageTreeCommand: Command<ImageTreeOptions> = async (options, io) =>
  withImage(options.image, async (image) => {
    const top = findGuestEntry(image, options.path ?? '/');
    if (io.json) {
      const under = top.path === '/' ? '/' : `${top.path}/`;
      const entries = listEntries(image.root.root).filter((e) => e.path === top.path || e.path.startsWith(under));
      io.out(`${JSON.stringify(entries.map(entryJson), null, 2)}\n`);
    } else {
      io.out(formatTree(top));
    }
    return 0;
  });
