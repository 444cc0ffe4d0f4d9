// The CLI as a user runs it, in its own process (on the TypeScript sources, no build needed), so a
// test sees its exit status, stdout (the guest's console included) and stderr.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { repoRoot } from './debian-rootfs.js';
import { kernel } from './machine-needs.js';

// `--import tsx` would be looked up from the test's cwd; name the loader itself.
const tsxLoader = pathToFileURL(path.join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href;

export interface MinopsProcessOptions {
  cwd?: string;
  /** Added to this process's environment (MINOPS_KERNEL_DIR points at the kernel tests use). */
  env?: Record<string, string>;
  timeout?: number;
}

export function minopsProcess(args: string[], o: MinopsProcessOptions = {}) {
  return execa('node', ['--import', tsxLoader, path.join(repoRoot, 'test/support/minops-cli.ts'), ...args], {
    cwd: o.cwd ?? repoRoot,
    reject: false,
    env: { MINOPS_KERNEL_DIR: kernel?.dir ?? '', ...o.env },
    timeout: o.timeout ?? 240_000,
  });
}
