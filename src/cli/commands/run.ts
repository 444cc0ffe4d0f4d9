// `minops run`: build (or reuse) the image, boot it, and exit with the guest's own status.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BuildSettings } from '../../config/build-settings.js';
import { findByName } from '../../rootfs/find-by-name.js';
import { bootVm } from '../../vm/boot-vm.js';
import { buildPlan, checkScript, manifestFor } from '../build-plan.js';
import type { Command, CliIo } from '../io.js';
import { resolveKernel } from '../resolve-kernel.js';
import { reportBoot } from '../report-boot.js';
import { runVmSpec } from '../run-vm-spec.js';
import { uefiFirmwareFor } from '../uefi-firmware.js';
import { copyImageTo, writeCachedImage } from '../write-cached-image.js';

export interface RunOptions {
  /** The Python script, as the user named it. */
  script: string;
  /** Arguments for the script (after `--`), appended to config Args. */
  scriptArgs: string[];
  settings: BuildSettings;
}

export const runCommand: Command<RunOptions> = async (options, io) => {
  const { settings } = options;
  checkScript(options.script);
  const firmware = uefiFirmwareFor(settings);
  const kernel = await resolveKernel(settings, { fetchIfMissing: true, onEvent: io.onEvent });
  const built = await buildPlan({ ...options, debugExit: true, onEvent: io.onEvent });
  const image = await writeCachedImage(manifestFor(built, kernel), kernel, settings, io.onEvent);
  const disk = settings.persist ? persistentCopy(image.file, image.key) : image.file;
  if (settings.persist) io.onEvent({ kind: 'debug', message: `--persist: the guest writes to ${disk}` });

  const result = await bootVm(
    runVmSpec(settings, disk, { kernelImg: kernel.kernelImg, firmware }),
    { timeoutSeconds: settings.timeoutSeconds, quietKernel: settings.quietKernel, traceMissing: settings.traceMissing, onEvent: io.onEvent },
  );
  if (settings.traceMissing) reportMissing(result.missingFiles, built.rootfs.root, io);
  reportBoot(result, settings.timeoutSeconds, io);
  return result.status;
};

/** `--persist` keeps the guest's writes across runs in a copy of the built image, made once per
 * build: the cached image itself stays as it was built. */
function persistentCopy(cached: string, key: string): string {
  const file = path.join(path.dirname(cached), `${key}.persist.img`);
  if (!existsSync(file)) copyImageTo(cached, file);
  return file;
}

/** The files the guest looked for and did not find; those the rootfs has can be added with one
 * include glob. */
function reportMissing(missing: readonly string[], root: string, io: CliIo): void {
  if (missing.length === 0) {
    io.err('minops: the guest found every file it looked for\n');
    return;
  }
  io.err(`minops: the guest looked for ${missing.length} file(s) that are not in the image:\n`);
  const inRootfs = findByName(root, missing.map((m) => path.posix.basename(m)));
  for (const file of missing) {
    const where = inRootfs.get(path.posix.basename(file)) ?? [];
    io.err(`  ${file}${where.length > 0 ? `   (the rootfs has ${where.join(', ')}: add it to Minops.Include)` : ''}\n`);
  }
}
