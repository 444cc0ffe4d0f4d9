// -v, volumes and --net end to end on the real kernel: a few boots, each one guest script that
// checks many things (test/cli/guests/), and what the user sees on the host afterwards. The bad
// input that minops refuses before booting runs in-process.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { debianPythonRootfs, repoRoot } from '../support/debian-rootfs.js';
import { kernel, needKernel, needNvmeQemu, needQemu, nvmeQemu } from '../support/machine-needs.js';
import { describeWith, need, testWith } from '../support/needs.js';
import { sha256, treeOf } from '../support/tree-of.js';
import { runMain } from './run-main.js';

const guests = path.join(repoRoot, 'test/cli/guests');
const tsxLoader = pathToFileURL(path.join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href;
const rootfs = () => `dir:${debianPythonRootfs()}`;

function minops(args: string[], o: { cwd: string; cache: string; path?: string }) {
  return execa('node', ['--import', tsxLoader, path.join(repoRoot, 'test/support/minops-cli.ts'), ...args], {
    cwd: o.cwd,
    reject: false,
    env: { MINOPS_CACHE: o.cache, MINOPS_KERNEL_DIR: kernel?.dir ?? '', ...(o.path ? { PATH: o.path } : {}) },
    timeout: 240_000,
  });
}

/** `CHECK key value` lines → {key: value}. */
const checks = (stdout: string): Record<string, string> =>
  Object.fromEntries([...stdout.matchAll(/^CHECK (\S+) (.*)$/gm)].map((m) => [m[1]!, m[2]!]));

const hostDns = (() => {
  try {
    return execFileSync('getent', ['ahostsv4', 'deb.debian.org'], { encoding: 'utf8' });
  } catch {
    return '';
  }
})();
const needHostDns = need('host DNS', hostDns !== '', 'the host cannot resolve deb.debian.org (getent ahostsv4), so QEMU\'s DNS forwarder has nothing to ask');

describeWith([needKernel, needQemu], 'shares, volumes and networking on the real kernel', () => {
  test('one guest: a read-only and a read-write share, symlinks out of them, a volume tree, a read-only volume, a full volume', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'minops-mounts-'));
    const cache = path.join(work, 'cache');
    const at = (...p: string[]) => path.join(work, ...p);
    mkdirSync(at('in/nested/empty'), { recursive: true });
    writeFileSync(at('in/request.txt'), 'the request\n');
    writeFileSync(at('in/protected.txt'), 'keep me\n');
    writeFileSync(at('in/nested/deep.txt'), 'deep\n');
    writeFileSync(at('secret.txt'), 'SECRET-d41d8cd9\n');
    mkdirSync(at('victim'));
    symlinkSync(at('secret.txt'), at('in/abs_escape'));
    symlinkSync('../secret.txt', at('in/rel_escape'));
    symlinkSync('..', at('in/dir_escape'));
    mkdirSync(at('out'));
    symlinkSync(at('victim'), at('out/escape'));
    symlinkSync('..', at('out/rel_up'));
    mkdirSync(at('cfgsrc'));
    writeFileSync(at('cfgsrc/settings.txt'), 'cfg value\n');
    const m = (...args: string[]) => minops(args, { cwd: work, cache });
    for (const [name, size] of [['data', '16m'], ['full', '4m'], ['cfg', '4m']] as const) expect((await m('volume', 'create', name, '--size', size)).exitCode).toBe(0);
    expect((await m('volume', 'cp', 'cfgsrc/.', 'cfg:/')).exitCode).toBe(0);
    const inBefore = treeOf(at('in'));
    const cfgImage = path.join(cache, 'volumes/cfg.img');
    const cfgBefore = sha256(readFileSync(cfgImage));

    const r = await m('run', path.join(guests, 'mount_checks.py'), '--rootfs', rootfs(), '--quiet-kernel', '--timeout', '120',
      '-v', './in:/in:ro', '-v', './out:/out', '-v', 'data:/data', '-v', 'full:/full', '-v', 'cfg:/cfg:ro');
    const c = checks(r.stdout);
    expect(c.done, r.stdout + r.stderr).toBe('yes');
    expect(r.exitCode).toBe(0);

    // The read-only share: read, every write refused with EROFS, the host tree byte-for-byte as before.
    expect([c.in_request, c.in_deep]).toEqual(['the request', 'deep']);
    for (const key of ['in_create', 'in_append', 'in_remove', 'in_rename', 'in_mkdir', 'in_rmdir', 'in_symlink']) expect([key, c[key]]).toEqual([key, 'EROFS']);
    expect(treeOf(at('in'))).toEqual(inBefore);
    // Symlinks resolve in the guest's own tree, never on the host.
    expect([c.in_abs_escape, c.in_rel_escape, c.out_escape_write]).toEqual(['ENOENT', 'ENOENT', 'ENOENT']);
    expect(c.in_dir_escape!.split(' ')).toEqual(expect.arrayContaining(['app', 'in', 'out', 'usr']));
    expect(c.in_dir_escape).not.toContain('secret.txt');
    expect(r.stdout).not.toContain('SECRET');
    expect(readdirSync(at('victim'))).toEqual([]);
    expect(existsSync(at('pwned.txt'))).toBe(false); // out/rel_up -> .. led to the guest's /, not here
    // The read-write share: what the guest wrote is on the host.
    expect(c.out_listing).toBe('parts result.txt');
    expect(readFileSync(at('out/answer/result.txt'), 'utf8')).toBe('answer to the request\n');
    expect(readFileSync(at('out/answer/parts/blob.bin')).equals(Buffer.from(Array.from({ length: 256 * 4096 }, (_, i) => i % 256)))).toBe(true);

    // The volume: `volume cp` gives exactly the tree the guest wrote, with the kernel's log replayed.
    expect((await m('volume', 'cp', 'data:/tree', 'tree')).exitCode).toBe(0);
    const tree = treeOf(at('tree'));
    expect(Object.keys(tree)).toEqual(['a.txt', 'empty.txt', 'link', 'sub', 'sub/b.bin', 'sub/deeper', 'sub/deeper/c.txt']);
    expect(tree.link).toBe('link sub/b.bin');
    for (const name of ['a.txt', 'empty.txt', 'sub/b.bin', 'sub/deeper/c.txt']) {
      const data = readFileSync(at('tree', name));
      expect(`${data.length} ${sha256(data)}`).toBe(c[`data_file:tree/${name}`]);
    }
    // The read-only volume: read, not written, its disk untouched.
    expect([c.cfg_read, c.cfg_write]).toEqual(['cfg value', 'EROFS']);
    expect(sha256(readFileSync(cfgImage))).toBe(cfgBefore);
    // The full volume: ENOSPC in the guest, and everything it holds reads back whole.
    expect(c.full_error).toBe('ENOSPC');
    expect((await m('volume', 'cp', 'full:/', 'full')).exitCode).toBe(0);
    expect(readdirSync(at('full'))).toEqual(['big.bin', 'small.txt']);
    for (const name of ['big.bin', 'small.txt']) {
      const data = readFileSync(at('full', name));
      expect(`${data.length} ${sha256(data)}`).toBe(c[`full_file:${name}`]);
    }
    expect(Number(c['full_file:big.bin']!.split(' ')[0])).toBeGreaterThan(1 << 20);
  }, 300_000);

  test('--timeout in the middle of guest writes (on microvm): exit 124, and the volume reads back every file the guest finished', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'minops-mounts-'));
    const cache = path.join(work, 'cache');
    const m = (...args: string[]) => minops(args, { cwd: work, cache });
    await m('volume', 'create', 'w', '--size', '256m');
    const r = await m('run', path.join(guests, 'write_forever.py'), '--rootfs', rootfs(), '--quiet-kernel', '--machine', 'microvm', '--timeout', '12', '-v', 'w:/data');
    expect(r.exitCode).toBe(124);
    const wrote = [...r.stdout.matchAll(/^WROTE (\S+) (\d+) ([0-9a-f]{64})$/gm)];
    expect(wrote.length).toBeGreaterThan(0);
    const cp = await m('volume', 'cp', 'w:/w', 'back');
    expect(cp.exitCode, cp.stderr).toBe(0);
    for (const [, name, size, digest] of wrote) {
      const data = readFileSync(path.join(work, 'back', name!));
      expect([name, data.length, sha256(data)]).toEqual([name, Number(size), digest]);
    }
    // At most the one file being written when the VM stopped is beyond what the guest reported.
    expect(readdirSync(path.join(work, 'back')).length - wrote.length).toBeLessThanOrEqual(1);
  }, 300_000);

  // SeaBIOS boots the first disk it finds unless told: with a volume on the root complex that was the
  // empty volume ("No bootable device"), and the guest never started.
  const COUNT = ["import os, sys", "p = '/data/count'", "n = int(open(p).read()) + 1 if os.path.exists(p) else 1", "open(p, 'w').write(str(n))", "print('count', n)", 'sys.exit(10 + n)', ''].join('\n');
  async function countTwiceOnQ35(bus: string, qemuDir?: string) {
    const work = mkdtempSync(path.join(tmpdir(), `minops-bus-volume-${bus}-`));
    writeFileSync(path.join(work, 'count.py'), COUNT);
    const o = { cwd: work, cache: path.join(work, 'cache'), path: qemuDir && `${qemuDir}:${process.env.PATH}` };
    expect((await minops(['volume', 'create', 'c', '--size', '8m'], o)).exitCode).toBe(0);
    for (const n of [1, 2]) {
      const r = await minops(['run', 'count.py', '--rootfs', rootfs(), '--quiet-kernel', '--machine', 'q35', '--accel', 'tcg', '--disk-bus', bus, '--timeout', '120', '-v', 'c:/data'], o);
      expect(r.stdout, r.stderr).toBe(`count ${n}`);
      expect(r.exitCode).toBe(10 + n);
    }
  }

  test('a volume beside the image on q35 with virtio-blk (SeaBIOS): the image boots, the volume keeps what each run wrote', () => countTwiceOnQ35('virtio'), 300_000);

  testWith([needNvmeQemu], 'the same on NVMe, on QEMU 11.1', () => countTwiceOnQ35('nvme', path.dirname(nvmeQemu)), 300_000);

  testWith([needNvmeQemu], 'a share on QEMU 11.1: the guest writes through it, and QEMU\'s 9p msize warning stays off the terminal', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'minops-share-qemu11-'));
    writeFileSync(path.join(work, 'note.py'), "open('/out/note.txt', 'w').write('from the guest\\n')\n");
    const o = { cwd: work, cache: path.join(work, 'cache'), path: `${path.dirname(nvmeQemu)}:${process.env.PATH}` };
    const r = await minops(['run', 'note.py', '--rootfs', rootfs(), '--quiet-kernel', '--accel', 'tcg', '--timeout', '120', '-v', './out:/out'], o);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readFileSync(path.join(work, 'out/note.txt'), 'utf8')).toBe('from the guest\n');
    expect(r.stderr).not.toMatch(/warning/);
  }, 300_000);

  testWith([needHostDns], '--net user: names resolve through QEMU\'s DNS, and a service on the host\'s 127.0.0.1 answers at 10.0.2.2', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'minops-net-'));
    let heard = '';
    const server = createServer((socket) => {
      socket.once('data', (d) => {
        heard += d.toString();
        socket.end('pong from the host\n');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const r = await minops(['run', path.join(guests, 'net_check.py'), '--rootfs', rootfs(), '--quiet-kernel', '--net', 'user', '--timeout', '120', '--', String(port), 'deb.debian.org'], { cwd: work, cache: path.join(work, 'cache') });
      const c = checks(r.stdout);
      expect(c['resolve:localhost'], r.stdout + r.stderr).toBe('127.0.0.1');
      const hostAddresses = [...new Set(hostDns.split('\n').filter(Boolean).map((l) => l.split(/\s+/)[0]!))].sort();
      expect(c['resolve:deb.debian.org']!.split(' ')).toEqual(hostAddresses);
      expect(c.reply).toBe('pong from the host');
      expect(heard).toBe('ping from the guest\n');
      expect(r.exitCode).toBe(0);
    } finally {
      server.close();
    }
  }, 300_000);

  test('the exchange example: mkimage prints the shares; run leaves the answer in ./out (made by -v) and exits 0', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'minops-exchange-'));
    cpSync(path.join(repoRoot, 'examples/exchange/answer.py'), path.join(work, 'answer.py'));
    cpSync(path.join(repoRoot, 'examples/exchange/in'), path.join(work, 'in'), { recursive: true });
    const cache = path.join(work, 'cache');
    const flags = ['--rootfs', rootfs(), '-v', './in:/in:ro', '-v', './out:/out'];
    await minops(['volume', 'create', 'scratch', '--size', '4m'], { cwd: work, cache });

    const mk = await minops(['mkimage', 'answer.py', 'answer.img', ...flags, '-v', 'scratch:/scratch', '--accel', 'tcg', '--json'], { cwd: work, cache });
    expect(mk.exitCode, mk.stderr).toBe(0);
    const doc = JSON.parse(mk.stdout) as { mounts: unknown[]; qemu: string[] };
    const volumeFile = path.join(cache, 'volumes/scratch.img');
    expect(doc.mounts).toEqual([
      { kind: 'share', host: path.join(work, 'in'), guest: '/in', readOnly: true },
      { kind: 'share', host: path.join(work, 'out'), guest: '/out', readOnly: false },
      { kind: 'volume', host: volumeFile, name: 'scratch', guest: '/scratch', readOnly: false },
    ]);
    const line = doc.qemu.join(' ');
    expect(line).toContain(`-drive if=none,id=vol0,format=raw,file=${volumeFile} -device virtio-scsi-pci`);
    expect(line).toContain('-device scsi-hd,bus=scsi0.0,drive=hd0,bootindex=0 -device scsi-hd,bus=scsi0.0,drive=vol0');
    expect(line).not.toContain('-snapshot'); // the printed line boots the image as written; the volume is written too
    expect(line).toContain(`-fsdev local,id=fs0,path=${path.join(work, 'in')},security_model=none -device virtio-9p-pci,fsdev=fs0,mount_tag=0`);
    expect(line).toContain(`-fsdev local,id=fs1,path=${path.join(work, 'out')},security_model=none -device virtio-9p-pci,fsdev=fs1,mount_tag=1`);
    const text = await minops(['mkimage', 'answer.py', 'answer.img', ...flags, '-v', 'scratch:/scratch', '--accel', 'tcg'], { cwd: work, cache });
    expect(text.stdout.trim()).toBe(`qemu-system-x86_64 ${doc.qemu.slice(1).join(' ')}`);
    const manifest = await minops(['image', 'manifest', 'answer.img'], { cwd: work, cache });
    expect(manifest.stdout).toContain('"mounts":("%0":"/in:ro"\n  "%1":"/out"\n  "scratch":"/scratch")');

    const r = await minops(['run', 'answer.py', ...flags, '--quiet-kernel'], { cwd: work, cache });
    expect(r.stdout).toContain('answered request req-1 in /out/answer.json');
    expect(r.exitCode).toBe(0);
    const text2 = 'bytes in from the host, bytes out to the host';
    expect(JSON.parse(readFileSync(path.join(work, 'out/answer.json'), 'utf8'))).toEqual({ id: 'req-1', sum: 26, words: 10, sha256: sha256(text2) });
  }, 300_000);
});

