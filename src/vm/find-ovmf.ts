// The UEFI firmware QEMU boots q35 with under --uefi: OVMF as Debian (ovmf), Fedora (edk2-ovmf)
// and Arch (edk2-ovmf) install it. The variable store is only ever read: the guest's writes go to
// a snapshot overlay (argv/firmware.ts).
import { existsSync } from 'node:fs';
import { MinopsError } from '../errors.js';
import type { UefiFirmware } from './vm-spec.js';

const CANDIDATES: readonly UefiFirmware[] = [
  { code: '/usr/share/OVMF/OVMF_CODE_4M.fd', vars: '/usr/share/OVMF/OVMF_VARS_4M.fd' },
  { code: '/usr/share/OVMF/OVMF_CODE.fd', vars: '/usr/share/OVMF/OVMF_VARS.fd' },
  { code: '/usr/share/edk2/ovmf/OVMF_CODE.fd', vars: '/usr/share/edk2/ovmf/OVMF_VARS.fd' },
  { code: '/usr/share/edk2/x64/OVMF_CODE.4m.fd', vars: '/usr/share/edk2/x64/OVMF_VARS.4m.fd' },
];

export function findOvmf(candidates: readonly UefiFirmware[] = CANDIDATES): UefiFirmware {
  const found = candidates.find((c) => existsSync(c.code) && existsSync(c.vars));
  if (!found) {
    throw new MinopsError('TOOL_MISSING', `--uefi: no OVMF firmware found (looked for ${candidates.map((c) => c.code).join(', ')})`, {
      where: { file: candidates[0]!.code },
      hint: 'install it with: sudo apt-get install ovmf',
    });
  }
  return found;
}
