// Networking: none at all, or QEMU user-mode networking (the guest gets 10.0.2.15 by DHCP, DNS at
// 10.0.2.3, the host's loopback at 10.0.2.2) with the forwarded ports.
import type { VmSpec } from '../vm-spec.js';
import { typedOptList } from './opt-list.js';

export function netArgs(vm: VmSpec): string[] {
  if (vm.net === 'none') {
    if (vm.ports.length > 0) throw new Error('internal: forwarded ports need net "user"');
    return ['-nic', 'none'];
  }
  const forwards = vm.ports.map((p) => ['hostfwd', `${p.protocol}::${p.host}-:${p.guest}`] as const);
  const nic =
    vm.machine === 'q35'
      ? typedOptList('virtio-net-pci', [['bus', 'pci.3'], ['addr', '0x0'], ['netdev', 'n0']])
      : typedOptList('virtio-net-device', [['netdev', 'n0']]);
  return ['-netdev', typedOptList('user', [['id', 'n0'], ...forwards]), '-device', nic];
}
