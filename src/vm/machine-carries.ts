// Which QEMU machine can carry which devices on this kernel. Pure, so that refusing the machine a
// user asked for and choosing a default machine follow the same rule.
import type { DiskBus, Machine } from './vm-spec.js';

export interface RunDevices {
  readonly shares: number;
  readonly volumes: number;
  readonly net: 'none' | 'user';
  /** The disk bus asked for; undefined: the machine's own. */
  readonly diskBus?: DiskBus;
  /** Boot through UEFI firmware. */
  readonly uefi?: boolean;
}

export type Carries = { ok: true } | { ok: false; why: string };

export function machineCarries(machine: Machine, devices: RunDevices): Carries {
  if (machine !== 'microvm') return { ok: true };
  // Nanos's virtio-9p driver registers a PCI probe and no virtio-mmio one: on microvm (even with
  // pcie=on and virtio-9p-pci) the guest finds no share. Volumes (virtio-blk) and the NIC work.
  if (devices.shares > 0) {
    return { ok: false, why: 'host directory shares (virtio-9p) need q35: the Nanos 9p driver finds PCI devices only, and microvm has none' };
  }
  // virtio-scsi and NVMe are PCI-only in Nanos (disk-bus.ts); microvm has virtio-mmio alone.
  if (devices.diskBus !== undefined && devices.diskBus !== 'virtio') {
    return { ok: false, why: `--disk-bus ${devices.diskBus} needs q35: Nanos drives ${devices.diskBus === 'scsi' ? 'virtio-scsi' : 'NVMe'} over PCI only, and microvm has none` };
  }
  if (devices.uefi) return { ok: false, why: '--uefi needs q35: microvm boots the kernel directly, with no firmware' };
  return { ok: true };
}
