// ./config.json is read when present, as ops does; without one nothing of the config reader loads.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** `./config.json` when it exists (ops's habit), else nothing. */
export function findDefaultConfig(cwd: string): string | undefined {
  const file = join(cwd, 'config.json');
  return existsSync(file) ? file : undefined;
}
