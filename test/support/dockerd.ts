// A private Docker daemon for the tests that need one: Debian's dockerd on its own socket, data,
// exec and pid paths under a fresh temp dir (the machine's own docker, if any, is never touched),
// optionally with an image archive loaded by `docker load`. It is started while the test file is
// collected, so its outcome is a Need: a dockerd that cannot start fails under CI=true, saying
// why. The file stops it in afterAll (which runs when tests fail too); should the test process
// end first, dockerd dies with it (parent-death signal), and so does its containerd.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { need, type Need } from './needs.js';

const run = promisify(execFile);

export interface PrivateDockerd {
  /** For DOCKER_HOST. */
  host: string;
  dir: string;
  /** Stops dockerd and removes its directories; throws when anything of it was left running. */
  stop(): Promise<void>;
}

export interface DockerdStart {
  /** Missing (with dockerd's own last words) when the daemon did not come up. */
  need: Need;
  daemon?: PrivateDockerd;
}

export interface DockerdOptions {
  /** A zstd-compressed docker-archive to `docker load` once the daemon answers. */
  load?: string;
}

/** Starts a private dockerd, unless one of `needs` is missing (they speak for themselves then). */
export async function startPrivateDockerd(needs: readonly Need[], options: DockerdOptions = {}): Promise<DockerdStart> {
  if (needs.some((n) => n.missing !== undefined)) return { need: need('dockerd', true) };
  // Short: a unix socket path must fit in 108 bytes.
  const dir = fs.mkdtempSync('/tmp/minops-dockerd-');
  const host = `unix://${path.join(dir, 'docker.sock')}`;
  const logFile = path.join(dir, 'dockerd.log');
  const log = fs.openSync(logFile, 'w');
  const argv = [
    ...['--host', host, '--data-root', path.join(dir, 'data'), '--exec-root', path.join(dir, 'exec')],
    ...['--pidfile', path.join(dir, 'dockerd.pid'), '--iptables=false', '--ip6tables=false', '--bridge=none', '--storage-driver=vfs'],
  ];
  const child = spawn('setpriv', ['--pdeathsig', 'KILL', 'dockerd', ...argv], { stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.on('exit', killOnExit);
  const daemon: PrivateDockerd = {
    host,
    dir,
    stop: () => {
      process.off('exit', killOnExit);
      return stopDockerd(child, dir);
    },
  };
  const failed = async (why: string): Promise<DockerdStart> => {
    const said = fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join('\n');
    await daemon.stop().catch(() => {});
    return { need: need('dockerd', false, `${why}; its log ends with:\n${said}`) };
  };
  if (!(await answers(child, host))) {
    const how = child.exitCode !== null ? `exited with status ${child.exitCode}` : child.signalCode ? `was killed (${child.signalCode})` : `did not answer on ${host} within 60 s`;
    return failed(`dockerd ${argv.join(' ')} ${how}`);
  }
  if (options.load) {
    const loaded = spawnSync('bash', ['-o', 'pipefail', '-c', 'zstd -dc "$0" | docker -H "$1" load', options.load, host], { encoding: 'utf8' });
    if (loaded.status !== 0) return failed(`docker load of ${options.load} failed: ${loaded.stderr.trim()}`);
  }
  return { need: need('dockerd', true), daemon };
}

async function answers(child: ChildProcess, host: string): Promise<boolean> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
    const ok = await run('docker', ['-H', host, 'version', '--format', '{{.Server.Version}}'], { timeout: 5000 }).then(
      () => true,
      () => false,
    );
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

async function stopDockerd(child: ChildProcess, dir: string): Promise<void> {
  const gone = new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
  child.kill('SIGTERM');
  const stopped = await Promise.race([gone.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 30_000))]);
  if (!stopped) {
    child.kill('SIGKILL');
    await gone;
  }
  // dockerd stops the containerd it started; anything still running from this dir is a leak.
  const left = processesUsing(dir);
  for (const pid of left) process.kill(pid, 'SIGKILL');
  for (const mount of mountsUnder(dir)) spawnSync('umount', ['-l', mount]);
  fs.rmSync(dir, { recursive: true, force: true });
  if (left.length > 0) throw new Error(`still running after dockerd stopped (killed now): ${left.join(', ')}`);
  if (!stopped) throw new Error('dockerd did not stop within 30 s of SIGTERM (killed)');
}

/** Processes whose command line names `dir`. */
function processesUsing(dir: string): number[] {
  return fs.readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      return fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(dir) ? [Number(entry)] : [];
    } catch {
      return [];
    }
  });
}

/** Mount points at or below `dir`, deepest first (dockerd bind-mounts its data root). */
function mountsUnder(dir: string): string[] {
  return fs
    .readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .filter((mount) => mount === dir || mount.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
}
