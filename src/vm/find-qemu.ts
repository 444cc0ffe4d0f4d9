// Locates the QEMU binary on PATH before anything is spawned, so "not installed" is a clear
// QEMU_MISSING (exit 125) rather than a spawn ENOENT.
import path from 'node:path';
import { MinopsError } from '../errors.js';
import { findOnPath, pathDirs } from '../find-on-path.js';

export const QEMU_BINARY = 'qemu-system-x86_64';
export const QEMU_INSTALL_HINT = 'install it with: sudo apt-get install qemu-system-x86';

export function qemuMissingError(searched: string): MinopsError {
  return new MinopsError('QEMU_MISSING', `${QEMU_BINARY} was not found on PATH (${searched || 'PATH is empty'})`, {
    where: { file: QEMU_BINARY },
    hint: QEMU_INSTALL_HINT,
  });
}

/** Absolute path of qemu-system-x86_64 from `envPath` (default: this process's PATH). */
export function findQemu(envPath: string | undefined = process.env.PATH): string {
  const found = findOnPath(QEMU_BINARY, envPath);
  if (!found) throw qemuMissingError(pathDirs(envPath).join(path.delimiter));
  return found;
}
