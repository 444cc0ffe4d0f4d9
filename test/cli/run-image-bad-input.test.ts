// Bad input to the image formats and `run --image` is one clear line and exit 125 — an unknown
// format or bus listing the known ones, a missing qemu-img naming its package, a foreign or
// corrupt file naming what was expected — and never a boot that hangs: each case ends before QEMU.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { writeContainerDisk } from '../../src/image/format/container-disk.js';
import { writeGceArchive } from '../../src/image/format/gce-archive.js';
import { writeImage } from '../../src/image/write-image.js';
import { tuple, vector } from '../../src/manifest/tuple.js';
import { scratchDir } from '../image/golden.js';
import { synthBootImg, x86Elf } from '../image/synth-boot.js';
import { needCommand, needUefi } from '../support/machine-needs.js';
import { testWith } from '../support/needs.js';
import { sharedDir } from '../support/shared-paths.js';
import { runMain } from './run-main.js';

const dir = path.join(scratchDir(), 'bad-input');
mkdirSync(dir, { recursive: true });
const put = (name: string, bytes: string | Buffer): string => {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
};
const file = (host: string) => tuple([['contents', tuple([['host', host]])]]);

/** A bootable layout (synthetic boot.img, any ELF as /kernel) — what the checks read, not a boot. */
async function nanosLikeImage(name: string, bootable = true): Promise<string> {
  const bootImg = path.join(dir, 'boot.img');
  synthBootImg(bootImg);
  const out = path.join(dir, name);
  const root = tuple([
    ['children', tuple([['prog', file(x86Elf)]])],
    ['program', '/prog'],
    ['arguments', vector(['/prog'])],
    ['boot', tuple([['children', tuple([['kernel', file(x86Elf)]])]])],
  ]);
  await writeImage({ out, root, bootImg: bootable ? bootImg : undefined });
  return out;
}

async function fails(argv: string[]): Promise<string[]> {
  const r = await runMain(argv, dir);
  expect(r.status).toBe(125);
  expect(r.stdout).toBe('');
  return r.stderr.trimEnd().split('\n');
}

describe('unknown formats and buses list the known ones', () => {
  test('mkimage --format iso', async () => {
    expect((await fails(['mkimage', 'app.py', 'out.img', '--format', 'iso']))[0]).toBe(
      'minops: --format: "iso" is not an image format; known: raw, qcow2, vmdk, vhd, gce, containerdisk',
    );
  });

  test('run --disk-bus ide', async () => {
    expect((await fails(['run', 'app.py', '--disk-bus', 'ide']))[0]).toBe('minops: --disk-bus: "ide" is not a disk bus; known: scsi, virtio, nvme');
  });

  test('a bus microvm cannot give Nanos', async () => {
    expect(await fails(['run', '--image', 'x.img', '--machine', 'microvm', '--disk-bus', 'nvme'])).toEqual([
      'minops: --disk-bus nvme: microvm has only virtio-mmio devices, and Nanos drives NVMe over PCI only',
      'minops: hint: use --disk-bus virtio with microvm, or --machine q35',
    ]);
  });
});

