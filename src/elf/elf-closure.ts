import type { ElfClosure, ElfClosureOptions } from './elf-closure-types.js';
import { MinopsError } from '../errors.js';

export type { ElfClosure, ElfClosureOptions, ElfObject, MissingLibrary, SymlinkHop, FoundBy } from './elf-closure-types.js';

/** The DT_NEEDED + PT_INTERP closure of `starts` (guest paths) inside the rootfs at `root`. */
export async function elfClosure(root: string, starts: string[], options: ElfClosureOptions = {}): Promise<ElfClosure> {
  void root; void starts; void options;
  throw new MinopsError('NOT_IMPLEMENTED', 'elfClosure is being written');
}
