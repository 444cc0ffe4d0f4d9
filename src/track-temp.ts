// Temporary paths (an image before its rename, a rootfs tree being extracted, a .pyc being
// compiled) are removed even when minops is killed with SIGKILL and no handler of ours runs. On
// first use a small sh is started in its own session with the read end of a pipe; minops writes
// each temporary path to it. When minops ends, however it ends, the pipe closes and the sh waits
// a moment (for the tied children to die) and removes every path it was given that still exists:
// after a normal end they have all been renamed into place or removed already.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';

const SWEEPER = 'set --; while IFS= read -r p; do set -- "$@" "$p"; done; [ $# -eq 0 ] || { sleep 0.3; rm -rf -- "$@"; }';

let sweeper: ChildProcess | undefined;
const tracked = new Set<string>();

/** Remove `p` (a file or a directory tree) when this process ends, unless it is gone by then. */
export function trackTemp(p: string): void {
  if (tracked.has(p) || p.includes('\n')) return;
  tracked.add(p);
  if (!sweeper) {
    sweeper = spawn('sh', ['-c', SWEEPER], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
    sweeper.on('error', () => {}); // no sh: only the sweep by the next run is left
    sweeper.unref();
    (sweeper.stdin as Socket | null)?.unref();
  }
  sweeper.stdin?.write(`${p}\n`);
}
