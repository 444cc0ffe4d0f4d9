// `minops image tree`: print the file tree of a TFS image.
import { MinopsError } from '../../errors.js';
import type { Command } from '../io.js';

export interface ImageTreeOptions {
  image: string;
  /** A guest directory; default /. */
  path?: string;
}

export const imageTreeCommand: Command<ImageTreeOptions> = async () => {
  throw new MinopsError('NOT_IMPLEMENTED', 'minops image tree is not implemented yet');
};
