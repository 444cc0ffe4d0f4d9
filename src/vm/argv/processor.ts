// `-accel`, `-cpu` and `-smp`.
import type { VmSpec } from '../vm-spec.js';

/** `auto` renders QEMU's own fallback list (KVM if it initializes, else TCG) for printed lines. */
export const accelArgs = (vm: VmSpec): string[] =>
  vm.accel === 'auto' ? ['-accel', 'kvm', '-accel', 'tcg'] : ['-accel', vm.accel];

/** `max` is what the verified line uses and works under both; `host` only under KVM. */
export const cpuArgs = (vm: VmSpec): string[] => ['-cpu', vm.cpu ?? (vm.accel === 'kvm' ? 'host' : 'max')];

export const smpArgs = (vm: VmSpec): string[] => (vm.smp > 1 ? ['-smp', String(vm.smp)] : []);
