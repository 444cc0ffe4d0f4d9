// The VmSpec the run flags describe (memory, CPUs, ports, accelerator, machine, bus, persist), for
// a disk; what the image itself brings (its file format, kernel, firmware) comes in `more`.
import type { BuildSettings } from '../config/build-settings.js';
import { vmSpec, type VmSpec } from '../vm/vm-spec.js';

export function runVmSpec(settings: BuildSettings, disk: string, more: Parameters<typeof vmSpec>[1] = {}): VmSpec {
  return vmSpec(disk, {
    machine: settings.machine,
    accel: settings.accel,
    memoryMiB: settings.memoryMiB,
    smp: settings.smp,
    ports: settings.ports,
    persist: settings.persist,
    bus: settings.diskBus,
    ...more,
  });
}
