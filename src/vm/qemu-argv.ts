// VmSpec → QEMU argv, one token per element: never joined and split again, never through a shell.
import { accelArgs, cpuArgs, smpArgs } from './argv/processor.js';
import { consoleArgs } from './argv/console.js';
import { deviceArgs } from './argv/devices.js';
import { firmwareArgs } from './argv/firmware.js';
import { machineArgs } from './argv/machine.js';
import { memoryArgs } from './argv/memory.js';
import { netArgs } from './argv/net.js';
import { shareArgs } from './argv/shares.js';
import { storageArgs } from './argv/storage.js';
import { shellQuote } from '../shell-quote.js';
import type { VmSpec } from './vm-spec.js';

export const qemuArgv = (vm: VmSpec): string[] => [
  ...machineArgs(vm),
  ...firmwareArgs(vm),
  ...accelArgs(vm),
  ...cpuArgs(vm),
  ...memoryArgs(vm),
  ...smpArgs(vm),
  ...consoleArgs(),
  ...deviceArgs(vm),
  ...storageArgs(vm),
  ...shareArgs(vm),
  ...netArgs(vm),
  ...(vm.extraArgs ?? []),
];

/** The whole command as one line a user can paste into a shell (what `mkimage` prints). */
export const qemuCommandLine = (vm: VmSpec, qemu = 'qemu-system-x86_64'): string => shellQuote([qemu, ...qemuArgv(vm)]);
