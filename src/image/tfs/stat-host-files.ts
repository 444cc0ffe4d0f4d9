// The read edge of planning: the size of every host file the manifest names. A file that is
// missing or not a regular file is an error naming the file and the guest path.
import { statSync } from 'node:fs';
import { MinopsError } from '../../errors.js';
import type { PlannedFile } from './plan-tree.js';

export function statHostFiles(files: readonly PlannedFile[]): number[] {
  return files.map((f) => {
    let st;
    try {
      st = statSync(f.host);
    } catch (e) {
      throw new MinopsError('INPUT_MISSING', `cannot read the host file for ${f.guestPath}: ${(e as Error).message}`, {
        where: { file: f.host, entry: f.guestPath },
        cause: e,
      });
    }
    if (!st.isFile()) {
      throw new MinopsError('INPUT_MISSING', `the host file for ${f.guestPath} is not a regular file`, {
        where: { file: f.host, entry: f.guestPath },
      });
    }
    return st.size;
  });
}
