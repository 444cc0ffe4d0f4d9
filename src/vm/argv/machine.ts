// `-machine` (and, for microvm, the kernel it boots directly).
import path from 'node:path';
import type { VmSpec } from '../vm-spec.js';
import { optList } from './opt-list.js';

export function machineArgs(vm: VmSpec): string[] {
  // q35's default devices include an empty DVD drive that both firmwares probe before the disk:
  // SeaBIOS 1.16 (Debian 12's) waits out its 32 s AHCI timeout on it next to an NVMe disk under
  // TCG, and OVMF tries to boot from it first. Nanos uses none of the defaults (VGA, DVD, floppy, parallel, monitor).
  if (vm.machine === 'q35') return ['-nodefaults', '-machine', 'q35'];
  // microvm has no firmware that reads an MBR: the kernel is handed to QEMU and the image is only
  // the root filesystem. rtc=on gives Nanos its clock; the second IOAPIC confuses it.
  if (!vm.kernelImg) throw new Error('microvm needs kernelImg (direct kernel boot)');
  return [
    '-machine', `microvm,${optList([['rtc', 'on'], ['ioapic2', 'off']])}`,
    '-kernel', path.resolve(vm.kernelImg),
    // Nanos drives virtio-mmio only in modern (non-legacy) mode.
    '-global', 'virtio-mmio.force-legacy=false',
  ];
}
