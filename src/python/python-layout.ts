// Where a rootfs keeps its Python: found by reading the tree (findPython), never by guessing a
// version. Every path here is a guest path (absolute, '/'-separated, no symlink in it).

export interface PythonVersion {
  readonly major: number;
  readonly minor: number;
}

export interface PythonLayout {
  /** Host directory that guest `/` maps to ('/' for the host rootfs). */
  readonly root: string;
  /** Real guest path of the interpreter ELF (symlinks such as python3 → python3.11 followed). */
  readonly interpreter: string;
  /** Symlinks met on the way from the name asked for to `interpreter`, in order. */
  readonly links: readonly { readonly guest: string; readonly target: string }[];
  readonly version: PythonVersion;
  /** sys.prefix the interpreter computes from its own location (`/usr`, `/usr/local`). */
  readonly prefix: string;
  /** The directory holding os.py, e.g. `/usr/lib/python3.11`. */
  readonly stdlib: string;
  /** Extension modules of the stdlib; undefined when the build has none (static builds). */
  readonly libDynload?: string;
  /** site-packages / dist-packages directories that exist, in the order site.py adds them. */
  readonly sitePackages: readonly string[];
  /** The stdlib landmark Python looks for to find its prefix (`<stdlib>/os.py`). */
  readonly landmark: string;
  /** `sys.implementation.cache_tag`, the middle of `__pycache__/x.cpython-311.pyc`. */
  readonly cacheTag: string;
}
