// One PATH lookup for the external tools minops runs (qemu-system-x86_64, qemu-img), so a missing
// tool is a clear MinopsError naming its package before anything is spawned.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/** The directories of `envPath`, in order. */
export const pathDirs = (envPath: string | undefined): string[] => (envPath ?? '').split(path.delimiter).filter((d) => d !== '');

/** Absolute path of the executable `name` found first on `envPath`, or undefined. */
export function findOnPath(name: string, envPath: string | undefined = process.env.PATH): string | undefined {
  for (const dir of pathDirs(envPath)) {
    const candidate = path.resolve(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}
