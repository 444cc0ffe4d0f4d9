// The machine a run boots (and the printed qemu line names): the one the user asked for, else
// microvm — no PCI bus, no firmware, the kernel handed over directly, so it boots sooner — when it
// carries every device of the run and this QEMU has it, else q35. Pure: what QEMU offers comes in.
// A machine asked for that cannot carry the devices is refused before this (attachMounts).
import { machineCarries, type RunDevices } from './machine-carries.js';
import type { Machine } from './vm-spec.js';

export interface MachineChoice {
  readonly machine: Machine;
  readonly why: string;
}

/** `qemuMachines`: what `-machine help` lists; empty when unknown (no QEMU here: a printed line). */
export function chooseMachine(asked: Machine | undefined, devices: RunDevices, qemuMachines: readonly string[]): MachineChoice {
  if (asked !== undefined) return { machine: asked, why: `--machine ${asked}` };
  if (qemuMachines.length > 0 && !qemuMachines.includes('microvm')) return { machine: 'q35', why: 'this QEMU has no microvm machine' };
  const carries = machineCarries('microvm', devices);
  if (!carries.ok) return { machine: 'q35', why: carries.why };
  return { machine: 'microvm', why: 'microvm carries every device of this run' };
}
