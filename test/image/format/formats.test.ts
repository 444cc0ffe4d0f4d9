// Every format mkimage writes, from one real image: each passes its own check (qemu-img check/info,
// GNU tar, the OCI layout and podman load) and boots on the real kernel through `run --image`,
// archives unpacked and the image's own kernel used on microvm.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, openSync, readFileSync, readSync, closeSync, statSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { execa } from 'execa';
import { beforeAll, expect, test } from 'vitest';
import tar from 'tar-stream';
import { extractContainerDisk } from '../../../src/image/format/container-disk.js';
import { extractGceArchive } from '../../../src/image/format/gce-archive.js';
import type { ImageFormat } from '../../../src/image/format/image-format.js';
import { writeImageAs } from '../../../src/image/format/write-image-as.js';
import { tarBlobStore } from '../../../src/rootfs/image/blob-store.js';
import { readOciImage } from '../../../src/rootfs/image/oci-layout.js';
import { describeWith, testWith } from '../../support/needs.js';
import { bootNeeds, kernel, needCommand, needNvmeQemu, needPodman, nvmeQemu } from '../../support/machine-needs.js';
import { runMinops } from '../../support/run-minops.js';
import { ARGS_PROGRAM, staticProgram, testImage } from '../../vm/support/nanos-test-image.js';
import { scratchDir } from '../golden.js';


const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const MiB = 1 << 20;
const GiB = 1 << 30;
const qemuImg = (...args: string[]) => execFileSync('qemu-img', args, { encoding: 'utf8' });
const info = (file: string, format: string) => JSON.parse(qemuImg('info', '--output=json', '-f', format, file)) as Record<string, unknown>;

function tailOf(file: string, bytes: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(bytes);
    readSync(fd, b, 0, bytes, statSync(file).size - bytes);
    return b;
  } finally {
    closeSync(fd);
  }
}

async function tarHeaders(bytes: Buffer): Promise<tar.Headers[]> {
  const headers: tar.Headers[] = [];
  const extract = tar.extract();
  extract.end(bytes);
  for await (const entry of extract) {
    headers.push(entry.header);
    entry.resume();
  }
  return headers;
}

