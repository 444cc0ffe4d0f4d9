// Runs minops as a user would (a child process), on the TypeScript sources through
// test/support/minops-cli.ts. The tsx loader is named by path: `--import tsx` would be looked up
// from the child's cwd, which is often outside the repository.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { repoRoot } from './debian-rootfs.js';

const tsxLoader = pathToFileURL(path.join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href;
const cli = path.join(repoRoot, 'test/support/minops-cli.ts');

export interface RunMinopsOptions {
  cwd: string;
  /** Added to the test process's environment (a key set to undefined is removed from it). */
  env?: Record<string, string | undefined>;
  timeout?: number;
}

/** The argv that runs minops (for wrapping it in another command). */
export const minopsArgv = (args: readonly string[]): string[] => ['node', '--import', tsxLoader, cli, ...args];

export const runMinops = (args: string[], o: RunMinopsOptions) =>
  execa('node', ['--import', tsxLoader, cli, ...args], { cwd: o.cwd, reject: false, env: o.env, timeout: o.timeout ?? 300_000 });

/** The same, stdout as bytes (image cat). */
export const runMinopsBytes = (args: string[], o: RunMinopsOptions) =>
  execa('node', ['--import', tsxLoader, cli, ...args], { cwd: o.cwd, reject: false, env: o.env, timeout: o.timeout ?? 300_000, encoding: 'buffer' });
