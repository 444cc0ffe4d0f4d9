// Where a Nanos kernel may be, in the order they are searched. Pure: paths are computed from the
// options and environment; nothing is read here.
import os from 'node:os';
import path from 'node:path';
import { minopsCacheDir } from '../cache-dir.js';

export type KernelSource = 'kernel-dir' | 'env' | 'project' | 'ops' | 'build-tree' | 'cache';

/**
 * One place to look. `dir` is either a kernel directory itself (kernel.img + boot.img), a
 * Nanos build tree (output/platform/pc/...), or — for `versioned` places — a directory of
 * `<version>/` kernel directories.
 */
export interface KernelPlace {
  readonly source: KernelSource;
  /** How the user would name this place: `--kernel-dir`, `MINOPS_KERNEL_DIR`, `~/.ops`. */
  readonly label: string;
  /** Undefined when the place was not given (no flag, variable unset). */
  readonly dir?: string;
  readonly versioned: boolean;
}

export interface KernelSearchOptions {
  /** `--kernel-dir`. */
  kernelDir?: string;
  /** A wanted Nanos version (`0.1.55`); default the newest found. */
  version?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  home?: string;
}

export function kernelPlaces(o: KernelSearchOptions = {}): KernelPlace[] {
  const env = o.env ?? process.env;
  const cwd = o.cwd ?? process.cwd();
  const home = o.home ?? os.homedir();
  const given = (d: string | undefined) => (d ? path.resolve(cwd, d) : undefined);
  return [
    { source: 'kernel-dir', label: '--kernel-dir', dir: given(o.kernelDir), versioned: false },
    { source: 'env', label: 'MINOPS_KERNEL_DIR', dir: given(env.MINOPS_KERNEL_DIR), versioned: false },
    { source: 'project', label: './kernels/<version>/', dir: path.join(cwd, 'kernels'), versioned: true },
    { source: 'ops', label: "~/.ops/<version>/ (ops's kernels)", dir: path.join(home, '.ops'), versioned: true },
    { source: 'build-tree', label: 'a Nanos build tree in the current directory', dir: cwd, versioned: false },
    { source: 'cache', label: '~/.cache/minops/kernels/<version>/ (minops kernel fetch)', dir: kernelCacheDir(env, home), versioned: true },
  ];
}

/** Where `minops kernel fetch` puts kernels. */
export const kernelCacheDir = (env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string =>
  path.join(minopsCacheDir(env, home), 'kernels');
