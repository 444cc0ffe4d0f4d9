// Run the ROOTFS's own interpreter on the host: through its own loader (PT_INTERP) with
// `--library-path` set to the rootfs's library dirs and PYTHONHOME inside the rootfs, so that no
// host library or host stdlib is ever used. The environment is built from nothing.
import path from 'node:path';
import { MinopsError } from '../errors.js';
import type { OnEvent } from '../events.js';
import { libraryDirs } from './library-dirs.js';
import type { PythonLayout } from './python-layout.js';
import { readInterp } from './read-interp.js';
import { hostOf, resolveInRoot } from './resolve-in-root.js';

export interface RootfsPythonCommand {
  readonly file: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

/** The command line that runs `layout`'s interpreter with `pythonArgs` (pure but for reading the
 * loader path and the library dirs). */
export async function rootfsPythonCommand(
  layout: PythonLayout,
  pythonArgs: readonly string[],
  extraEnv: Readonly<Record<string, string>> = {},
): Promise<RootfsPythonCommand> {
  const { root } = layout;
  const interpreterHost = hostOf(root, layout.interpreter);
  const interp = await readInterp(interpreterHost);
  // A fixed hash seed: marshal writes frozenset constants in hash order, so without it the same
  // source compiles to different .pyc bytes from run to run.
  const env = { ...extraEnv, PYTHONHOME: hostOf(root, layout.prefix), PYTHONNOUSERSITE: '1', PYTHONDONTWRITEBYTECODE: '1', PYTHONHASHSEED: '0' };
  // The host's own interpreter runs as itself: through the loader its site-packages would not be
  // found (sys.executable names the loader), and the start-up set would differ from the guest's.
  if (path.resolve(root) === '/') {
    const { PYTHONHOME: _own, ...hostEnv } = env;
    return { file: interpreterHost, args: [...pythonArgs], env: hostEnv };
  }
  if (!interp) return { file: interpreterHost, args: [...pythonArgs], env };
  const loader = await resolveInRoot(root, interp);
  if (loader?.kind !== 'file') {
    throw new MinopsError('PYTHON_FAILED', `${layout.interpreter} in ${root} asks for the loader ${interp}, which the rootfs does not have`, {
      where: { file: root, entry: interp },
    });
  }
  const dirs = (await libraryDirs(root)).map((d) => d.host);
  // glibc's loader would otherwise read the host's /etc/ld.so.cache; musl's has no cache.
  const cache = /musl/.test(interp) ? [] : ['--inhibit-cache'];
  return { file: loader.host, args: [...cache, '--library-path', dirs.join(':'), interpreterHost, ...pythonArgs], env };
}

const RUN_TIMEOUT_MS = 300_000;

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** Run it; a failure to start or a non-zero exit is a MinopsError naming what ran. */
export async function runRootfsPython(
  layout: PythonLayout,
  pythonArgs: readonly string[],
  more: { env?: Readonly<Record<string, string>>; input?: string; cwd?: string; onEvent?: OnEvent } = {},
): Promise<RunResult> {
  const cmd = await rootfsPythonCommand(layout, pythonArgs, more.env);
  more.onEvent?.({ kind: 'command', argv: [cmd.file, ...cmd.args] });
  // Loaded on use: execa costs ~50 ms of start-up that most commands never need.
  const { execa } = await import('execa');
  const result = await execa(cmd.file, cmd.args, {
    env: cmd.env,
    extendEnv: false,
    reject: false,
    input: more.input,
    cwd: more.cwd,
    maxBuffer: 256 * 1024 * 1024,
    // A library that blocks at import time (network, a lock) must not hang the build.
    timeout: RUN_TIMEOUT_MS,
  });
  if (result.exitCode !== 0 || result.failed) {
    const why = result.timedOut
      ? `no answer after ${RUN_TIMEOUT_MS / 1000} s`
      : result.stderr.trim().split('\n').slice(-3).join(' | ') || result.shortMessage;
    throw new MinopsError('PYTHON_FAILED', `the rootfs's ${layout.interpreter} (run through its loader on the host) failed: ${why}`, {
      where: { file: layout.root, entry: layout.interpreter },
      hint: 'minops runs the rootfs\'s interpreter on the host to find imports; the rootfs must match the host\'s architecture, or use --slim stdlib.',
    });
  }
  return { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode ?? 0 };
}
