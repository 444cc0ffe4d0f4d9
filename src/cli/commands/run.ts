// `minops run`: build (or reuse) the image and boot it.
import { MinopsError } from '../../errors.js';
import type { Command } from '../io.js';
import type { BuildSettings } from '../../config/build-settings.js';

export interface RunOptions {
  /** The Python script, as the user named it. */
  script: string;
  /** Arguments for the script (after `--`), appended to config Args. */
  scriptArgs: string[];
  settings: BuildSettings;
}

export const runCommand: Command<RunOptions> = async () => {
  throw new MinopsError('NOT_IMPLEMENTED', 'minops run is not implemented yet');
};
