// The VmSpec a build's settings ask for, with the disk to boot and what -v attached: the one place
// run, run --image, the probe run and mkimage turn settings into a machine, so the printed line
// boots what run would. What the image itself brings (its file format, kernel, firmware) comes in
// `more`.
import type { BuildSettings } from '../config/build-settings.js';
import { vmSpec, type VmSpec } from '../vm/vm-spec.js';
import type { AttachedMounts } from './attach-mounts.js';

type More = Parameters<typeof vmSpec>[1] & { attached?: AttachedMounts };

export function vmSpecFor(settings: BuildSettings, disk: string, more: More = {}): VmSpec {
  const { attached, ...rest } = more;
  return vmSpec(disk, {
    machine: settings.machine,
    accel: settings.accel,
    memoryMiB: settings.memoryMiB,
    smp: settings.smp,
    net: settings.net,
    ports: settings.ports,
    shares: attached?.shares ?? [],
    volumes: attached?.volumes ?? [],
    persist: settings.persist,
    bus: settings.diskBus,
    ...rest,
  });
}
