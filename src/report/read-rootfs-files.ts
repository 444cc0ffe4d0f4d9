// The report's read edge: every regular file of the rootfs ("before") and which files are ELF.
import { isElfFile } from '../bundle/is-elf-file.js';
import { hostRootfsView } from '../bundle/rootfs-view.js';
import { hostVirtualDirs, walkView } from '../bundle/walk-view.js';

export interface RootFile {
  readonly guest: string;
  readonly size: number;
  readonly elf: boolean;
}

export function readRootfsFiles(root: string): RootFile[] {
  const files: RootFile[] = [];
  const skip = root === '/' ? hostVirtualDirs : new Set<string>();
  for (const w of walkView(hostRootfsView(root), '/', skip)) {
    if (w.node.kind === 'file') files.push({ guest: w.guest, size: w.node.size, elf: isElfFile(`${root}${w.guest}`) });
  }
  return files;
}
