// `minops image ls`: list a directory inside a TFS image.
import { MinopsError } from '../../errors.js';
import type { Command } from '../io.js';

export interface ImageLsOptions {
  image: string;
  /** A guest directory; default /. */
  path?: string;
}

export const imageLsCommand: Command<ImageLsOptions> = async () => {
  throw new MinopsError('NOT_IMPLEMENTED', 'minops image ls is not implemented yet');
};
