// `minops rootfs report`: what goes into the image for SCRIPT, and why.
import { MinopsError } from '../../errors.js';
import type { Command } from '../io.js';
import type { BuildSettings } from '../../config/build-settings.js';

export interface RootfsReportOptions {
  /** The Python script, as the user named it. */
  script: string;
  /** Arguments for the script (after `--`), appended to config Args. */
  scriptArgs: string[];
  settings: BuildSettings;
  /** Also write an HTML report here. */
  html?: string;
}

export const rootfsReportCommand: Command<RootfsReportOptions> = async () => {
  throw new MinopsError('NOT_IMPLEMENTED', 'minops rootfs report is not implemented yet');
};
