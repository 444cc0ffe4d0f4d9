// One thing wrong (or worth a warning) in a config file, at a JSON path and a line:col.
import type { Position } from './parse-json.js';

export interface ConfigProblem {
  /** JSON path of the key, e.g. `RunConfig.Memory`, `Args[2]`; '' for the whole file. */
  readonly path: string;
  readonly pos?: Position;
  /** Starts with the path, as in changesets' validateConfig. */
  readonly message: string;
}

/** `RunConfig` + `Memory` → `RunConfig.Memory`; odd keys are bracketed. */
export function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  const plain = /^[A-Za-z_$][\w$]*$/.test(key) ? key : undefined;
  if (plain === undefined) return `${parent}[${JSON.stringify(key)}]`;
  return parent === '' ? plain : `${parent}.${plain}`;
}
