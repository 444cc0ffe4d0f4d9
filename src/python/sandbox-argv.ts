// The bubblewrap command line that makes a rootfs the `/` of a sandbox: what runs inside sees the
// guest's paths (an absolute symlink such as Debian's /etc/alternatives/... resolves inside the
// rootfs), cannot write to the rootfs or the host, has no network, and gets only the environment
// given here. Pure: the rootfs's top-level entries are read by the caller.
//
// Why not `--ro-bind ROOT /`: bwrap must create the mount points (/app, /tmp, ...) and cannot in a
// read-only tree, and creating them first would write into the rootfs (or into the host's `/`).
// So `/` is bwrap's own tmpfs holding a read-only bind of every top-level entry of the rootfs and
// its top-level symlinks as symlinks, remounted read-only once everything is in place.

/** A top-level entry of the rootfs, as lstat sees it. */
export type TopEntry = { readonly name: string; readonly kind: 'symlink'; readonly target: string } | { readonly name: string; readonly kind: 'other' };

/** A host path seen at `guest` inside the sandbox. `guest` must be a top-level name (`/app`) or
 * below one that no other entry takes: the sandbox's `/` is read-only. */
export interface SandboxMount {
  readonly host: string;
  readonly guest: string;
  readonly writable?: boolean;
}

export interface SandboxSpec {
  /** Host directory that is `/` inside. */
  readonly root: string;
  readonly mounts: readonly SandboxMount[];
  /** The whole environment of the program (nothing is inherited). */
  readonly env: Readonly<Record<string, string>>;
  /** Working directory inside. */
  readonly cwd: string;
  /** argv inside; argv[0] is the program's guest path. */
  readonly argv: readonly string[];
  /** File descriptor bwrap reports the child's start and exit on (`--json-status-fd`). */
  readonly statusFd: number;
}

/** Top-level names the sandbox supplies itself: a fresh /proc and /dev, an empty /tmp; /sys is
 * left out (nothing a Python import needs reads it). */
const SUPPLIED = new Set(['proc', 'dev', 'tmp', 'sys']);

export function sandboxArgv(spec: SandboxSpec, top: readonly TopEntry[]): string[] {
  const mountTops = new Set(spec.mounts.map((m) => m.guest.split('/')[1]));
  const args: string[] = ['--unshare-all', '--die-with-parent', '--new-session', '--cap-drop', 'ALL'];
  for (const e of [...top].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (SUPPLIED.has(e.name) || mountTops.has(e.name)) continue;
    const at = `/${e.name}`;
    if (e.kind === 'symlink') args.push('--symlink', e.target, at);
    else args.push('--ro-bind', joinHost(spec.root, e.name), at);
  }
  for (const m of spec.mounts) args.push(m.writable ? '--bind' : '--ro-bind', m.host, m.guest);
  args.push('--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp', '--remount-ro', '/');
  args.push('--clearenv');
  for (const [k, v] of Object.entries(spec.env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) args.push('--setenv', k, v);
  args.push('--chdir', spec.cwd, '--json-status-fd', String(spec.statusFd), '--', ...spec.argv);
  return args;
}

const joinHost = (root: string, name: string): string => (root.endsWith('/') ? `${root}${name}` : `${root}/${name}`);
