// What selectModules hands the bundle planner: the guest files a script needs under a slim
// level, each with why it is there.
import type { Reason } from '../bundle/bundle-plan.js';
import type { PythonLayout } from './python-layout.js';

export type SlimLevel = 'stdlib' | 'imports';

/** What a kept file is to Python. 'package' is a package's __init__.py. */
export type ModuleFileKind = 'source' | 'bytecode' | 'extension' | 'data' | 'package';

/** The reasons a Python file can have (a subset of the bundle's Reason union). */
export type ModuleReason = Extract<Reason, { kind: 'import' | 'startup' | 'stdlib' | 'site-packages' | 'user' | 'script' }>;

export interface ModuleFile {
  /** Absolute guest path. May be a symlink in the rootfs: the planner resolves it inside root. */
  readonly guest: string;
  /** Host path of the bytes: `<root><guest>` for rootfs files, the user's file for user files. */
  readonly host: string;
  /** Dotted module name ('' for data files outside any module, e.g. a dist-info file). */
  readonly module: string;
  readonly kind: ModuleFileKind;
  readonly reason: ModuleReason;
}

export interface SelectOptions {
  readonly root: string;
  readonly layout: PythonLayout;
  /** Host path of the user's script. */
  readonly script: string;
  /** Where the script will be in the guest, e.g. `/app/main.py`. */
  readonly scriptGuest: string;
  readonly slim: SlimLevel;
  /** How `imports` finds library imports. 'trace' (default): the script and its sibling modules
   * are walked statically (modulefinder, never run); the library modules they import are imported
   * for real by the rootfs's interpreter and sys.modules recorded, plus, in rounds, each package's
   * imports of its own submodules made inside functions (email → email.parser). Imports inside
   * functions that reach another package (datetime.strptime → _strptime) are not seen.
   * 'graph': modulefinder walks everything statically (much larger: every function's imports and
   * other-platform branches). */
  readonly method?: 'trace' | 'graph';
  /** The guest's environment: the drivers run with it (PYTHONPATH, PYTHONHOME and the like are
   * guest paths, and the sandbox they run in has the guest's paths). */
  readonly env?: readonly (readonly [string, string])[];
}

export interface ModuleSelection {
  /** Sorted by guest path, no duplicates. Does not include the script itself. */
  readonly files: readonly ModuleFile[];
  /** How library imports were found: 'trace' = imported for real by the rootfs's interpreter,
   * sys.modules recorded; 'graph' = modulefinder's static walk only. The script and its sibling
   * modules are always walked statically (never run); the start-up set is always traced. */
  readonly method: 'trace' | 'graph';
  /** Modules the script imports that were not found (often optional or other-platform imports). */
  readonly missing: readonly string[];
  /** Modules needed only when a function that imports them runs (datetime.strptime → _strptime):
   * kept, but not worth bytecode of their own. */
  readonly lazyOnly?: readonly string[];
  /** Every module the program loads as far as the drivers saw (start-up set, imports, builtins,
   * file or not), sorted; absent when every module counts (`--slim stdlib`). The run-time rules
   * (src/bundle/runtime-rules.ts) are keyed on these names. */
  readonly modules?: readonly string[];
  /** Modules frozen into the interpreter binary, as the rootfs's Python reported them while
   * scanning (absent when it did not run). */
  readonly frozen?: readonly string[];
  readonly warnings: readonly string[];
}
