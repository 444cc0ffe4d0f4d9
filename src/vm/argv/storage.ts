// The boot disk: the `-drive` backend and the device the guest sees it through.
import path from 'node:path';
import type { VmSpec } from '../vm-spec.js';
import { optList, typedOptList } from './opt-list.js';

const DRIVE_ID = 'hd0';

export function storageArgs(vm: VmSpec): string[] {
  // Absolute, so QEMU never reads `name:rest` as a protocol prefix; commas doubled by optList.
  const drive = ['-drive', optList([['if', 'none'], ['id', DRIVE_ID], ['format', 'raw'], ['file', path.resolve(vm.disk.file)]])];
  const devices =
    vm.machine === 'q35'
      ? [
          '-device', typedOptList('virtio-scsi-pci', [['bus', 'pci.2'], ['addr', '0x0'], ['id', 'scsi0']]),
          '-device', typedOptList('scsi-hd', [['bus', 'scsi0.0'], ['drive', DRIVE_ID]]),
        ]
      : ['-device', typedOptList('virtio-blk-device', [['drive', DRIVE_ID]])];
  // The image stays as built: Nanos writes to its root FS on every boot (/proc/self/exe, .pyc).
  const snapshot = vm.disk.persist ? [] : ['-snapshot'];
  return [...drive, ...devices, ...snapshot];
}
