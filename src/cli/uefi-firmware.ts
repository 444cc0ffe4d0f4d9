// `--uefi` (config `Uefi`) on run: the firmware to boot with, or none. q35 only: microvm starts
// the kernel directly and has no firmware to choose.
import type { BuildSettings } from '../config/build-settings.js';
import { MinopsError } from '../errors.js';
import { findOvmf } from '../vm/find-ovmf.js';
import type { UefiFirmware } from '../vm/vm-spec.js';

export function uefiFirmwareFor(settings: Pick<BuildSettings, 'uefi' | 'machine'>): UefiFirmware | undefined {
  if (!settings.uefi) return undefined;
  if (settings.machine === 'microvm') {
    throw new MinopsError('USAGE', '--uefi: microvm boots the kernel directly, with no firmware', { hint: 'use --uefi with --machine q35' });
  }
  return findOvmf();
}
