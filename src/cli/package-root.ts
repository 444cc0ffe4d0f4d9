// Where minops's own package.json is: two levels up from src/cli/
// when run with tsx, or from dist/cli/ when built.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** minops's version from package.json ("unknown" if it cannot be read). Also part of every cache
 * key, so an upgraded minops never reuses what an older one planned or wrote. */
export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
