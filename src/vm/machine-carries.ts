// Which QEMU machine can carry which devices on this kernel. Pure, so that refusing the machine a
// user asked for and choosing a default machine follow the same rule.
import type { Machine } from './vm-spec.js';

export interface RunDevices {
  readonly shares: number;
  readonly volumes: number;
  readonly net: 'none' | 'user';
}

export type Carries = { ok: true } | { ok: false; why: string };

export function machineCarries(machine: Machine, devices: RunDevices): Carries {
  // Nanos's virtio-9p driver registers a PCI probe and no virtio-mmio one: on microvm (even with
  // pcie=on and virtio-9p-pci) the guest finds no share. Volumes (virtio-blk) and the NIC work.
  if (machine === 'microvm' && devices.shares > 0) {
    return { ok: false, why: 'host directory shares (virtio-9p) need q35: the Nanos 9p driver finds PCI devices only, and microvm has none' };
  }
  return { ok: true };
}
