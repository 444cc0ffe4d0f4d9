// Answers worth remembering between runs (the accelerator that worked, QEMU's abilities, the
// container engine's probes, a Dockerfile's image ID), each in a small JSON file of key → entry.
// Every entry carries what its answer depends on, so a caller recalls it only while that is
// unchanged. A missing or unreadable file means "nothing remembered"; a write goes to a temp file
// that is renamed, so two runs at once never leave half a file (the later one wins).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { minopsCacheDir } from './cache-dir.js';
import { trackTemp } from './track-temp.js';

/** `$MINOPS_CACHE/memo/<name>.json`. */
export const memoFile = (name: string, env: NodeJS.ProcessEnv = process.env): string => path.join(minopsCacheDir(env), 'memo', `${name}.json`);

export function readMemo(file: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The entry under `key` when it has the shape `valid` expects. */
export function recall<T>(file: string, key: string, valid: (entry: unknown) => entry is T): T | undefined {
  const entry = readMemo(file)[key];
  return valid(entry) ? entry : undefined;
}

/** Sets `key` (undefined removes it), keeping the other entries; keys are written sorted. */
export function remember(file: string, key: string, entry: unknown): void {
  const memo = { ...readMemo(file), [key]: entry };
  if (entry === undefined) delete memo[key];
  const sorted = Object.fromEntries(Object.entries(memo).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.tmp-${process.pid}`;
    trackTemp(tmp);
    writeFileSync(tmp, `${JSON.stringify(sorted, null, 2)}\n`);
    renameSync(tmp, file);
  } catch {
    // A cache that cannot be written costs the next run its time, never this run its result.
  }
}
