// The default rootfs recipe: ./Dockerfile.rootfs when the project has one, else the one shipped
// with minops (found by walking up from this file to package.json, from src/ and dist/ alike).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_DOCKERFILE = 'Dockerfile.rootfs';

export function defaultDockerfile(cwd: string = process.cwd()): string {
  const local = path.resolve(cwd, DEFAULT_DOCKERFILE);
  return fs.existsSync(local) ? local : path.join(shippedWith(), DEFAULT_DOCKERFILE);
}

function shippedWith(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
