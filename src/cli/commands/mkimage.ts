// `minops mkimage`: build a bootable image and print the plain qemu line that boots it.
import { closeSync } from 'node:fs';
import path from 'node:path';
import type { BuildSettings } from '../../config/build-settings.js';
import { qemuArgv, qemuCommandLine } from '../../vm/qemu-argv.js';
import { attachMounts } from '../attach-mounts.js';
import { buildPlan, checkScript, manifestFor } from '../build-plan.js';
import type { Command } from '../io.js';
import { resolveKernel } from '../resolve-kernel.js';
import { vmSpecFor } from '../vm-spec-for.js';
import { deliverImage, imageForRun } from '../write-cached-image.js';

export interface MkimageOptions {
  /** The Python script, as the user named it. */
  script: string;
  /** Arguments for the script (after `--`), appended to config Args. */
  scriptArgs: string[];
  settings: BuildSettings;
  /** Where the image goes. */
  out: string;
}

export const mkimageCommand: Command<MkimageOptions> = async (options, io) => {
  const { settings } = options;
  const out = path.resolve(options.out);
  checkScript(options.script);
  const attached = attachMounts(settings);
  const kernel = await resolveKernel(settings, { fetchIfMissing: false, onEvent: io.onEvent });
  const built = await buildPlan({ ...options, debugExit: true, onEvent: io.onEvent });
  const { image, patch } = await imageForRun(manifestFor(built, kernel), kernel, settings, io.onEvent);
  try {
    deliverImage(image.file, out, patch);
  } finally {
    closeSync(image.fd);
  }
  // The line boots the image as it is on disk (no -snapshot): the user asked for this file.
  const vm = vmSpecFor(settings, out, { kernelImg: kernel.kernelImg, attached, persist: true });
  if (io.json) {
    const doc = { image: out, reused: image.reused, kernel: kernel.version, mounts: attached.mounts, qemu: ['qemu-system-x86_64', ...qemuArgv(vm)] };
    io.out(`${JSON.stringify(doc, null, 2)}\n`);
  } else {
    io.err(`wrote ${out}${image.reused ? ' (unchanged inputs: reused the cached image)' : ''}\n`);
    io.out(`${qemuCommandLine(vm)}\n`);
  }
  return 0;
};
