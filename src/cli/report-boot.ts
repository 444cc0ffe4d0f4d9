// What the CLI says after a boot, the same for `run SCRIPT` and `run --image`: QEMU's caveats as
// notes, and why the VM stopped when --timeout stopped it.
import type { BootResult } from '../vm/boot-vm.js';
import type { CliIo } from './io.js';

export function reportBoot(result: BootResult, timeoutSeconds: number | undefined, io: CliIo): void {
  for (const note of result.notes) io.err(`minops: note: ${note}\n`);
  if (result.timedOut) io.err(`minops: stopped the VM after --timeout ${timeoutSeconds}s\n`);
}
