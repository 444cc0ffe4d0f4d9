// `minops manifest`: print the manifest minops would write, in the text the real mkfs reads.
import type { BuildSettings } from '../../config/build-settings.js';
import { manifestToJson } from '../../manifest/to-json.js';
import { printManifest } from '../../manifest/print.js';
import { buildPlan, manifestFor } from '../build-plan.js';
import type { Command } from '../io.js';
import { resolveKernel } from '../resolve-kernel.js';
import { MinopsError } from '../../errors.js';

export interface ManifestOptions {
  /** The Python script, as the user named it. */
  script: string;
  /** Arguments for the script (after `--`), appended to config Args. */
  scriptArgs: string[];
  settings: BuildSettings;
}

export const manifestCommand: Command<ManifestOptions> = async (options, io) => {
  const built = await buildPlan({ ...options, debugExit: true, onEvent: io.onEvent });
  // With a kernel at hand the manifest is exactly what mkimage would feed mkfs; without one it
  // is the root filesystem alone.
  const kernel = await resolveKernel(options.settings, { fetchIfMissing: false, onEvent: io.onEvent }).catch((e: unknown) => {
    if (e instanceof MinopsError && e.code === 'KERNEL_MISSING') return undefined;
    throw e;
  });
  const root = manifestFor(built, kernel);
  io.out(io.json ? `${JSON.stringify(manifestToJson(root), null, 2)}\n` : `${printManifest(root, { pretty: true })}\n`);
  return 0;
};
