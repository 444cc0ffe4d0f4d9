// THE value handed from the planner to the manifest and image stages: every path the guest will
// see, where its bytes come from, and why it is there. Follow this type to find the origin of
// any byte in an image.

/** Why a guest path is in the image. Shown by `minops rootfs report`. */
export type Reason =
  | { kind: 'script' } // the user's script
  | { kind: 'user'; detail: string } // a sibling module/package of the script, or a config File/Dir/MapDir
  | { kind: 'interpreter' } // the Python interpreter (or the ELF program being run)
  | { kind: 'loader'; by: string } // PT_INTERP of `by`
  | { kind: 'needed'; chain: string[] } // DT_NEEDED chain of guest paths, first = the root object
  | { kind: 'import'; module: string; chain: string[] } // a module the script imports, chain = import path
  | { kind: 'startup'; module: string } // needed by the interpreter before the script runs
  | { kind: 'stdlib' } // kept by `--slim stdlib`
  | { kind: 'site-packages' }
  | { kind: 'implicit'; why: string } // what a DT_NEEDED walk cannot see (libgcc_s, NSS, ...)
  | { kind: 'dlopen'; by: string; why: string } // a library the kept library or module `by` loads at run time (runtime-rules.ts)
  | { kind: 'data'; by: string; why: string } // a file the kept module or library `by` reads at run time (runtime-rules.ts)
  | { kind: 'probe'; record: string } // opened by the program in its probe run (`--slim probe`); `record` is the file listing them
  | { kind: 'config'; key: string } // an include glob or another config key
  | { kind: 'generated'; why: string } // written by minops (compiled bytecode, /etc files)
  | { kind: 'rootfs' } // `--slim none`: the whole rootfs
  | { kind: 'parent' }; // a directory that holds something kept

/** Where the bytes of a guest path come from. Generated content is written to a cache file first,
 * so every regular file has a host path (which is also what the real mkfs needs). */
export type Source =
  | { kind: 'file'; hostPath: string; size: number }
  | { kind: 'symlink'; target: string } // stored verbatim, as in the rootfs
  | { kind: 'dir' };

export interface PlanEntry {
  /** Absolute guest path, '/'-separated, no trailing slash; '/' itself is never an entry. */
  readonly guest: string;
  readonly source: Source;
  readonly reason: Reason;
  /** Seconds since the epoch; written as the TFS `mtime` so shipped bytecode is not stale. */
  readonly mtime?: number;
}

export interface BundlePlan {
  /** Sorted by guest path (UTF-8 byte order), parents before children, no duplicates. */
  readonly entries: readonly PlanEntry[];
  /** Absolute guest path of the ELF the kernel execs (the interpreter for Python). */
  readonly program: string;
  /** argv including argv[0] (the program's full guest path). */
  readonly args: readonly string[];
  /** Environment in a fixed order, so the same input gives the same image. */
  readonly env: readonly (readonly [string, string])[];
  readonly cwd: string;
  /** What the planner wants the user to know (missing optional libraries, ...). */
  readonly warnings: readonly string[];
  /** How the Python files were chosen (absent for an ELF program); shown by the report. */
  readonly python?: PythonSummary;
}

export interface PythonSummary {
  /** `3.11` */
  readonly version: string;
  /** `trace`: imported for real by the rootfs's interpreter; `graph`: a static import walk;
   * `stdlib`/`none`: no selection, the whole stdlib / rootfs. */
  readonly method: 'trace' | 'graph' | 'stdlib' | 'none';
  /** Modules the script imports that the rootfs does not have (often optional imports). */
  readonly missingModules: readonly string[];
}
