// Every program minops starts (QEMU, docker/podman, the rootfs's Python, mkfs) ends when minops
// ends, however it ends — kill -9 included, where no handler of ours runs. The program is started
// through util-linux's `setpriv --pdeathsig`, so the kernel signals it when its parent dies. The
// parent is the thread that forked it: Node forks from its main thread, which lives as long as
// the process. A parent killed between the fork and setpriv's prctl would be missed, so a one-line
// sh (which runs after the prctl) checks it still has its parent before it execs the program.
import { statSync } from 'node:fs';

const SETPRIV = '/usr/bin/setpriv';
const GUARD = 'test "$PPID" = "$1" || exit 125; shift; exec "$@"';

let setprivPresent: boolean | undefined;

export interface TiedCommand {
  readonly file: string;
  readonly args: readonly string[];
}

/** `file args…` as a command that cannot outlive this process (as it is, without setpriv). */
export function tiedCommand(file: string, args: readonly string[], signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL'): TiedCommand {
  setprivPresent ??= statSync(SETPRIV, { throwIfNoEntry: false })?.isFile() ?? false;
  if (!setprivPresent) return { file, args };
  return { file: SETPRIV, args: ['--pdeathsig', signal, '--', 'sh', '-c', GUARD, 'sh', String(process.pid), file, ...args] };
}
