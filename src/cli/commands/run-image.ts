// `minops run --image FILE|REF [ARGS]`: boot an image built earlier with the run flags that still
// apply, and exit with the guest's own status. ARGS are appended to the image's own arguments for
// this run only (in a private copy), so one image serves many runs.
import type { BuildSettings } from '../../config/build-settings.js';
import { MinopsError } from '../../errors.js';
import { openBootImage } from '../../image/format/open-boot-image.js';
import { shellQuote } from '../../shell-quote.js';
import { bootVm } from '../../vm/boot-vm.js';
import type { Command } from '../io.js';
import { reportBoot } from '../report-boot.js';
import { findOnPath } from '../../find-on-path.js';
import { QEMU_BINARY } from '../../vm/find-qemu.js';
import { machineFor, vmSpecFor } from '../vm-spec-for.js';
import { uefiFirmwareFor } from '../uefi-firmware.js';

export interface RunImageOptions {
  /** A file, or a containerdisk reference. */
  image: string;
  /** Appended to the image's own arguments for this run. */
  args: string[];
  settings: BuildSettings;
  cwd: string;
}

export const runImageCommand: Command<RunImageOptions> = async (options, io) => {
  const { settings } = options;
  if (settings.traceMissing) {
    throw new MinopsError('USAGE', '--trace-missing: the image is already built; the kernel reports missing files only when the image asks for it', {
      hint: 'run the script itself with --trace-missing (minops run SCRIPT --trace-missing)',
    });
  }
  const firmware = uefiFirmwareFor(settings);
  // The image is read before QEMU is needed (a missing qemu-img is said first); the machine is
  // chosen with the QEMU found here, if any, and bootVm says when there is none.
  const qemu = findOnPath(QEMU_BINARY);
  const machine = machineFor(settings, { qemu, firmware: firmware !== undefined }, io.onEvent);
  const image = await openBootImage(options.image, {
    cwd: options.cwd,
    args: options.args,
    persist: settings.persist,
    extractKernel: machine === 'microvm',
    tlsVerify: settings.tlsVerify,
    onEvent: io.onEvent,
  });
  try {
    if (firmware && !image.hasEsp) {
      throw new MinopsError('USAGE', `--uefi: ${options.image} has no EFI System Partition`, { hint: 'build it with mkimage --uefi, or boot it without --uefi' });
    }
    io.onEvent({ kind: 'debug', message: `booting ${image.file} (${image.format}); the program's argv: ${shellQuote(image.argv)}` });
    const result = await bootVm(
      vmSpecFor(settings, image.file, { format: image.format, kernelImg: image.kernelImg, firmware, machine }),
      { qemu, timeoutSeconds: settings.timeoutSeconds, quietKernel: settings.quietKernel, keepFailureDumps: io.verbose, onEvent: io.onEvent },
    );
    reportBoot(result, settings, io);
    return result.status;
  } finally {
    image.dispose();
  }
};
