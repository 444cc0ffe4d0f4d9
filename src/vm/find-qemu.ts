// Locates the QEMU binary on PATH before anything is spawned, so "not installed" is a clear
// QEMU_MISSING (exit 125) rather than a spawn ENOENT.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { MinopsError } from '../errors.js';

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
  const dirs = (envPath ?? '').split(path.delimiter).filter((d) => d !== '');
  for (const dir of dirs) {
    const candidate = path.resolve(dir, QEMU_BINARY);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  throw qemuMissingError(dirs.join(path.delimiter));
}
