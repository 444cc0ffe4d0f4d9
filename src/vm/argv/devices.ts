// Platform devices: PCIe root ports (q35), the entropy source and the exit port.
import type { VmSpec } from '../vm-spec.js';
import { typedOptList } from './opt-list.js';

/** pci.1..pci.3 on pcie.0 as in the verified line; the disk sits behind pci.2, a NIC behind pci.3. */
const ROOT_PORTS = [
  [['port', '0x10'], ['chassis', 1], ['id', 'pci.1'], ['bus', 'pcie.0'], ['multifunction', 'on'], ['addr', '0x3']],
  [['port', '0x11'], ['chassis', 2], ['id', 'pci.2'], ['bus', 'pcie.0'], ['addr', '0x3.0x1']],
  [['port', '0x12'], ['chassis', 3], ['id', 'pci.3'], ['bus', 'pcie.0'], ['addr', '0x3.0x2']],
] as const;

export function deviceArgs(vm: VmSpec): string[] {
  const rootPorts = vm.machine === 'q35' ? ROOT_PORTS.flatMap((p) => ['-device', typedOptList('pcie-root-port', p)]) : [];
  const rng = vm.machine === 'q35' ? 'virtio-rng-pci' : 'virtio-rng-device';
  // isa-debug-exit is how the guest's exit status reaches us (`debug_exit` in the image); without
  // -no-reboot a guest that resets would boot again forever.
  return [...rootPorts, '-device', rng, '-device', 'isa-debug-exit', '-no-reboot'];
}