describe('run --image with a file that is not a Nanos image', () => {
  test('random bytes and text: what was expected', async () => {
    const expected = 'not an image minops can boot: expected a raw, qcow2, vmdk or vhd Nanos disk image, a GCE .tar.gz, a containerDisk archive, or a containerdisk reference';
    for (const name of ['random.bin', 'notes.txt']) {
      const f = put(name, name.endsWith('.txt') ? 'some notes\n' : randomBytes(4096));
      expect((await fails(['run', '--image', f]))[0]).toBe(`minops: ${f}: ${expected}`);
    }
  });

  test('a file that is not there, and a directory', async () => {
    expect((await fails(['run', '--image', './gone.img']))[0]).toBe(`minops: ${path.join(dir, 'gone.img')}: no such file`);
    expect((await fails(['run', '--image', dir]))[0]).toBe(`minops: ${dir}: not a file`);
  });

  test('a bare TFS (a volume) has no boot loader or kernel', async () => {
    const f = await nanosLikeImage('volume.img', false);
    expect((await fails(['run', '--image', f]))[0]).toBe(
      `minops: ${f}: not a bootable Nanos image (expected an MBR disk with a Nanos boot and root filesystem, as mkimage writes): it is a bare TFS filesystem (a volume), with no boot loader or kernel`,
    );
  });

  test('a truncated raw image', async () => {
    const whole = readFileSync(await nanosLikeImage('whole.img'));
    const f = put('truncated.img', whole.subarray(0, 13 << 20));
    expect((await fails(['run', '--image', f]))[0]).toBe(
      `minops: ${f}: not a bootable Nanos image (expected an MBR disk with a Nanos boot and root filesystem, as mkimage writes): it is ${13 << 20} bytes, shorter than the ${whole.length} its partition table covers (truncated?)`,
    );
    // Cut inside the root filesystem's metadata, it is the TFS reader that says no.
    const g = put('truncated-more.img', whole.subarray(0, (12 << 20) + 20_000));
    expect((await fails(['run', '--image', g]))[0]).toMatch(new RegExp(`^minops: ${g}: not a bootable Nanos image \\(expected an MBR disk .*\\): not a readable TFS \\(filesystem at byte \\d+\\): `));
  });

  test('a GCE-style archive without disk.raw', async () => {
    put('notes.txt', 'notes\n');
    execFileSync('tar', ['-czf', path.join(dir, 'nodisk.tar.gz'), '-C', dir, 'notes.txt']);
    const f = path.join(dir, 'nodisk.tar.gz');
    expect((await fails(['run', '--image', f]))[0]).toBe(`minops: ${f}: not a GCE image archive (a .tar.gz holding disk.raw): tar could not read it: disk.raw: Not found in archive`);
  });

  test('an OCI image archive that is not a containerDisk (a real podman save)', async () => {
    const f = path.join(sharedDir, 'fixtures/images/image-oci-archive.tar');
    expect((await fails(['run', '--image', f]))[0]).toBe(
      `minops: ${f}: not a containerDisk image archive (an OCI or docker archive with one disk file under /disk/): it has no /disk/ directory`,
    );
  });

  test('a containerDisk whose disk is not a disk image', async () => {
    const f = path.join(dir, 'text.containerdisk');
    await writeContainerDisk(put('text.qcow2', 'not a disk\n'), f, { refName: 'localhost/text:latest' });
    expect((await fails(['run', '--image', f]))[0]).toBe(`minops: ${f} (disk.qcow2): the disk in this containerDisk (OCI image archive) is not a raw, qcow2, vmdk or vhd disk image`);
  });

  testWith([needCommand('qemu-img', 'qemu-utils')], 'a truncated qcow2', async () => {
    const whole = path.join(dir, 'whole.qcow2');
    execFileSync('qemu-img', ['convert', '-f', 'raw', '-O', 'qcow2', await nanosLikeImage('for-qcow2.img'), whole]);
    const f = put('truncated.qcow2', readFileSync(whole).subarray(0, 300_000));
    expect((await fails(['run', '--image', f]))[0]).toMatch(new RegExp(`^minops: ${f}: not a bootable Nanos image \\(expected an MBR disk`));
  });
});

describe('push takes containerDisk archives only', () => {
  test('a disk image is refused with what to do instead', async () => {
    const f = put('disk.qcow2', Buffer.concat([Buffer.from('QFI\xfb', 'latin1'), Buffer.alloc(1020)]));
    expect(await fails(['push', f, '127.0.0.1:9/x:1'])).toEqual([
      `minops: ${f}: push sends containerDisk archives; this is a qcow2 disk image`,
      'minops: hint: make one with: minops mkimage SCRIPT OUT --format containerdisk',
    ]);
  });
});

describe('qemu-img missing', () => {
  const path0 = process.env.PATH;
  afterEach(() => {
    process.env.PATH = path0;
  });

  test('names the package that brings it', async () => {
    const f = put('header-only.qcow2', Buffer.concat([Buffer.from('QFI\xfb', 'latin1'), Buffer.alloc(1020)]));
    process.env.PATH = '';
    expect(await fails(['run', '--image', f])).toEqual([
      'minops: qemu-img was not found on PATH; it is needed to read a qcow2 image',
      'minops: hint: install it with: sudo apt-get install qemu-utils',
    ]);
  });
});

describe('flags that cannot apply to an image built earlier', () => {
  test('build flags with --image', async () => {
    expect((await fails(['run', '--image', 'x.img', '-e', 'A=1', '--slim', 'none']))[0]).toBe(
      'minops: -e/--env, --slim: shape a build, and --image boots an image that is already built',
    );
  });

  test('--persist with an archive or with arguments, --trace-missing, and neither a script nor --image', async () => {
    expect((await fails(['run', '--image', 'x.img', '--trace-missing']))[0]).toMatch(/^minops: --trace-missing: the image is already built/);
    expect((await fails(['run']))[0]).toBe('minops: run: name the SCRIPT to build and boot, or an image built earlier with --image FILE|REF');
    const img = await nanosLikeImage('persist.img');
    expect((await fails(['run', '--image', img, '--persist', '--', 'arg']))[0]).toBe(
      `minops: --persist cannot keep the guest's writes in ${img}: arguments for a run go into a private copy of the image`,
    );
    const gce = path.join(dir, 'persist.tar.gz');
    await writeGceArchive(img, gce);
    expect((await fails(['run', '--image', gce, '--persist']))[0]).toBe(`minops: --persist cannot keep the guest's writes in ${gce}: its disk is unpacked into a temporary file for each run`);
  });

  test('--uefi on microvm', async () => {
    expect((await fails(['run', '--image', 'x.img', '--machine', 'microvm', '--uefi']))[0]).toBe('minops: --uefi: microvm boots the kernel directly, with no firmware');
  });

  testWith([needUefi], '--uefi with an image that has no EFI System Partition', async () => {
    const img = await nanosLikeImage('no-esp.img');
    expect(await fails(['run', '--image', img, '--uefi'])).toEqual([
      `minops: --uefi: ${img} has no EFI System Partition`,
      'minops: hint: build it with mkimage --uefi, or boot it without --uefi',
    ]);
  });
});
