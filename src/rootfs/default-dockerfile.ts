// The default rootfs recipe: ./Dockerfile.rootfs when the project has one, else the one shipped
// with minops.
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../package-root.js';

export const DEFAULT_DOCKERFILE = 'Dockerfile.rootfs';

export function defaultDockerfile(cwd: string = process.cwd()): string {
  const local = path.resolve(cwd, DEFAULT_DOCKERFILE);
  return fs.existsSync(local) ? local : path.join(packageRoot(), DEFAULT_DOCKERFILE);
}
