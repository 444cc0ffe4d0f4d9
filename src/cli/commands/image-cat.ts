// `minops image cat`: print a file from inside a TFS image.
import { MinopsError } from '../../errors.js';
import type { Command } from '../io.js';

export interface ImageCatOptions {
  image: string;
  /** A guest file. */
  path: string;
}

export const imageCatCommand: Command<ImageCatOptions> = async () => {
  throw new MinopsError('NOT_IMPLEMENTED', 'minops image cat is not implemented yet');
};
