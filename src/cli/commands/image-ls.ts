// `minops image ls`: list a directory inside a TFS image.
import { childEntries, entryJson, formatListing } from '../../image/inspect/format-entries.js';
import { findGuestEntry, withImage } from '../../image/inspect/with-image.js';
import type { Command } from '../io.js';

export interface ImageLsOptions {
  image: string;
  /** A guest directory; default /. */
  path?: string;
}

export const imageLsCommand: Command<ImageLsOptions> = async (options, io) =>
  withImage(options.image, async (image) => {
    // Like ls: a symlink to a directory lists the directory, any other symlink shows the link.
    const guestPath = options.path ?? '/';
    const link = findGuestEntry(image, guestPath, false);
    const target = link.type === 'symlink' && findGuestEntry(image, guestPath).type === 'dir' ? findGuestEntry(image, guestPath) : link;
    const entries = target.type === 'dir' ? childEntries(target) : [target];
    io.out(io.json ? `${JSON.stringify(entries.map(entryJson), null, 2)}\n` : formatListing(entries));
    return 0;
  });
