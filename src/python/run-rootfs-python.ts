// Run the ROOTFS's own interpreter — never on the host as such: inside the bubblewrap sandbox
// where the rootfs is `/` (run-in-sandbox.ts). It runs through its own loader and its own
// ld.so.cache, finds its prefix as the guest will, sees guest paths only, cannot write anywhere
// but where a caller binds an output directory, and has no network. The script's directory is
// /app, read-only, as in the guest.
import { MinopsError } from '../errors.js';
import type { OnEvent } from '../events.js';
import type { PythonLayout } from './python-layout.js';
import { readInterp } from './read-interp.js';
import { hostOf, resolveInRoot } from './resolve-in-root.js';
import { runInSandbox } from './run-in-sandbox.js';
import type { SandboxMount } from './sandbox-argv.js';

const RUN_TIMEOUT_MS = 300_000;

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export interface RootfsPythonOptions {
  /** The guest's environment (what the program will get); minops adds only what planning needs. */
  readonly env?: Readonly<Record<string, string>>;
  readonly input?: string;
  /** Host directories seen inside (the script's directory at /app, an output directory). */
  readonly mounts?: readonly SandboxMount[];
  /** Working directory inside; default `/`. */
  readonly cwd?: string;
  readonly onEvent?: OnEvent;
}

/** The environment inside: the guest's own (so start-up imports what it imports in the guest),
 * plus a fixed hash seed (marshal writes frozenset constants in hash order, so without it the
 * same source compiles to different .pyc bytes) and no bytecode writes (the tree is read-only). */
export const sandboxPythonEnv = (guestEnv: Readonly<Record<string, string>> = {}): Record<string, string> => ({
  ...guestEnv,
  PYTHONDONTWRITEBYTECODE: '1',
  PYTHONHASHSEED: '0',
});

/** The interpreter did not start: say why when the rootfs lacks its loader (PT_INTERP). */
async function explainNoStart(layout: PythonLayout): Promise<void> {
  const interp = await readInterp(hostOf(layout.root, layout.interpreter)).catch(() => undefined);
  if (interp && (await resolveInRoot(layout.root, interp))?.kind !== 'file') {
    throw new MinopsError('PYTHON_FAILED', `${layout.interpreter} in ${layout.root} asks for the loader ${interp}, which the rootfs does not have`, {
      where: { file: layout.root, entry: interp },
    });
  }
}

/** Run it; a non-zero exit (or no answer) is a PYTHON_FAILED MinopsError naming what ran. */
export async function runRootfsPython(layout: PythonLayout, pythonArgs: readonly string[], more: RootfsPythonOptions = {}): Promise<RunResult> {
  const run = await runInSandbox(
    { root: layout.root, mounts: more.mounts ?? [], env: sandboxPythonEnv(more.env), cwd: more.cwd ?? '/', argv: [layout.interpreter, ...pythonArgs] },
    // A library that blocks at import time (a lock, a retry loop) must not hang the build.
    { input: more.input, timeoutMs: RUN_TIMEOUT_MS, onEvent: more.onEvent },
  );
  if (run.exitCode === 127 && !run.timedOut) await explainNoStart(layout);
  if (run.exitCode !== 0 || run.timedOut) {
    const why = run.timedOut ? `no answer after ${RUN_TIMEOUT_MS / 1000} s` : run.stderr.trim().split('\n').slice(-3).join(' | ') || `exit status ${run.exitCode}`;
    throw new MinopsError('PYTHON_FAILED', `the rootfs's ${layout.interpreter} (run in a sandbox where the rootfs is /) failed: ${why}`, {
      where: { file: layout.root, entry: layout.interpreter },
      hint: "minops runs the rootfs's interpreter to find imports; the rootfs must match the host's architecture, or use --slim stdlib.",
    });
  }
  return { stdout: run.stdout, stderr: run.stderr, exitCode: run.exitCode };
}
