// The proof that matters: an image from the native writer boots on the real Nanos kernel, the
// program sees its arguments and files, and after the kernel has appended to the log (file
// writes, /proc/self/exe) our reader still reads the image and the kernel boots it again.
// Needs a Nanos kernel where minops looks for one (see `minops kernel ls`), QEMU and gcc.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { openImage } from '../../src/image/read-image.js';
import { findEntry, listEntries } from '../../src/image/tfs/entries.js';
import { readFileBytes } from '../../src/image/tfs/read-file.js';
import { writeImage } from '../../src/image/write-image.js';
import { tuple, vector } from '../../src/manifest/tuple.js';
import { scratchDir } from './golden.js';
import { describeWith, testWith } from '../support/needs.js';
import { bootNeeds, kernel, needUefi, ovmf } from '../support/machine-needs.js';

// Any kernel minops itself would find (MINOPS_KERNEL_DIR, ./kernels, ~/.ops, the cache).
const nanos = kernel && { kernel: kernel.kernelImg, bootImg: kernel.bootImg };
const { code: ovmfCode, vars: ovmfVars } = ovmf;
const uefiLoader = nanos && path.join(path.dirname(nanos.bootImg), 'bootx64.efi');

function boot(image: string, firmware: string[] = []): { status: number | null; stdout: string } {
  // The QEMU line of the spec's "Verified on the real kernel" section (TCG).
  const r = spawnSync('qemu-system-x86_64', [
    ...firmware,
    '-machine', 'q35', '-m', '512M', '-display', 'none', '-serial', 'stdio',
    '-device', 'pcie-root-port,port=0x10,chassis=1,id=pci.1,bus=pcie.0,multifunction=on,addr=0x3',
    '-device', 'pcie-root-port,port=0x11,chassis=2,id=pci.2,bus=pcie.0,addr=0x3.0x1',
    '-device', 'pcie-root-port,port=0x12,chassis=3,id=pci.3,bus=pcie.0,addr=0x3.0x2',
    '-drive', `if=none,id=hd0,format=raw,file=${image}`,
    '-device', 'virtio-scsi-pci,bus=pci.2,addr=0x0,id=scsi0', '-device', 'scsi-hd,bus=scsi0.0,drive=hd0',
    '-device', 'virtio-rng-pci', '-device', 'isa-debug-exit', '-no-reboot', '-nic', 'none', '-accel', 'tcg', '-cpu', 'max',
  ], { encoding: 'utf8', timeout: 90_000 });
  return { status: r.status, stdout: r.stdout };
}

const f = (host: string) => tuple([['contents', tuple([['host', host]])]]);
const helloRoot = (hello: string, msg: string) =>
  tuple([
    ['children', tuple([
      ['bin', tuple([['children', tuple([['hello', f(hello)]])]])],
      ['etc', tuple([['children', tuple([['msg', f(msg)]])]])],
      ['tmp', tuple([['children', tuple()]])],
    ])],
    ['program', '/bin/hello'],
    ['arguments', vector(['/bin/hello', 'world'])],
    ['debug_exit', 't'],
    ['boot', tuple([['children', tuple([['kernel', f(nanos!.kernel)]])]])],
  ]);

function buildHello(dir: string): { hello: string; msg: string } {
  mkdirSync(dir, { recursive: true });
  const hello = path.join(dir, 'hello');
  const source = path.join(path.dirname(fileURLToPath(import.meta.url)), 'boot-guest/hello.c');
  execFileSync('gcc', ['-static', '-O2', '-o', hello, source]);
  const msg = path.join(dir, 'msg');
  writeFileSync(msg, 'text from image\n');
  return { hello, msg };
}

describeWith(bootNeeds, 'real Nanos boot', () => {
  test('a native image boots, runs, is written by the kernel, reads back and boots again', async () => {
    const dir = path.join(scratchDir(), 'real-boot');
    const { hello, msg } = buildHello(dir);
    const out = path.join(dir, 'hello.img');
    await writeImage({
      out,
      bootImg: nanos!.bootImg,
      root: helloRoot(hello, msg),
    });

    const first = boot(out);
    expect(first.stdout).toContain('hello from nanos argc=2 argv1=world\nmsg=text from image\n');
    expect(first.status).toBe((3 << 1) | 1);

    const image = await openImage(out);
    try {
      expect(image.root.log.records).toBeGreaterThan(1); // the kernel appended update records
      expect(image.root.log.duplicateSymbols).toBe(0);
      const written = findEntry(image.root.root, '/tmp/out.txt');
      expect(written?.type).toBe('file');
      expect((await readFileBytes(image.root, written as Extract<typeof written, { type: 'file' }>)).toString()).toBe('written\n');
      expect(listEntries(image.root.root).find((e) => e.path === '/proc/self/exe')).toMatchObject({ type: 'symlink', linktarget: '/bin/hello' });
    } finally {
      await image.close();
    }

    const second = boot(out);
    expect(second.stdout).toContain('msg=text from image\n');
    expect(second.status).toBe(7);
  }, 240_000);

  testWith([needUefi], 'with an ESP, the native image boots through UEFI firmware (OVMF)', async () => {
    const dir = path.join(scratchDir(), 'real-boot-uefi');
    const { hello, msg } = buildHello(dir);
    const out = path.join(dir, 'uefi.img');
    await writeImage({ out, bootImg: nanos!.bootImg, uefiLoader, root: helloRoot(hello, msg) });
    const vars = path.join(dir, 'vars.fd');
    copyFileSync(ovmfVars, vars);
    const r = boot(out, ['-drive', `if=pflash,format=raw,readonly=on,file=${ovmfCode}`, '-drive', `if=pflash,format=raw,file=${vars}`]);
    expect(r.stdout).toContain('hello from nanos argc=2 argv1=world\n');
    expect(r.status).toBe(7);
  }, 240_000);
});
