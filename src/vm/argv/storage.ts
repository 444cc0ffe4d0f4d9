// The disks: the boot disk, then each volume, as a `-drive` backend and the device the guest sees
// it through (a scsi-hd on q35's virtio-scsi controller, a virtio-blk-device on microvm).
import path from 'node:path';
import type { VmSpec } from '../vm-spec.js';
import { optList, typedOptList } from './opt-list.js';

const DRIVE_ID = 'hd0';

export function storageArgs(vm: VmSpec): string[] {
  // The image stays as built: Nanos writes to its root FS on every boot (/proc/self/exe, .pyc).
  const snapshot = !vm.disk.persist;
  const disks = [
    { id: DRIVE_ID, file: vm.disk.file, format: vm.disk.format ?? 'raw', keep: false },
    // -snapshot would send a volume's writes to a temporary overlay too: the volume is data.
    ...vm.volumes.map((v, i) => ({ id: `vol${i}`, file: v.file, format: 'raw', keep: snapshot })),
  ];
  const drives = disks.flatMap((d) => [
    // Absolute, so QEMU never reads `name:rest` as a protocol prefix; commas doubled by optList.
    '-drive', optList([['if', 'none'], ['id', d.id], ['format', d.format], ['file', path.resolve(d.file)], ['snapshot', d.keep ? 'off' : undefined]]),
  ]);
  const devices =
    vm.machine === 'q35'
      ? [
          '-device', typedOptList('virtio-scsi-pci', [['bus', 'pci.2'], ['addr', '0x0'], ['id', 'scsi0']]),
          ...disks.flatMap((d) => ['-device', typedOptList('scsi-hd', [['bus', 'scsi0.0'], ['drive', d.id]])]),
        ]
      : disks.flatMap((d) => ['-device', typedOptList('virtio-blk-device', [['drive', d.id]])]);
  return [...drives, ...devices, ...(snapshot ? ['-snapshot'] : [])];
}
