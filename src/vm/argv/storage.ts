// The disks: the boot disk (in its file's own format), then each volume, as `-drive` backends, and
// the devices of the disk bus the guest sees them through.
import path from 'node:path';
import type { VmSpec } from '../vm-spec.js';
import { diskBusArgs } from './disk-bus.js';
import { optList } from './opt-list.js';

const DRIVE_ID = 'hd0';

export function storageArgs(vm: VmSpec): string[] {
  // The image stays as built: Nanos writes to its root FS on every boot (/proc/self/exe, .pyc).
  const snapshot = !vm.disk.persist;
  const disks = [
    { id: DRIVE_ID, file: vm.disk.file, format: vm.disk.format, keep: false },
    // -snapshot would send a volume's writes to a temporary overlay too: the volume is data.
    ...vm.volumes.map((v, i) => ({ id: `vol${i}`, file: v.file, format: 'raw', keep: snapshot })),
  ];
  const drives = disks.flatMap((d) => [
    // Absolute, so QEMU never reads `name:rest` as a protocol prefix; commas doubled by optList.
    '-drive', optList([['if', 'none'], ['id', d.id], ['format', d.format], ['file', path.resolve(d.file)], ['snapshot', d.keep ? 'off' : undefined]]),
  ]);
  return [...drives, ...diskBusArgs(vm.machine, vm.disk.bus, disks.map((d) => d.id)), ...(snapshot ? ['-snapshot'] : [])];
}
