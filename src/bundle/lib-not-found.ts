// The LIB_NOT_FOUND error: every missing name, who asked for it, and every directory searched, so
// the user can see where the library should have been.
import { MinopsError } from '../errors.js';
import type { MissingLibrary } from '../elf/elf-closure.js';

export function libNotFound(missing: readonly MissingLibrary[], root: string): MinopsError {
  const lines = missing.map((m) => `  ${m.name} (needed by ${m.by}; searched ${m.searched.join(', ') || 'nothing'})`);
  const names = [...new Set(missing.map((m) => m.name))].join(', ');
  return new MinopsError('LIB_NOT_FOUND', `shared libraries not found in the rootfs ${root}: ${names}\n${lines.join('\n')}`, {
    where: { file: root, entry: missing[0]?.by },
    hint: 'install them in the rootfs, add their directory to LD_LIBRARY_PATH in Env, or pass --allow-missing',
  });
}
