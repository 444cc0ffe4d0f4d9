// Every module of a third-party package, by name, read from its files (nothing imported). A
// package often loads parts of itself by a name held in a string — Pillow's image plugins
// (Image.init imports each of Image._plugins), SQLAlchemy's dialects (a registry of
// "module:attribute" strings) — which neither an import statement nor an import of the package
// shows. Planning imports these too (tolerating failures: an optional part may lack what it
// needs), so what the package can load by name is in the image with what it imports.
import path from 'node:path';
import { walkGuestDir } from './walk-guest-dir.js';

/** Parts of a package no program loads by name: its tests, and `__main__` (importing it runs the
 * package's command line). */
const NEVER = new Set(['tests', 'test', '__main__', 'conftest', 'setup']);

/** Module names of the files under `<site>/<top>` (a package directory), sorted: `top`,
 * `top.sub`, `top.sub.mod`; extension modules (`mod.cpython-311-x86_64-linux-gnu.so`,
 * `mod.abi3.so`) by their module name; a directory without `__init__.py` is not entered. */
export function packageModuleNames(top: string, files: readonly string[]): string[] {
  const dirOf = (f: string): string => (path.posix.dirname(f) === '.' ? '' : path.posix.dirname(f));
  const dirs = new Set(files.filter((f) => path.posix.basename(f) === '__init__.py').map(dirOf));
  const names = new Set<string>();
  for (const file of files) {
    const parts = file.split('/');
    const base = parts.pop()!;
    const stem = base.endsWith('.py') ? base.slice(0, -3) : base.endsWith('.so') ? base.slice(0, base.indexOf('.')) : undefined;
    if (stem === undefined || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(stem)) continue;
    // Every directory on the way must be a package, and none of them a part no program loads.
    let ok = dirs.has('');
    for (let i = 1; ok && i <= parts.length; i++) ok = dirs.has(parts.slice(0, i).join('/')) && !NEVER.has(parts[i - 1]!);
    if (!ok || NEVER.has(stem)) continue;
    names.add([top, ...parts, ...(stem === '__init__' ? [] : [stem])].join('.'));
  }
  return [...names].sort();
}

/** The module names of package `top` in site-packages directory `site` of the rootfs. */
export async function packageModules(root: string, site: string, top: string): Promise<string[]> {
  const dir = `${site}/${top}`;
  const files = await walkGuestDir(root, dir);
  return packageModuleNames(top, files.map((f) => f.slice(dir.length + 1)));
}
