// `-m`.
import type { VmSpec } from '../vm-spec.js';

export const memoryArgs = (vm: VmSpec): string[] => ['-m', `${vm.memoryMiB}M`];
