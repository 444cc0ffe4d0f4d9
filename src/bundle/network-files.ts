// The files a guest's libc reads to resolve names under QEMU user-mode networking: the resolver is
// QEMU's own DNS forwarder at 10.0.2.3 (it asks the host's resolver), and localhost is local, as
// ops writes them. Written once into the bundle cache, so an unchanged build reuses its image.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PlanEntry } from './bundle-plan.js';

/** QEMU's user-mode DNS address (slirp's default `dns=`). */
export const USER_NET_DNS = '10.0.2.3';

const FILES: readonly (readonly [guest: string, text: string])[] = [
  ['/etc/resolv.conf', `nameserver ${USER_NET_DNS}\n`],
  ['/etc/hosts', '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n'],
];

export function networkFiles(cacheDir: string): PlanEntry[] {
  const dir = path.join(cacheDir, 'net');
  mkdirSync(dir, { recursive: true });
  return FILES.map(([guest, text]) => {
    const hostPath = path.join(dir, path.posix.basename(guest));
    if (readOrNothing(hostPath) !== text) {
      const tmp = `${hostPath}.tmp-${process.pid}`;
      writeFileSync(tmp, text);
      renameSync(tmp, hostPath);
    }
    return { guest, source: { kind: 'file', hostPath, size: Buffer.byteLength(text) }, reason: { kind: 'generated', why: 'name resolution under --net user' } };
  });
}

function readOrNothing(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
