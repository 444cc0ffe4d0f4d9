// Where the real Nanos mkfs is: MINOPS_MKFS, else an `output/tools/bin/mkfs` in a Nanos build tree
// found by walking up from the current directory (the checkout itself, or a `nanos/` beside it).
// Never a `mkfs` from PATH: on Linux that is util-linux's, a different tool.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { MinopsError } from '../errors.js';

const BUILD_PATH = ['output', 'tools', 'bin', 'mkfs'];

const isExecutable = (file: string): boolean => {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
};

export function findMkfs(options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): string | undefined {
  const env = options.env ?? process.env;
  const given = env.MINOPS_MKFS;
  if (given) {
    if (!isExecutable(given)) {
      throw new MinopsError('INPUT_MISSING', 'MINOPS_MKFS does not name an executable file', { where: { file: given } });
    }
    return path.resolve(given);
  }
  for (let dir = path.resolve(options.cwd ?? process.cwd()); ; dir = path.dirname(dir)) {
    for (const candidate of [path.join(dir, ...BUILD_PATH), path.join(dir, 'nanos', ...BUILD_PATH)]) {
      if (isExecutable(candidate)) return candidate;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}