describe('bad mounts are one clear line and exit 125, before anything boots', () => {
  const app = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'minops-badmount-'));
    writeFileSync(path.join(dir, 'app.py'), 'print("hi")\n');
    mkdirSync(path.join(dir, 'a'));
    process.env.MINOPS_CACHE = path.join(dir, 'cache');
    return dir;
  };

  test.each([
    [['-v', './a:in'], 'minops: -v: "./a:in": the guest directory "in" is not absolute (write /in)'],
    [['-v', './a:/'], 'minops: -v: "./a:/": the guest directory is "/": a mount cannot hide the whole image'],
    [['-v', './a:/srv/../etc'], 'minops: -v: "./a:/srv/../etc": the guest directory "/srv/../etc" holds "..", which would climb out of it'],
    [['-v', './a:/data', '-v', 'v:/data'], 'minops: -v v:/data: /data is already mounted by -v ./a:/data'],
    [['-v', 'nope:/data'], 'minops: -v nope:/data: no volume named "nope"'],
    [['-v', './missing:/in:ro'], 'minops: -v ./missing:/in:ro: <dir>/missing: no such directory (a read-only share must exist; only a read-write one is made)'],
    [['-v', './app.py:/in'], 'minops: -v ./app.py:/in: <dir>/app.py is not a directory; a share is a host directory'],
    [['--machine', 'microvm', '-v', './a:/in'], 'minops: -v ./a:/in: --machine microvm: host directory shares (virtio-9p) need q35: the Nanos 9p driver finds PCI devices only, and microvm has none'],
    [['--net', 'none', '-p', '8080'], 'minops: --net none: a forwarded port (-p, RunConfig.Ports) needs a network'],
  ])('run %j', async (flags, line) => {
    const dir = app();
    const r = await runMain(['run', path.join(dir, 'app.py'), '--rootfs', 'host', ...flags], dir);
    expect(r.status).toBe(125);
    expect(r.stderr.split('\n')[0]).toBe(line.replace('<dir>', dir));
  });

  test('an unknown volume says how to list and make volumes', async () => {
    const dir = app();
    const r = await runMain(['run', path.join(dir, 'app.py'), '--rootfs', 'host', '-v', 'nope:/data'], dir);
    expect(r.stderr.split('\n')[1]).toBe('minops: hint: `minops volume ls` lists the volumes; `minops volume create nope` makes this one');
  });

  test('-v where --verbose was meant: the usage error says what -v is now', async () => {
    const r = await runMain(['run', '-v', 'app.py'], app());
    expect(r.status).toBe(125);
    expect(r.stderr).toBe('minops: run: name the SCRIPT to build and boot, or an image built earlier with --image FILE|REF\nminops: hint: -v mounts a volume (-v SRC:GUESTDIR, as in docker); verbose output is --verbose\n');
  });

  test('a mount on a path the image has as a file names it (the plan is built, nothing boots)', async () => {
    const dir = app();
    const r = await runMain(['manifest', path.join(dir, 'app.py'), '--rootfs', rootfs(), '-v', './a:/app/app.py'], dir);
    expect(r.status).toBe(125);
    expect(r.stderr.split('\n')[0]).toBe('minops: -v ./a:/app/app.py: /app/app.py is a file in the image; a mount point must be a directory');
  });

  test('minops manifest shows the mount points and the mounts key', async () => {
    const dir = app();
    const r = await runMain(['manifest', path.join(dir, 'app.py'), '--rootfs', rootfs(), '-v', './a:/in:ro', '-v', 'v:/srv/data', '--json'], dir);
    expect(r.status, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout) as { mounts: Record<string, string>; children: Record<string, { children: Record<string, unknown> }> };
    expect(m.mounts).toEqual({ '%0': '/in:ro', v: '/srv/data' });
    expect(m.children.in).toEqual({ children: {} });
    expect(m.children.srv!.children.data).toEqual({ children: {} });
  });
});
