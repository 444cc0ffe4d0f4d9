// `minops image manifest`: print the root tuple of a TFS image as manifest text.
import { MinopsError } from '../../errors.js';
import type { Command } from '../io.js';

export interface ImageManifestOptions {
  image: string;
}

export const imageManifestCommand: Command<ImageManifestOptions> = async () => {
  throw new MinopsError('NOT_IMPLEMENTED', 'minops image manifest is not implemented yet');
};
