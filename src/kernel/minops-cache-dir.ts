// ~/.cache/minops (or $XDG_CACHE_HOME/minops): downloaded kernels and the accelerator memo.
import os from 'node:os';
import path from 'node:path';

export function minopsCacheDir(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
  const xdg = env.XDG_CACHE_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.cache'), 'minops');
}
