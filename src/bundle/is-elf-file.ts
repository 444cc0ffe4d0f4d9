// Four bytes decide whether a file is ELF: SCRIPT may be a program rather than Python, and the
// report counts ELF files.
import { closeSync, openSync, readSync } from 'node:fs';

const elfMagic = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

/** True when the host file starts with the ELF magic; false for anything unreadable. */
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
