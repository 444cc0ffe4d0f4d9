// `minops manifest check`: parse a manifest file and report the first error with line:col.
import { MinopsError } from '../../errors.js';
import type { Command } from '../io.js';

export interface ManifestCheckOptions {
  /** A manifest file (Nanos tuple text). */
  file: string;
}

export const manifestCheckCommand: Command<ManifestCheckOptions> = async () => {
  throw new MinopsError('NOT_IMPLEMENTED', 'minops manifest check is not implemented yet');
};
