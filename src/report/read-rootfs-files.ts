// The report's read edge: every regular file of the rootfs ("before") and which files are ELF.
import { closeSync, openSync, readSync } from 'node:fs';
import { hostRootfsView } from '../bundle/rootfs-view.js';
import { walkView } from '../bundle/walk-view.js';

export interface RootFile {
  readonly guest: string;
  readonly size: number;
  readonly elf: boolean;
}

/** Virtual filesystems of a live host are not part of "the rootfs". */
const hostSkip = new Set(['/proc', '/sys', '/dev', '/run', '/tmp']);

export function readRootfsFiles(root: string): RootFile[] {
  const files: RootFile[] = [];
  const skip = root === '/' ? hostSkip : new Set<string>();
  for (const w of walkView(hostRootfsView(root), '/', skip)) {
    if (w.node.kind === 'file') files.push({ guest: w.guest, size: w.node.size, elf: isElfFile(`${root}${w.guest}`) });
  }
  return files;
}

const elfMagic = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

/** True when the file starts with the ELF magic (4 bytes read). */
export function isElfFile(hostPath: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(hostPath, 'r');
    const head = Buffer.alloc(4);
    return readSync(fd, head, 0, 4, 0) === 4 && head.equals(elfMagic);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
