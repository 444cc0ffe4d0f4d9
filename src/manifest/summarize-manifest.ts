// The one line `minops manifest check` prints about a manifest.
import { manifestEntries } from './manifest-entries.js';
import type { ManifestTuple } from './tuple.js';

export interface ManifestSummary {
  /** All entries, the root directory included. */
  entries: number;
  dirs: number;
  files: number;
  symlinks: number;
  /** The root's `program`, when it is a string. */
  program?: string;
}

export function summarizeManifest(root: ManifestTuple): ManifestSummary {
  const entries = manifestEntries(root);
  const count = (type: string) => entries.filter((e) => e.type === type).length;
  const program = root.entries.get('program');
  return {
    entries: entries.length,
    dirs: count('dir'),
    files: count('file'),
    symlinks: count('symlink'),
    ...(typeof program === 'string' ? { program } : {}),
  };
}

/** "16 entries (11 dirs, 5 files, 0 symlinks), program /bin/prog" */
export function formatManifestSummary(s: ManifestSummary): string {
  const program = s.program === undefined ? 'no program' : `program ${JSON.stringify(s.program)}`;
  return `${s.entries} entries (${s.dirs} dirs, ${s.files} files, ${s.symlinks} symlinks), ${program}`;
}
