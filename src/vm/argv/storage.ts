// The boot disk: the `-drive` backend in the file's own format, and the devices of its bus.
import path from 'node:path';
import type { VmSpec } from '../vm-spec.js';
import { diskBusArgs } from './disk-bus.js';
import { optList } from './opt-list.js';

const DRIVE_ID = 'hd0';

export function storageArgs(vm: VmSpec): string[] {
  // Absolute, so QEMU never reads `name:rest` as a protocol prefix; commas doubled by optList.
  const drive = ['-drive', optList([['if', 'none'], ['id', DRIVE_ID], ['format', vm.disk.format], ['file', path.resolve(vm.disk.file)]])];
  // The image stays as built: Nanos writes to its root FS on every boot (/proc/self/exe, .pyc).
  const snapshot = vm.disk.persist ? [] : ['-snapshot'];
  return [...drive, ...diskBusArgs(vm.machine, vm.disk.bus, [DRIVE_ID]), ...snapshot];
}
