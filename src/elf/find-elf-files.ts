// Every regular ELF file of a rootfs, as sorted guest paths (does not follow symlinks).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { isElfSync } from './read-elf.js';

export function findElfFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (guestDir: string): void => {
    for (const d of readdirSync(path.join(root, guestDir), { withFileTypes: true })) {
      const guest = path.posix.join(guestDir, d.name);
      if (d.isDirectory()) walk(guest);
      else if (d.isFile() && isElfSync(path.join(root, guest))) out.push(guest);
    }
  };
  walk('/');
  return out.sort();
}
