// Which Python a rootfs holds: the first interpreter found at the usual places (resolved inside
// the rootfs), and its version from its name and, when the headers are there, patchlevel.h.
import fs from 'node:fs';
import path from 'node:path';
import { resolveInRoot } from './resolve-in-root.js';

export interface PythonInfo {
  /** Guest path of the real interpreter, symlinks resolved: "/usr/local/bin/python3.10". */
  path: string;
  /** "3.10.15", or "3.10" when the micro version is not recorded in the tree. */
  version: string;
}

const CANDIDATES = ['/usr/local/bin/python3', '/usr/bin/python3', '/usr/local/bin/python', '/usr/bin/python', '/bin/python3'];

export function findPython(root: string): PythonInfo | undefined {
  for (const candidate of CANDIDATES) {
    const resolved = resolveInRoot(root, candidate);
    if (resolved === null || !fs.statSync(path.join(root, resolved)).isFile()) continue;
    const minor = /python(\d+\.\d+)$/.exec(resolved)?.[1] ?? minorFromLibs(root, path.posix.dirname(path.posix.dirname(resolved)));
    if (!minor) continue;
    return { path: resolved, version: microVersion(root, path.posix.dirname(path.posix.dirname(resolved)), minor) ?? minor };
  }
  return undefined;
}

/** For an interpreter named just "python3": the one stdlib under <prefix>/lib holding os.py. */
function minorFromLibs(root: string, prefix: string): string | undefined {
  const lib = path.join(root, prefix, 'lib');
  const names = fs.existsSync(lib) ? fs.readdirSync(lib).filter((n) => /^python\d+\.\d+$/.test(n)) : [];
  const withOs = names.filter((n) => fs.existsSync(path.join(lib, n, 'os.py'))).sort();
  return withOs.length === 1 ? withOs[0]!.slice('python'.length) : undefined;
}

function microVersion(root: string, prefix: string, minor: string): string | undefined {
  for (const include of [prefix, '/usr']) {
    const header = path.join(root, include, 'include', `python${minor}`, 'patchlevel.h');
    if (!fs.existsSync(header)) continue;
    const version = /#define\s+PY_VERSION\s+"([0-9.]+)/.exec(fs.readFileSync(header, 'utf8'))?.[1];
    if (version?.startsWith(`${minor}.`)) return version;
  }
  return undefined;
}
