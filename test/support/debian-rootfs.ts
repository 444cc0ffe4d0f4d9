// A real Python rootfs made from Debian packages (scripts/make-debian-python-rootfs.sh), built once
// per machine and reused. Tests that need "real ELF files from a real rootfs" use this.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedDir } from './shared-paths.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const testCacheDir = process.env.MINOPS_TEST_CACHE ?? path.join(repoRoot, 'node_modules/.cache/minops-test');
export { sharedDir };
export const fixturesDir = path.join(sharedDir, 'fixtures');

/** Path of the Debian python rootfs, building it on first use (needs apt-get; ~5 s). */
export const debianPythonRootfs = (): string => builtOnce('debian-python-rootfs', []);

/** The same with Debian's python3-numpy and what apt would install with it (reference BLAS and
 * LAPACK, reached through /etc/alternatives as update-alternatives links them; ~10 s once). */
export const debianNumpyRootfs = (): string => builtOnce('debian-numpy-rootfs', ['python3-numpy']);

/** With Debian packages that load what no import statement or DT_NEEDED entry names: parts of
 * themselves by a name held in a string (Pillow's image plugins, SQLAlchemy's dialects, Markdown's
 * extensions through its egg-info entry points), data through a symlink into /usr/share (Babel's
 * locale data), a library through ctypes (python-magic, and libmagic's database). */
/** With Debian's matplotlib, whose data (mpl-data, matplotlibrc) its separate
 * python-matplotlib-data package installs under /usr/share and /etc. */
export const debianMatplotlibRootfs = (): string => builtOnce('debian-matplotlib-rootfs', ['python3-matplotlib']);

export const debianPluginsRootfs = (): string =>
  builtOnce('debian-plugins-rootfs', ['python3-pil', 'python3-sqlalchemy', 'python3-markdown', 'python3-babel', 'python3-magic']);

function builtOnce(name: string, packages: readonly string[]): string {
  const dir = path.join(testCacheDir, name);
  if (!existsSync(dir)) {
    try {
      execFileSync('bash', [path.join(repoRoot, 'scripts/make-debian-python-rootfs.sh'), dir, ...packages], { stdio: 'pipe' });
    } catch (e) {
      // Another worker may have built it at the same time; only its absence is a failure.
      if (!existsSync(dir)) throw e;
    }
  }
  return dir;
}

/** The python executable name in that rootfs, e.g. "python3.11". */
export const debianPythonName = (root: string): string =>
  readFileSync(path.join(root, '.minops-test-python'), 'utf8').trim();

export function hasCommand(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
