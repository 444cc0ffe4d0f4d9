// What the guest's Python needs in argv and the environment. Kept apart from selection so the
// planner can build `program`/`args`/`env` without running anything.
import path from 'node:path';
import type { PythonLayout } from './python-layout.js';

export interface PythonEnvOptions {
  /** Let the guest write __pycache__ into the image (off: every shipped .pyc is already fresh). */
  readonly writeBytecode?: boolean;
  /** The user names a user site (PYTHONUSERBASE): leave it on. */
  readonly userSite?: boolean;
  /** HOME, as docker gives it (see guest-home.ts); unset when undefined. */
  readonly home?: string;
}

/** Environment for the guest, in a fixed order. PYTHONHOME only when Python could not find its
 * prefix from its own path (the stdlib is not at <interpreter>/../../lib/pythonX.Y).
 * PYTHONNOUSERSITE: no user site (~/.local) is ever planned into the image (the planner's own runs
 * of the rootfs's Python have it off too), so the guest need not look for one nor for
 * usercustomize. HOME spares site's expansion of "~" a read of the password database. */
export function pythonEnv(layout: PythonLayout, options: PythonEnvOptions = {}): [string, string][] {
  const env: [string, string][] = [];
  if (!options.writeBytecode) env.push(['PYTHONDONTWRITEBYTECODE', '1']);
  if (!options.userSite) env.push(['PYTHONNOUSERSITE', '1']);
  if (options.home !== undefined) env.push(['HOME', options.home]);
  if (needsPythonHome(layout)) env.push(['PYTHONHOME', layout.prefix]);
  return env.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export function needsPythonHome(layout: PythonLayout): boolean {
  const natural = path.posix.dirname(path.posix.dirname(layout.interpreter));
  return natural !== layout.prefix;
}

/** argv for the guest: argv[0] is the interpreter's full guest path, or sys.executable is empty. */
export const pythonArgs = (layout: PythonLayout, scriptGuest: string, args: readonly string[] = []): string[] =>
  [layout.interpreter, scriptGuest, ...args];
