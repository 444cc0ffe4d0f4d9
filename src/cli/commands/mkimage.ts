// `minops mkimage`: build a bootable image, in the format asked for, and print how to boot it.
import { closeSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { BuildSettings } from '../../config/build-settings.js';
import { findOnPath } from '../../find-on-path.js';
import type { ImageFormat } from '../../image/format/image-format.js';
import type { ImagePatch } from '../../image/root-update.js';
import { qemuFormatOf } from '../../image/format/convert-disk.js';
import { containerDiskName, writeImageAs } from '../../image/format/write-image-as.js';
import { shellQuote } from '../../shell-quote.js';
import { trackTemp } from '../../track-temp.js';
import { QEMU_BINARY } from '../../vm/find-qemu.js';
import { qemuArgv, qemuCommandLine } from '../../vm/qemu-argv.js';
import { attachMounts } from '../attach-mounts.js';
import { buildPlan, checkScript, manifestFor } from '../build-plan.js';
import type { CliIo, Command } from '../io.js';
import { resolveKernel } from '../resolve-kernel.js';
import { machineFor, vmSpecFor } from '../vm-spec-for.js';
import { copyImageTo, deliverImage, imageForRun } from '../write-cached-image.js';

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
  const format = settings.format;
  const out = path.resolve(options.out);
  checkScript(options.script);
  const attached = attachMounts(settings);
  // The same rule as `run`; without a QEMU here, the line is for one that has microvm.
  const machine = machineFor(settings, { attached, qemu: findOnPath(QEMU_BINARY), firmware: false }, io.onEvent);
  const kernel = await resolveKernel(settings, { fetchIfMissing: false, onEvent: io.onEvent });
  const built = await buildPlan({ ...options, debugExit: true, onEvent: io.onEvent });
  const { image, patch } = await imageForRun(manifestFor(built, kernel), kernel, settings, io.onEvent);
  try {
    if (format === 'raw') deliverImage(image.file, out, patch);
    else await convertWithPatch(image.file, patch, out, format, containerDiskName(options.script), io);
  } finally {
    closeSync(image.fd);
  }

  // QEMU boots raw, qcow2, vmdk and vhd files as they are; archives go through `run --image`.
  const direct = format === 'raw' || format === 'qcow2' || format === 'vmdk' || format === 'vhd';
  // The line boots the file as it is on disk (no -snapshot): the user asked for this file. QEMU
  // cannot write a streamOptimized VMDK in place, so that one boots over a snapshot.
  const vm = direct ? vmSpecFor(settings, out, { attached, persist: format !== 'vmdk', format: qemuFormatOf(format), kernelImg: kernel.kernelImg, machine }) : undefined;
  const runLine = ['minops', 'run', '--image', out];
  if (io.json) {
    const qemu = vm ? ['qemu-system-x86_64', ...qemuArgv(vm)] : null;
    io.out(`${JSON.stringify({ image: out, format, reused: image.reused, kernel: kernel.version, mounts: attached.mounts, qemu, run: runLine }, null, 2)}\n`);
  } else {
    io.err(`wrote ${out}${format === 'raw' ? '' : ` (${format})`}${image.reused ? ' (unchanged inputs: reused the cached image)' : ''}\n`);
    io.out(`${vm ? qemuCommandLine(vm) : shellQuote(runLine)}\n`);
  }
  return 0;
};

/** The cached image carries no arguments or environment: they go into a raw copy first, which the
 * converter then reads; the copy is removed whatever happens. */
async function convertWithPatch(cached: string, patch: ImagePatch, out: string, format: Exclude<ImageFormat, 'raw'>, refName: string, io: CliIo): Promise<void> {
  const raw = `${out}.raw.tmp-${process.pid}`;
  trackTemp(raw);
  copyImageTo(cached, raw, patch);
  try {
    await writeImageAs(raw, out, format, { refName, onEvent: io.onEvent });
  } finally {
    rmSync(raw, { force: true });
  }
}