describeWith([...bootNeeds, needCommand('qemu-img', 'qemu-utils')], 'image formats from one real image', () => {
  const dir = path.join(scratchDir(), 'formats');
  const files = {} as Record<ImageFormat, string>;
  const hashes = {} as Record<ImageFormat, string>;
  let raw = '';

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    raw = await testImage(kernel!, staticProgram(ARGS_PROGRAM), { args: ['7'] });
    files.raw = raw;
    for (const format of ['qcow2', 'vmdk', 'vhd', 'gce', 'containerdisk'] as const) {
      files[format] = path.join(dir, `hello.${format}`);
      await writeImageAs(raw, files[format], format, { refName: 'localhost/minops-format-test:latest' });
    }
    for (const format of Object.keys(files) as ImageFormat[]) hashes[format] = sha256(files[format]);
  }, 120_000);

  test('qcow2 passes qemu-img check and holds the whole disk', () => {
    expect(qemuImg('check', files.qcow2)).toContain('No errors were found on the image.');
    expect(info(files.qcow2, 'qcow2')).toMatchObject({ format: 'qcow2', 'virtual-size': statSync(raw).size });
  });

  test('vmdk is streamOptimized (what AWS VM import takes) and passes qemu-img check', () => {
    expect(qemuImg('check', files.vmdk)).toContain('No errors were found on the image.');
    expect(info(files.vmdk, 'vmdk')).toMatchObject({ format: 'vmdk', 'format-specific': { data: { 'create-type': 'streamOptimized' } } });
  });

  test('vhd is fixed, a whole number of MiB, its footer says so (what Azure takes)', () => {
    const size = info(files.vhd, 'vpc')['virtual-size'] as number;
    expect(size % MiB).toBe(0);
    expect(size).toBeGreaterThanOrEqual(statSync(raw).size);
    expect(statSync(files.vhd).size).toBe(size + 512);
    const footer = tailOf(files.vhd, 512);
    expect(footer.subarray(0, 8).toString('latin1')).toBe('conectix');
    expect(footer.readUInt32BE(60)).toBe(2); // disk type: fixed
    expect(footer.readBigUInt64BE(48)).toBe(BigInt(size)); // current size
  });

  test('gce is one sparse disk.raw of whole GiB in an oldgnu tar, gzip’d, holding the image', async () => {
    const listing = execFileSync('tar', ['-tvzf', files.gce], { encoding: 'utf8' }).trim().split('\n');
    expect(listing).toHaveLength(1);
    expect(listing[0]).toMatch(/ disk\.raw$/);
    const head = gunzipSync(readFileSync(files.gce)).subarray(0, 512);
    expect(head.subarray(257, 265).toString('latin1')).toBe('ustar  \0'); // GNU (oldgnu) magic
    expect(String.fromCharCode(head[156]!)).toBe('S'); // a sparse member
    const member = await extractGceArchive(files.gce, path.join(dir, 'gce-out'));
    expect(statSync(member).size % GiB).toBe(0);
    const rawBytes = readFileSync(raw);
    const fd = openSync(member, 'r');
    const extracted = Buffer.alloc(rawBytes.length);
    readSync(fd, extracted, 0, extracted.length, 0);
    closeSync(fd);
    expect(extracted.equals(rawBytes)).toBe(true);
  });

  test('containerdisk: an OCI layout whose one layer holds /disk/disk.qcow2 owned by 107:107', async () => {
    const store = await tarBlobStore(files.containerdisk);
    const plan = readOciImage(store, () => {});
    expect(plan.layers).toHaveLength(1);
    const layer = await tarHeaders(gunzipSync(store.readSmall(plan.layers[0]!.name, 1 << 30)));
    expect(layer.map((h) => [h.name, h.type, h.uid, h.gid])).toEqual([
      ['disk/', 'directory', 107, 107],
      ['disk/disk.qcow2', 'file', 107, 107],
    ]);
    const disk = await extractContainerDisk(files.containerdisk, path.join(dir, 'cd-out'));
    expect(qemuImg('check', disk)).toContain('No errors were found on the image.');
  });

  testWith([needPodman], 'containerdisk loads into podman under its name', () => {
    const loaded = execFileSync('podman', ['load', '-i', files.containerdisk], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      expect(loaded).toContain('Loaded image: localhost/minops-format-test:latest');
    } finally {
      execFileSync('podman', ['rmi', 'localhost/minops-format-test:latest'], { stdio: 'ignore' });
    }
  });

  // q35 boots the MBR through SeaBIOS; microvm boots the kernel copied out of the image itself.
  test.each([
    ['qcow2', 'q35'],
    ['vmdk', 'microvm'],
    ['vhd', 'q35'],
    ['gce', 'microvm'],
    ['containerdisk', 'q35'],
  ] as const)('%s boots on the real kernel (%s) with run --image; arguments go after the image’s own', async (format, machine) => {
    const r = await runMinops(['run', '--image', files[format], '--machine', machine, '--accel', 'tcg', '--quiet-kernel', '--', '9', 'two words'], { cwd: dir });
    expect(r.stdout).toBe('argc=4 [7] [9] [two words]');
    expect(r.exitCode).toBe(7);
    expect(sha256(files[format])).toBe(hashes[format]); // the arguments went into a private copy
  });

  test('mkimage --format qcow2 prints the QEMU line that boots the file as it is, on the bus asked for', async () => {
    const out = path.join(dir, 'from-cli.qcow2');
    // q35 asked for: virtio-blk over PCI (microvm, the default for this bus, has it over mmio).
    const args = ['mkimage', staticProgram(ARGS_PROGRAM), out, '--rootfs', 'host', '--format', 'qcow2', '--disk-bus', 'virtio', '--machine', 'q35', '--accel', 'tcg', '--', '4'];
    const r = await runMinops(args, { cwd: dir, env: { MINOPS_CACHE: path.join(dir, 'cache') } });
    expect(r.stderr).toBe(`wrote ${out} (qcow2)`);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`-drive if=none,id=hd0,format=qcow2,file=${out} -device virtio-blk-pci,bus=pci.2,addr=0x0,drive=hd0 -nic none`);
    const boot = await execa('sh', ['-c', r.stdout], { reject: false, timeout: 120_000 });
    expect(boot.stdout).toContain('argc=2 [4]');
    expect(boot.exitCode).toBe((4 << 1) | 1); // isa-debug-exit
  });

  // AWS imports a streamOptimized VMDK and attaches it over NVMe; QEMU 11.1's nvme device boots Nanos.
  testWith([needNvmeQemu], 'vmdk boots with run --image --disk-bus nvme, on the QEMU found on PATH', async () => {
    const env = { PATH: `${path.dirname(nvmeQemu)}:${process.env.PATH}` };
    const r = await runMinops(['run', '--image', files.vmdk, '--disk-bus', 'nvme', '--accel', 'tcg', '--quiet-kernel', '--verbose', '--', '9'], { cwd: dir, env });
    expect(r.stderr).toMatch(new RegExp(`^\\+ ${nvmeQemu} -nodefaults -machine q35 .* -device nvme,bus=pci\\.2,addr=0x0,serial=hd0,drive=hd0 `, 'm'));
    expect(r.stdout).toBe('argc=3 [7] [9]');
    expect(r.exitCode).toBe(7);
  });

  test('raw, without arguments, boots as built; the file is not written (-snapshot)', async () => {
    const r = await runMinops(['run', '--image', raw, '--machine', 'microvm', '--accel', 'tcg', '--quiet-kernel'], { cwd: dir });
    expect(r.stdout).toBe('argc=2 [7]');
    expect(r.exitCode).toBe(7);
    expect(sha256(raw)).toBe(hashes.raw);
  });
});
