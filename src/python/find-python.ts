// Find the Python interpreter of a rootfs by reading the tree: which python3 the PATH would give,
// its real file (symlinks resolved inside the root), its version from its name, and the stdlib
// next to it. Works the same for a container rootfs and for the host ('/').
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { MinopsError } from '../errors.js';
import type { PythonLayout, PythonVersion } from './python-layout.js';
import { resolveInRoot, type InRoot } from './resolve-in-root.js';

/** Where images put python3 (python:3.x images use /usr/local/bin; distributions /usr/bin). */
const BIN_DIRS = ['/usr/local/bin', '/usr/bin', '/bin', '/opt/python/bin'];
const NAMES = ['python3', 'python'];
const VERSIONED = /^python(\d+)\.(\d+)$/;

export interface FindPythonOptions {
  /** A guest path (`/usr/bin/python3.12`) or a name looked up in the bin dirs (`python3.12`). */
  readonly program?: string;
}

export async function findPython(root: string, options: FindPythonOptions = {}): Promise<PythonLayout> {
  const looked: string[] = [];
  const found = await findInterpreter(root, options.program, looked);
  if (!found) {
    throw new MinopsError('PYTHON_NOT_FOUND', `no Python interpreter in ${root}: looked for ${looked.join(', ')}`, {
      where: { file: root },
      hint: 'Use a rootfs that has python3 installed, or name the interpreter with --program.',
    });
  }
  const version = versionOf(found.guest) ?? (await versionFromStdlib(root, found.guest));
  if (!version) {
    throw new MinopsError('PYTHON_NOT_FOUND', `cannot tell the Python version of ${found.guest} in ${root}: its name has no version and no lib/python3.N/os.py is beside it`, {
      where: { file: root, entry: found.guest },
    });
  }
  const stdlib = await findStdlib(root, found.guest, version);
  if (!stdlib) {
    const tried = stdlibCandidates(found.guest, version).map((d) => `${d}/os.py`);
    throw new MinopsError('PYTHON_NOT_FOUND', `${found.guest} in ${root} has no standard library: looked for ${tried.join(', ')}`, {
      where: { file: root, entry: found.guest },
      hint: 'The rootfs must hold the interpreter\'s stdlib (os.py is its landmark).',
    });
  }
  const prefix = path.posix.dirname(path.posix.dirname(stdlib.guest));
  const libDynload = await existingDir(root, `${stdlib.guest}/lib-dynload`);
  return {
    root,
    interpreter: found.guest,
    links: found.links,
    version,
    prefix,
    stdlib: stdlib.guest,
    libDynload,
    sitePackages: await sitePackagesOf(root, prefix, version),
    landmark: `${stdlib.guest}/os.py`,
    cacheTag: `cpython-${version.major}${version.minor}`,
  };
}

async function findInterpreter(root: string, program: string | undefined, looked: string[]): Promise<InRoot | undefined> {
  const candidates = program
    ? program.includes('/') ? [program] : BIN_DIRS.map((d) => `${d}/${program}`)
    : [...BIN_DIRS.flatMap((d) => NAMES.map((n) => `${d}/${n}`))];
  for (const guest of candidates) {
    looked.push(guest);
    const hit = await resolveInRoot(root, guest);
    if (hit?.kind === 'file') return hit;
  }
  if (program) return undefined;
  // No python3 symlink (a bare `make altinstall`): take the newest pythonX.Y in a bin dir.
  for (const dir of BIN_DIRS) {
    looked.push(`${dir}/pythonX.Y`);
    const real = await resolveInRoot(root, dir);
    if (real?.kind !== 'dir') continue;
    const names = (await readdir(real.host).catch(() => [] as string[])).filter((n) => VERSIONED.test(n));
    names.sort((a, b) => compareVersions(versionOf(b)!, versionOf(a)!));
    for (const name of names) {
      const hit = await resolveInRoot(root, `${real.guest}/${name}`);
      if (hit?.kind === 'file') return hit;
    }
  }
  return undefined;
}

const versionOf = (guest: string): PythonVersion | undefined => {
  const m = VERSIONED.exec(path.posix.basename(guest));
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
};

const compareVersions = (a: PythonVersion, b: PythonVersion): number => a.major - b.major || a.minor - b.minor;

/** The interpreter's file is only `python3`: take the newest lib/python3.N that has os.py. */
async function versionFromStdlib(root: string, interpreter: string): Promise<PythonVersion | undefined> {
  const prefix = path.posix.dirname(path.posix.dirname(interpreter));
  const versions: PythonVersion[] = [];
  for (const lib of ['lib', 'lib64']) {
    const dir = await resolveInRoot(root, path.posix.join(prefix, lib));
    if (dir?.kind !== 'dir') continue;
    for (const name of await readdir(dir.host).catch(() => [] as string[])) {
      const v = versionOf(name);
      if (v && (await resolveInRoot(root, `${dir.guest}/${name}/os.py`))?.kind === 'file') versions.push(v);
    }
  }
  return versions.sort(compareVersions).at(-1);
}

/** Python looks for its landmark above the executable first; distributions may use lib64. */
const stdlibCandidates = (interpreter: string, v: PythonVersion): string[] => {
  const name = `python${v.major}.${v.minor}`;
  const prefixes = [path.posix.dirname(path.posix.dirname(interpreter)), '/usr/local', '/usr'];
  return [...new Set(prefixes.flatMap((p) => [`${p}/lib/${name}`, `${p}/lib64/${name}`].map((d) => path.posix.normalize(d))))];
};

async function findStdlib(root: string, interpreter: string, v: PythonVersion): Promise<InRoot | undefined> {
  for (const dir of stdlibCandidates(interpreter, v)) {
    const os = await resolveInRoot(root, `${dir}/os.py`);
    if (os?.kind === 'file') return resolveInRoot(root, dir);
  }
  return undefined;
}

async function existingDir(root: string, guest: string): Promise<string | undefined> {
  const hit = await resolveInRoot(root, guest);
  return hit?.kind === 'dir' ? hit.guest : undefined;
}

/** site.py's order: upstream adds <prefix>/lib/pythonX.Y/site-packages; Debian's patched site.py
 * adds /usr/local/lib/pythonX.Y/dist-packages, /usr/lib/python3/dist-packages and
 * /usr/lib/pythonX.Y/dist-packages instead. Only directories that exist are returned. */
async function sitePackagesOf(root: string, prefix: string, v: PythonVersion): Promise<string[]> {
  const name = `python${v.major}.${v.minor}`;
  const candidates = [`${prefix}/lib/${name}/site-packages`, `${prefix}/lib64/${name}/site-packages`];
  // Only Debian's own interpreter (prefix /usr) reads the dist-packages dirs; a pyenv or
  // /usr/local Python on the same machine does not.
  if (prefix === '/usr') candidates.push(`/usr/local/lib/${name}/dist-packages`, `/usr/lib/python${v.major}/dist-packages`, `/usr/lib/${name}/dist-packages`);
  const found: string[] = [];
  for (const guest of candidates) {
    const dir = await existingDir(root, guest);
    if (dir && !found.includes(dir)) found.push(dir);
  }
  return found;
}
