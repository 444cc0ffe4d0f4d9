// Run one program in the bubblewrap sandbox of sandbox-argv.ts. The only place minops runs code
// from a rootfs: when bwrap is missing or cannot make its namespaces, this stops with
// SANDBOX_FAILED (exit 125); there is no unsandboxed fallback.
import { lstatSync, readdirSync, readlinkSync } from 'node:fs';
import { MinopsError } from '../errors.js';
import type { OnEvent } from '../events.js';
import { sandboxArgv, type SandboxSpec, type TopEntry } from './sandbox-argv.js';

export const BWRAP = 'bwrap';
const STATUS_FD = 3;

export interface SandboxRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  readonly timedOut: boolean;
}

export interface SandboxOptions {
  readonly input?: string;
  readonly timeoutMs?: number;
  readonly onEvent?: OnEvent;
}

/** The rootfs's top-level entries (lstat, so /lib → usr/lib stays a symlink). */
export function topEntries(root: string): TopEntry[] {
  return readdirSync(root).map((name): TopEntry => {
    const st = lstatSync(`${root === '/' ? '' : root}/${name}`);
    return st.isSymbolicLink() ? { name, kind: 'symlink', target: readlinkSync(`${root === '/' ? '' : root}/${name}`, 'utf8') } : { name, kind: 'other' };
  });
}

export async function runInSandbox(spec: Omit<SandboxSpec, 'statusFd'>, options: SandboxOptions = {}): Promise<SandboxRun> {
  const args = sandboxArgv({ ...spec, statusFd: STATUS_FD }, topEntries(spec.root));
  options.onEvent?.({ kind: 'command', argv: [BWRAP, ...args] });
  // Loaded on use: execa costs ~50 ms of start-up that most commands never need.
  const { execa } = await import('execa');
  const result = await execa(BWRAP, args, {
    // bwrap itself needs only PATH to be found; the program's environment is in its argv.
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    extendEnv: false,
    reject: false,
    input: options.input ?? '',
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
    timeout: options.timeoutMs,
  });
  if (result.exitCode === undefined && (result as { code?: string }).code === 'ENOENT') {
    throw new MinopsError('SANDBOX_FAILED', `${BWRAP} (bubblewrap) is not installed: minops runs a rootfs's Python only inside its sandbox`, {
      where: { file: BWRAP },
      hint: 'install it (Debian/Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap)',
    });
  }
  const stdout = String(result.stdout ?? '');
  const stderr = String(result.stderr ?? '');
  if (result.timedOut) return { stdout, stderr, exitCode: result.exitCode ?? -1, timedOut: true };
  const exited = childExitCode(String(result.stdio[STATUS_FD] ?? ''));
  // The sandbox was made but the program could not be started (no such file, no loader): the
  // program's failure, as a shell reports it.
  if (exited === undefined && /^bwrap: execvp /m.test(stderr)) return { stdout, stderr, exitCode: 127, timedOut: false };
  if (exited === undefined) {
    // Nothing on stderr when bwrap itself could not be started (an argument list too long, say).
    const said = stderr.split('\n').find((l) => l.startsWith('bwrap: ')) || stderr.trim().split('\n').pop() || result.shortMessage;
    throw new MinopsError('SANDBOX_FAILED', `${BWRAP} could not set up the sandbox minops runs the rootfs's Python in: ${said}`, {
      where: { file: spec.root },
      hint: 'minops never runs rootfs code outside it; bwrap needs user namespaces (sysctl kernel.unprivileged_userns_clone=1, or an AppArmor profile that allows bwrap) or root',
    });
  }
  return { stdout, stderr, exitCode: exited, timedOut: false };
}

/** bwrap's `{ "exit-code": N }` record: written only when the program itself ran and ended. */
function childExitCode(status: string): number | undefined {
  for (const line of status.split('\n')) {
    const m = /"exit-code":\s*(-?\d+)/.exec(line);
    if (m) return Number(m[1]);
  }
  return undefined;
}
