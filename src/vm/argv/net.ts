// Networking: none at all unless ports are forwarded, then QEMU user-mode networking.
import type { VmSpec } from '../vm-spec.js';
import { typedOptList } from './opt-list.js';

export function netArgs(vm: VmSpec): string[] {
  if (vm.ports.length === 0) return ['-nic', 'none'];
  const forwards = vm.ports.map((p) => ['hostfwd', `${p.protocol}::${p.host}-:${p.guest}`] as const);
  const nic =
    vm.machine === 'q35'
      ? typedOptList('virtio-net-pci', [['bus', 'pci.3'], ['addr', '0x0'], ['netdev', 'n0']])
      : typedOptList('virtio-net-device', [['netdev', 'n0']]);
  return ['-netdev', typedOptList('user', [['id', 'n0'], ...forwards]), '-device', nic];
}
