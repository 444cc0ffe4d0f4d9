// The devices a disk bus puts in front of the `-drive` backends: one controller where the bus has
// one (virtio-scsi), then one device per drive. It takes a list of drive ids so that it does not
// care how many disks a VM has: the first sits behind root port pci.2 as in the verified line,
// any more go straight on the root complex, where QEMU picks free slots. With more than one disk
// the image's is the firmware's first boot device: SeaBIOS otherwise booted whichever it found
// first, an empty volume on the root complex, and stopped at "No bootable device".
import type { DiskBus, Machine } from '../vm-spec.js';
import { typedOptList, type OptValue } from './opt-list.js';

type Entries = readonly (readonly [string, OptValue])[];

const behindPci2 = (i: number): Entries => (i === 0 ? [['bus', 'pci.2'], ['addr', '0x0']] : []);

export function diskBusArgs(machine: Machine, bus: DiskBus, driveIds: readonly string[]): string[] {
  if (driveIds.length === 0) return [];
  const device = (spec: string): string[] => ['-device', spec];
  if (machine === 'microvm') return driveIds.flatMap((id) => device(typedOptList('virtio-blk-device', [['drive', id]])));
  const bootFirst = (i: number): Entries => (i === 0 && driveIds.length > 1 ? [['bootindex', 0]] : []);
  switch (bus) {
    case 'scsi':
      return [
        ...device(typedOptList('virtio-scsi-pci', [...behindPci2(0), ['id', 'scsi0']])),
        ...driveIds.flatMap((id, i) => device(typedOptList('scsi-hd', [['bus', 'scsi0.0'], ['drive', id], ...bootFirst(i)]))),
      ];
    case 'virtio':
      return driveIds.flatMap((id, i) => device(typedOptList('virtio-blk-pci', [...behindPci2(i), ['drive', id], ...bootFirst(i)])));
    case 'nvme':
      // QEMU's nvme needs a serial; the drive id is unique and stable.
      return driveIds.flatMap((id, i) => device(typedOptList('nvme', [...behindPci2(i), ['serial', id], ['drive', id], ...bootFirst(i)])));
  }
}
