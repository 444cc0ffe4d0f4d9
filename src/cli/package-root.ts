// Where minops's own files are (package.json, Dockerfile.rootfs): two levels up from src/cli/
// when run with tsx, or from dist/cli/ when built.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
