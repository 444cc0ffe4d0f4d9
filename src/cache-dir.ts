// Where minops keeps what it builds and downloads: $MINOPS_CACHE, else $XDG_CACHE_HOME/minops,
// else ~/.cache/minops. Each stage has its own folder below it (rootfs/, bundle/, images/,
// kernels/, accel.json).
import os from 'node:os';
import path from 'node:path';

export function minopsCacheDir(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
  if (env.MINOPS_CACHE) return path.resolve(env.MINOPS_CACHE);
  const xdg = env.XDG_CACHE_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.cache'), 'minops');
}
