// The VmSpec a build's settings ask for, with the disk to boot and what -v attached: the one place
// run, run --image, the probe run and mkimage turn settings into a machine, so the printed line
// boots what run would. What the image itself brings (its file format, kernel, firmware) comes in
// `more`.
import type { BuildSettings } from '../config/build-settings.js';
import type { OnEvent } from '../events.js';
import { chooseMachine } from '../vm/choose-machine.js';
import { qemuAbilities } from '../vm/qemu-abilities.js';
import { vmSpec, type Machine, type VmSpec } from '../vm/vm-spec.js';
import type { AttachedMounts } from './attach-mounts.js';

type More = Parameters<typeof vmSpec>[1] & { attached?: AttachedMounts; machine: Machine };

/** The machine for these settings and what -v attached (chooseMachine), said under --verbose.
 * `qemu`: the binary whose machine types count; undefined when there is none here (a printed
 * line). `firmware`: the boot goes through UEFI firmware (run --uefi). */
export function machineFor(
  settings: BuildSettings,
  boot: { attached?: AttachedMounts; qemu: string | undefined; firmware: boolean },
  onEvent: OnEvent,
): Machine {
  const { attached, qemu } = boot;
  const machines = qemu ? qemuAbilities(qemu, { onEvent }).machines : [];
  const devices = {
    shares: attached?.shares.length ?? 0,
    volumes: attached?.volumes.length ?? 0,
    net: settings.net,
    diskBus: settings.diskBus,
    uefi: boot.firmware,
  };
  const choice = chooseMachine(settings.machine, devices, machines);
  onEvent({ kind: 'debug', message: `machine: ${choice.machine} (${choice.why})` });
  return choice.machine;
}

export function vmSpecFor(settings: BuildSettings, disk: string, more: More): VmSpec {
  const { attached, ...rest } = more;
  return vmSpec(disk, {
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
