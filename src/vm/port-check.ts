// `-p PORT`: QEMU's hostfwd fails late and vaguely when the host port is taken, so we try the port
// first and, when it is busy, name the process holding it (from /proc, when we may read it).
import { createSocket } from 'node:dgram';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { MinopsError } from '../errors.js';
import type { PortForward } from './vm-spec.js';

type Protocol = PortForward['protocol'];

/** Throws PORT_BUSY naming the holder when any forwarded host port cannot be bound. */
export async function checkPortsFree(ports: readonly PortForward[]): Promise<void> {
  for (const p of ports) {
    const problem = await tryBind(p.host, p.protocol);
    if (problem === undefined) continue;
    const holder = problem === 'EADDRINUSE' ? findPortHolder(p.host, p.protocol) : undefined;
    const who = holder ? ` by ${holder}` : '';
    const what = problem === 'EADDRINUSE' ? `is already in use${who}` : `cannot be bound (${problem})`;
    throw new MinopsError('PORT_BUSY', `host ${p.protocol} port ${p.host} ${what}`, {
      where: { file: `${p.protocol}:${p.host}` },
      hint:
        problem === 'EACCES'
          ? 'ports below 1024 need root; forward a higher host port, e.g. -p 8080:80'
          : 'stop that process or forward another host port, e.g. -p 8081:' + String(p.guest),
    });
  }
}

/** undefined when the port could be bound (and was released again), else the error code. */
function tryBind(port: number, protocol: Protocol): Promise<string | undefined> {
  return new Promise((resolve) => {
    if (protocol === 'udp') {
      const sock = createSocket('udp4');
      sock.once('error', (e: NodeJS.ErrnoException) => {
        sock.close();
        resolve(e.code ?? e.message);
      });
      sock.bind({ port, address: '0.0.0.0', exclusive: true }, () => sock.close(() => resolve(undefined)));
      return;
    }
    const server = createServer();
    server.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    // QEMU's `hostfwd=tcp::PORT-…` listens on every address, so test the same.
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

/** `name (pid N)` of the process with a socket on that local port, or undefined if unknown. */
export function findPortHolder(port: number, protocol: Protocol, procDir = '/proc'): string | undefined {
  const inodes = new Set<string>();
  for (const table of [protocol, `${protocol}6`]) {
    let text: string;
    try {
      text = readFileSync(`${procDir}/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const inode of socketInodesOnPort(text, port, protocol)) inodes.add(inode);
  }
  if (inodes.size === 0) return undefined;
  let pids: string[];
  try {
    pids = readdirSync(procDir).filter((d) => /^\d+$/.test(d));
  } catch {
    return undefined;
  }
  for (const pid of pids.sort((a, b) => Number(a) - Number(b))) {
    let fds: string[];
    try {
      fds = readdirSync(`${procDir}/${pid}/fd`);
    } catch {
      continue; // gone, or not ours to read
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`${procDir}/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const m = /^socket:\[(\d+)\]$/.exec(target);
      if (m && inodes.has(m[1]!)) return `${readComm(procDir, pid)} (pid ${pid})`;
    }
  }
  return undefined;
}

/** Inodes of sockets bound to `port` in a /proc/net/{tcp,tcp6,udp,udp6} table (TCP: listening only). */
export function socketInodesOnPort(table: string, port: number, protocol: Protocol): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const out: string[] = [];
  for (const line of table.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
    const local = f[1];
    const state = f[3];
    const inode = f[9];
    if (!local || !inode || inode === '0') continue;
    if (local.split(':').pop()?.toUpperCase() !== hexPort) continue;
    if (protocol === 'tcp' && state !== '0A') continue; // 0A = LISTEN
    out.push(inode);
  }
  return out;
}

function readComm(procDir: string, pid: string): string {
  try {
    return readFileSync(`${procDir}/${pid}/comm`, 'utf8').trim() || 'a process';
  } catch {
    return 'a process';
  }
}
