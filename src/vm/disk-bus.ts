// Which disk buses minops offers and where each works. Read in the shared kernel's drivers
// (platform/pc/service.c, src/virtio/virtio_storage.c, virtio_scsi.c, src/drivers/nvme.c):
// virtio-blk has a PCI and a virtio-mmio probe, virtio-scsi and NVMe are PCI only — so microvm,
// which has only virtio-mmio, can use virtio-blk alone.
import { MinopsError } from '../errors.js';
import type { DiskBus, Machine } from './vm-spec.js';

export const DISK_BUSES: readonly DiskBus[] = ['scsi', 'virtio', 'nvme'];

const isDiskBus = (text: string): text is DiskBus => (DISK_BUSES as readonly string[]).includes(text);

/** `--disk-bus` text → DiskBus; anything else is a usage error that lists the known buses. */
export function parseDiskBus(text: string, flag = '--disk-bus'): DiskBus {
  if (isDiskBus(text)) return text;
  throw new MinopsError('USAGE', `${flag}: "${text}" is not a disk bus; known: ${DISK_BUSES.join(', ')}`, {
    hint: 'scsi (virtio-scsi, as GCE attaches disks), virtio (virtio-blk, KubeVirt and Firecracker), nvme (AWS Nitro)',
  });
}

/** A bus the machine cannot give Nanos is refused before QEMU starts, never left to hang. */
export function checkDiskBus(machine: Machine, bus: DiskBus, flag = '--disk-bus'): void {
  if (machine === 'microvm' && bus !== 'virtio') {
    throw new MinopsError('USAGE', `${flag} ${bus}: microvm has only virtio-mmio devices, and Nanos drives ${bus === 'scsi' ? 'virtio-scsi' : 'NVMe'} over PCI only`, {
      hint: 'use --disk-bus virtio with microvm, or --machine q35',
    });
  }
}

/**
 * QEMU's nvme device before 11.1 marks a completion queue's MSI-X vector as in use only when MSI-X
 * is on as the queue is made; Nanos turns MSI-X on after enabling the controller, so QEMU drops
 * the admin queue's first interrupt and the guest waits forever (seen with `-trace pci_nvme_*` on
 * 7.2 and 10.0.2: the CREATE_CQ completion raises vector 0 and no interrupt reaches the APIC;
 * 10.2.2's source makes the same test). 11.1.3 marks the vector whenever the device has MSI-X, and
 * boots on NVMe under SeaBIOS and OVMF. 11.0 was not checked, so it is refused too.
 */
export const nvmeHangsOn = ([major, minor]: readonly [number, number]): boolean => major < 11 || (major === 11 && minor === 0);

export function checkNvmeOnQemu(version: readonly [number, number] | undefined, qemu: string): void {
  if (version === undefined || !nvmeHangsOn(version)) return;
  const [major, minor] = version;
  throw new MinopsError('USAGE', `--disk-bus nvme: the guest would hang on this QEMU (${major}.${minor}), whose NVMe device drops the first interrupt of Nanos's NVMe driver`, {
    where: { file: qemu },
    hint: 'boot with --disk-bus scsi or virtio here, or use QEMU 11.1 or later; the image itself is the same for every bus',
  });
}
