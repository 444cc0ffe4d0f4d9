// `minops manifest`: print the manifest minops would write.
import { MinopsError } from '../../errors.js';
import type { Command } from '../io.js';
import type { BuildSettings } from '../../config/build-settings.js';

export interface ManifestOptions {
  /** The Python script, as the user named it. */
  script: string;
  /** Arguments for the script (after `--`), appended to config Args. */
  scriptArgs: string[];
  settings: BuildSettings;
}

export const manifestCommand: Command<ManifestOptions> = async () => {
  throw new MinopsError('NOT_IMPLEMENTED', 'minops manifest is not implemented yet');
};
