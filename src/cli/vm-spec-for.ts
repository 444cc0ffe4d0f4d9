// The VmSpec a build's settings ask for, with the disk to boot and what -v attached: the one place
// run and mkimage turn settings into a machine, so the printed line boots what run would.
import type { BuildSettings } from '../config/build-settings.js';
import { vmSpec, type VmSpec } from '../vm/vm-spec.js';
import type { AttachedMounts } from './attach-mounts.js';

export function vmSpecFor(settings: BuildSettings, disk: string, more: { kernelImg: string; attached: AttachedMounts; persist: boolean }): VmSpec {
  return vmSpec(disk, {
    machine: settings.machine,
    accel: settings.accel,
    memoryMiB: settings.memoryMiB,
    smp: settings.smp,
    net: settings.net,
    ports: settings.ports,
    shares: more.attached.shares,
    volumes: more.attached.volumes,
    persist: more.persist,
    kernelImg: more.kernelImg,
  });
}
