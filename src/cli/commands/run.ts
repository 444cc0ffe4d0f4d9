// `minops run`: build (or reuse) the image, boot it, and exit with the guest's own status.
import path from 'node:path';
import type { BuildSettings } from '../../config/build-settings.js';
import { bootVm } from '../../vm/boot-vm.js';
import type { FileTrace } from '../../vm/file-trace.js';
import { findQemu } from '../../vm/find-qemu.js';
import { attachMounts } from '../attach-mounts.js';
import { buildPlan, checkScript, manifestFor, type BuiltPlan } from '../build-plan.js';
import type { Command, CliIo } from '../io.js';
import { resolveKernel } from '../resolve-kernel.js';
import { runDisk } from '../run-disk.js';
import { machineFor, vmSpecFor } from '../vm-spec-for.js';
import { reportBoot } from '../report-boot.js';
import { uefiFirmwareFor } from '../uefi-firmware.js';
import { imageForRun } from '../write-cached-image.js';

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
  const attached = attachMounts(settings);
  const firmware = uefiFirmwareFor(settings);
  const kernel = await resolveKernel(settings, { fetchIfMissing: true, onEvent: io.onEvent });
  // Before anything is built: no QEMU is said at once.
  const qemu = findQemu();
  const machine = machineFor(settings, { attached, qemu, firmware: firmware !== undefined }, io.onEvent);
  const built = await buildPlan({ ...options, debugExit: true, onEvent: io.onEvent });
  // What only --trace-missing uses loads only with it.
  const trace = settings.traceMissing ? (await import('../file-trace-keys.js')).fileTraceKeys(kernel) : undefined;
  const image = await imageForRun(manifestFor(built, kernel, trace ?? {}), kernel, settings, io.onEvent);
  const run = runDisk(image, { persist: settings.persist });
  if (settings.persist) io.onEvent({ kind: 'debug', message: `--persist: the guest writes to ${run.disk.file}` });

  const spec = vmSpecFor(settings, run.disk.file, { kernelImg: kernel.kernelImg, attached, persist: true, firmware, machine });
  const result = await bootVm(
    { ...spec, disk: { ...spec.disk, ...run.disk } },
    {
      qemu,
      timeoutSeconds: settings.timeoutSeconds,
      quietKernel: settings.quietKernel,
      traceMissing: settings.traceMissing,
      ...(trace?.fullPaths ? { fileTrace: { cwd: built.plan.cwd } } : {}),
      onEvent: io.onEvent,
      fds: run.fds,
      keepFailureDumps: io.verbose,
    },
  ).finally(() => run.close());
  if (result.fileTrace) await reportMissing(result.fileTrace, built, io);
  else if (settings.traceMissing) await reportMissingNames(result.missingFiles, built.rootfs.root, io);
  reportBoot(result, settings, io);
  return result.status;
};

/** The paths the guest failed to open (the strace klib's full paths), noise left out, each with
 * where the rootfs has it, and one Minops.Include line to paste. */
async function reportMissing(trace: FileTrace, built: BuiltPlan, io: CliIo): Promise<void> {
  const [{ explainMissing, renderMissing }, { resolveInRoot }, { findByName }] = await Promise.all([
    import('../../report/explain-missing.js'),
    import('../../resolve-in-root.js'),
    import('../../rootfs/find-by-name.js'),
  ]);
  const shipped = new Set(built.plan.entries.map((e) => e.guest));
  const root = built.rootfs.root;
  const lookup = {
    at: (guest: string) => {
      const r = resolveInRoot(root, guest);
      return r.kind === 'file' ? ('file' as const) : r.kind === 'directory' ? ('dir' as const) : undefined;
    },
    byName: (names: readonly string[]) => findByName(root, names),
  };
  for (const line of renderMissing(explainMissing(trace.missing, trace.found, shipped, lookup))) io.err(`${line}\n`);
}

/** Without the strace klib the kernel lists base names only (`missing_files`). */
async function reportMissingNames(missing: readonly string[], root: string, io: CliIo): Promise<void> {
  if (missing.length === 0) {
    io.err('minops: the guest found every file it looked for\n');
    return;
  }
  io.err(`minops: the guest looked for ${missing.length} file(s) that are not in the image:\n`);
  const { findByName } = await import('../../rootfs/find-by-name.js');
  const inRootfs = findByName(root, missing.map((m) => path.posix.basename(m)));
  for (const file of missing) {
    const where = inRootfs.get(path.posix.basename(file)) ?? [];
    const more = where.length > 3 ? ` and ${where.length - 3} more` : '';
    io.err(`  ${file}${where.length > 0 ? `   (the rootfs has ${where.slice(0, 3).join(', ')}${more}: add it to Minops.Include)` : ''}\n`);
  }
}
