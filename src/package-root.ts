// Where minops's own package is: the first directory with a package.json above this file, so the
// same code finds it from src/ (tsx), from dist/ (tsc) and from the one-file build (dist/minops.mjs).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let found: string | undefined;

export function packageRoot(): string {
  if (found === undefined) {
    let dir = path.dirname(fileURLToPath(import.meta.url));
    while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    found = dir;
  }
  return found;
}

/** minops's version from package.json ("unknown" if it cannot be read). Also part of every cache
 * key, so an upgraded minops never reuses what an older one planned or wrote. */
export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
