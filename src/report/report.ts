// THE value `minops rootfs report` renders: what the rootfs held, what the plan keeps, and why.
// Plain data (no Maps), so `--json` is JSON.stringify of it.

export const categories = [
  'interpreter',
  'shared-libraries',
  'stdlib-source',
  'bytecode',
  'extension-modules',
  'site-packages',
  'user-files',
  'etc',
  'other',
] as const;
export type Category = (typeof categories)[number];

export const categoryLabels: Record<Category, string> = {
  interpreter: 'interpreter',
  'shared-libraries': 'shared libraries',
  'stdlib-source': 'stdlib source',
  bytecode: 'bytecode',
  'extension-modules': 'extension modules',
  'site-packages': 'site-packages',
  'user-files': 'user files',
  etc: '/etc',
  other: 'other',
};

export interface Totals {
  readonly bytes: number;
  readonly files: number;
  readonly elfFiles: number;
}

export interface CategoryRow {
  readonly category: Category;
  readonly keptBytes: number;
  readonly keptFiles: number;
  /** Rootfs bytes of this category the plan leaves out. */
  readonly cutBytes: number;
  readonly cutFiles: number;
}

export interface KeptFile {
  readonly guest: string;
  readonly size: number;
  readonly category: Category;
  /** Where the bytes come from: the rootfs, the user's files, or minops. */
  readonly from: 'rootfs' | 'user' | 'generated';
  readonly reasonKind: string;
  /** The reason as one line: `python3.11 → libpython3.11.so.1.0 → libm.so.6`, `import json → json.decoder`. */
  readonly why: string;
}

/** One run-time rule that fired (src/bundle/runtime-rules.ts): what it kept and why. */
export interface RuntimeRow {
  readonly kind: 'dlopen' | 'data' | 'probe';
  /** The library or module that loads or reads the files ('' for the probe run). */
  readonly by: string;
  readonly why: string;
  readonly files: number;
  readonly bytes: number;
}

export interface CutFile {
  readonly guest: string;
  readonly size: number;
  readonly category: Category;
}

export interface Report {
  readonly root: string;
  readonly program: string;
  readonly args: readonly string[];
  /** Rootfs regular files (symlinks and directories are not counted). */
  readonly before: Totals;
  /** What "before" counts when it is not the whole rootfs (the host's Python installation):
   * `DIR/` for a whole tree, `DIR/*` for the files directly in DIR, plus every kept file. */
  readonly beforeScope?: readonly string[];
  /** Regular files in the plan, the user's and generated ones included. */
  readonly after: Totals;
  readonly categories: readonly CategoryRow[];
  /** The largest kept files, largest first. */
  readonly largest: readonly KeptFile[];
  /** Every kept regular file, by guest path. */
  readonly kept: readonly KeptFile[];
  /** The largest cut files, largest first (the treemap's grey tiles). */
  readonly largestCut: readonly CutFile[];
  readonly symlinks: number;
  readonly directories: number;
  readonly warnings: readonly string[];
  /** How Python modules were chosen, e.g. `python 3.11, imports found by trace`; absent for an ELF program. */
  readonly selection?: string;
  /** Modules the script imports that the rootfs does not have. */
  readonly missingModules: readonly string[];
  /** Files kept for what no DT_NEEDED walk or import trace sees (dlopen, data files, the probe run). */
  readonly runtime: readonly RuntimeRow[];
}
