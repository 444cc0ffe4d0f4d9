// What the CLI says after a boot, the same for `run SCRIPT` and `run --image`: the failures the
// kernel reported in its own words, each in one line; QEMU's caveats as notes; and why the VM
// stopped when --timeout stopped it.
import type { BuildSettings } from '../config/build-settings.js';
import type { BootResult } from '../vm/boot-vm.js';
import { describeGuestFailure } from '../vm/guest-failure.js';
import type { CliIo } from './io.js';

export function reportBoot(result: BootResult, settings: Pick<BuildSettings, 'timeoutSeconds' | 'memoryMiB'> & { slim?: string }, io: CliIo): void {
  for (const failure of result.failures) io.err(`minops: ${describeGuestFailure(failure, { memoryMiB: settings.memoryMiB, verbose: io.verbose, slim: settings.slim })}\n`);
  for (const note of result.notes) io.err(`minops: note: ${note}\n`);
  if (result.timedOut) io.err(`minops: stopped the VM after --timeout ${settings.timeoutSeconds}s\n`);
}
