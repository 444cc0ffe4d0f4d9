// The error for unresolved DT_NEEDED names (and a missing PT_INTERP): every name, who asked for it,
// and every directory searched, so the user sees why the loader in the guest would fail.
import { MinopsError } from '../errors.js';
import type { MissingLibrary } from './elf-closure-types.js';

/** One line per missing library: `libfoo.so.1 (needed by /usr/bin/x; searched /a, /b)`. */
export function describeMissing(m: MissingLibrary): string {
  const searched = m.searched.length > 0 ? m.searched.join(', ') : 'no directory';
  return `${m.name} (needed by ${m.by}; searched ${searched})`;
}

export function libNotFoundError(missing: readonly MissingLibrary[]): MinopsError {
  const names = [...new Set(missing.map((m) => m.name))];
  const first = missing[0];
  const lines = missing.map((m) => `  ${describeMissing(m)}`).join('\n');
  return new MinopsError(
    'LIB_NOT_FOUND',
    `shared ${names.length === 1 ? 'library' : 'libraries'} not found in the rootfs: ${names.join(', ')}\n${lines}`,
    {
      where: first ? { file: first.by, entry: 'DT_NEEDED' } : undefined,
      hint: 'Add the library to the rootfs, set LD_LIBRARY_PATH in the config Env, or pass --allow-missing to build anyway.',
    },
  );
}
