// The report's read edge: the regular files of the "before" (the whole rootfs, or for the host
// only its Python installation) and which of them are ELF.
import { lstatSync, readdirSync, type Dirent } from 'node:fs';
import { isElfFile } from '../bundle/is-elf-file.js';
import { hostRootfsView } from '../bundle/rootfs-view.js';
import { hostVirtualDirs, walkView } from '../bundle/walk-view.js';

export interface RootFile {
  readonly guest: string;
  readonly size: number;
  readonly elf: boolean;
}

const MAYBE_ELF = /\.so(\.[\d.]+)?$|^[^.]+$/;

/** A directory of the "before": its whole tree, or only the files directly in it. */
export interface ScopeDir {
  readonly guest: string;
  readonly tree: boolean;
}

/** Every regular file of the rootfs, or, with `scope`, of those directories plus `alsoFiles`. */
export function readRootfsFiles(root: string, scope?: { dirs: readonly ScopeDir[]; alsoFiles: readonly string[] }): RootFile[] {
  const view = hostRootfsView(root);
  const files = new Map<string, RootFile>();
  const add = (guest: string, size: number): void => {
    if (!files.has(guest)) files.set(guest, { guest, size, elf: isElfFile(`${root === '/' ? '' : root}${guest}`) });
  };
  if (!scope) {
    const skip = root === '/' ? hostVirtualDirs : new Set<string>();
    for (const w of walkView(view, '/', skip)) if (w.node.kind === 'file') add(w.guest, w.node.size);
    return [...files.values()];
  }
  // A Python installation can hold 50,000 files: one recursive readdir, one lstat per regular
  // file, and the ELF magic read only where a binary can be (`.so` files, names without a dot).
  const hostRoot = root === '/' ? '' : root;
  for (const dir of scope.dirs) {
    let entries: Dirent[];
    try {
      entries = readdirSync(`${hostRoot}${dir.guest}`, { withFileTypes: true, recursive: dir.tree });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (!e.isFile()) continue;
      const guest = `${e.parentPath.slice(hostRoot.length)}/${e.name}`;
      if (files.has(guest)) continue;
      const size = lstatSync(`${hostRoot}${guest}`, { throwIfNoEntry: false })?.size ?? 0;
      files.set(guest, { guest, size, elf: MAYBE_ELF.test(e.name) && isElfFile(`${hostRoot}${guest}`) });
    }
  }
  for (const guest of scope.alsoFiles) {
    const node = view.node(guest);
    if (node?.kind === 'file') add(guest, node.size);
  }
  return [...files.values()].sort((a, b) => (a.guest < b.guest ? -1 : a.guest > b.guest ? 1 : 0));
}
