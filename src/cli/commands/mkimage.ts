// `minops mkimage`: build a bootable image and print the plain qemu line.
import { MinopsError } from '../../errors.js';
import type { Command } from '../io.js';
import type { BuildSettings } from '../../config/build-settings.js';

export interface MkimageOptions {
  /** The Python script, as the user named it. */
  script: string;
  /** Arguments for the script (after `--`), appended to config Args. */
  scriptArgs: string[];
  settings: BuildSettings;
  /** Where the image goes. */
  out: string;
}

export const mkimageCommand: Command<MkimageOptions> = async () => {
  throw new MinopsError('NOT_IMPLEMENTED', 'minops mkimage is not implemented yet');
};
