// Host directories shared through virtio-9p: one `-fsdev local` backend and one 9p device each.
// The mount tag is what the manifest's `mounts:(%tag:/dir)` names. Read-only is the kernel's to
// enforce (the manifest's `:ro`): with QEMU's own readonly=on this kernel cannot even read.
import path from 'node:path';
import type { VmSpec } from '../vm-spec.js';
import { typedOptList } from './opt-list.js';

export function shareArgs(vm: VmSpec): string[] {
  // This kernel's 9p driver probes PCI only (no virtio-mmio): shares exist on q35 alone.
  if (vm.shares.length > 0 && vm.machine !== 'q35') throw new Error(`internal: host shares need q35, not ${vm.machine}`);
  return vm.shares.flatMap((s) => [
    '-fsdev', typedOptList('local', [['id', `fs${s.tag}`], ['path', path.resolve(s.hostDir)], ['security_model', 'none']]),
    '-device', typedOptList('virtio-9p-pci', [['fsdev', `fs${s.tag}`], ['mount_tag', s.tag]]),
  ]);
}
