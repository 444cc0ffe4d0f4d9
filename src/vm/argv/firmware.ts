// UEFI firmware as two pflash drives: the code read-only, the variable store with `snapshot=on`
// so the guest's writes go to a temporary overlay and the system's OVMF files stay untouched.
import path from 'node:path';
import type { VmSpec } from '../vm-spec.js';
import { optList } from './opt-list.js';

export function firmwareArgs(vm: VmSpec): string[] {
  if (!vm.firmware) return [];
  if (vm.machine === 'microvm') throw new Error('microvm boots the kernel directly: no UEFI firmware');
  const pflash = (unit: number, file: string, extra: [string, string][]): string[] => [
    '-drive',
    optList([['if', 'pflash'], ['format', 'raw'], ['unit', unit], ...extra, ['file', path.resolve(file)]]),
  ];
  return [...pflash(0, vm.firmware.code, [['readonly', 'on']]), ...pflash(1, vm.firmware.vars, [['snapshot', 'on']])];
}
