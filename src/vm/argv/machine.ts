// `-machine` (and, for microvm, the kernel it boots directly).
import path from 'node:path';
import type { VmSpec } from '../vm-spec.js';
import { optList } from './opt-list.js';

export function machineArgs(vm: VmSpec): string[] {
  if (vm.machine === 'q35') return ['-machine', 'q35'];
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
