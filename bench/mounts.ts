// The guest reading and writing a 100 MB file on a host share (virtio-9p) and on a volume (a TFS
// disk), against the host doing the same with the same script (bench/guests/io_bench.py), in one
// run. Guest times are taken inside the guest (TCG, q35); the host's page cache is warm for every
// read, the guest's is cold. `…OverHost` is guest time over host time (2 = half the host's speed).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tryFindKernel } from '../src/kernel/find-kernel.js';
import { debianPythonRootfs, hasCommand, repoRoot } from '../test/support/debian-rootfs.js';

const SIZE = 100 * 1024 * 1024;
type Figures = Record<string, { readMs: number; writeMs: number; bytes: number }>;

function figures(stdout: string, what: string): Figures {
  const line = stdout.split('\n').find((l) => l.startsWith('BENCH '));
  if (!line) throw new Error(`${what} printed no BENCH line: ${stdout.slice(-500)}`);
  return JSON.parse(line.slice(6)) as Figures;
}

export async function bench(): Promise<Record<string, number | string>> {
  const kernel = tryFindKernel();
  if (!kernel) return { skipped: 'no Nanos kernel found (see `minops kernel ls`)' };
  if (!hasCommand('qemu-system-x86_64') || !hasCommand('python3')) return { skipped: 'needs qemu-system-x86_64 and python3' };
  const work = mkdtempSync(path.join(tmpdir(), 'minops-bench-mounts-'));
  try {
    const env = { ...process.env, MINOPS_KERNEL_DIR: kernel.dir, MINOPS_CACHE: path.join(work, 'cache') };
    const script = path.join(repoRoot, 'bench/guests/io_bench.py');
    const minops = (args: string[]) => {
      const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/minops.js'), ...args], { env, cwd: work, encoding: 'utf8', maxBuffer: 1 << 26 });
      if (r.status !== 0) throw new Error(`minops ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
      return r.stdout;
    };
    const data = Buffer.alloc(SIZE, 0x5a);
    for (const dir of ['host', 'share', 'seed']) {
      mkdirSync(path.join(work, dir));
      writeFileSync(path.join(work, dir, 'src.bin'), data);
    }
    const host = figures(spawnSync('python3', [script, `host=${path.join(work, 'host')}`], { encoding: 'utf8' }).stdout, 'python3 on the host').host!;
    minops(['volume', 'create', 'bench', '--size', '512m']);
    minops(['volume', 'cp', 'seed/src.bin', 'bench:/']);
    const guest = figures(
      minops(['run', script, '--rootfs', `dir:${debianPythonRootfs()}`, '--accel', 'tcg', '-m', '1G', '--quiet-kernel', '--timeout', '600',
        '-v', './share:/share', '-v', 'bench:/vol', '--', 'share=/share', 'volume=/vol']),
      'the guest',
    );
    const mbps = (ms: number): number => Math.round((SIZE / 1e6 / (ms / 1000)) * 10) / 10;
    const ratio = (guestMs: number, hostMs: number): number => Math.round((guestMs / hostMs) * 10) / 10;
    const share = guest.share!;
    const volume = guest.volume!;
    return {
      fileMiB: SIZE / (1 << 20),
      accel: 'tcg',
      hostReadMBps: mbps(host.readMs),
      hostWriteMBps: mbps(host.writeMs),
      shareReadMBps: mbps(share.readMs),
      shareWriteMBps: mbps(share.writeMs),
      volumeReadMBps: mbps(volume.readMs),
      volumeWriteMBps: mbps(volume.writeMs),
      shareReadOverHost: ratio(share.readMs, host.readMs),
      shareWriteOverHost: ratio(share.writeMs, host.writeMs),
      volumeReadOverHost: ratio(volume.readMs, host.readMs),
      volumeWriteOverHost: ratio(volume.writeMs, host.writeMs),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
