// The bootable layout (spec §B.2, §B.3): boot.img at byte 0 with its stage2, the klog area, the
// 12 MiB boot FS holding /kernel, the root FS to the end, and the MBR entries mkfs would write.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { openImage } from '../../src/image/read-image.js';
import { findEntry } from '../../src/image/tfs/entries.js';
import { readFileBytes } from '../../src/image/tfs/read-file.js';
import { writeImage } from '../../src/image/write-image.js';
import { tuple, vector } from '../../src/manifest/tuple.js';
import { scratchDir } from './golden.js';
import { synthBootImg, x86Elf } from './synth-boot.js';

const MiB = 1 << 20;
const file = (host: string) => tuple([['contents', tuple([['host', host]])]]);

function appManifest(dir: string) {
  const script = path.join(dir, 'hello.py');
  writeFileSync(script, 'print("hello")\n');
  return tuple([
    ['children', tuple([['app', tuple([['children', tuple([['hello.py', file(script)]])]])]])],
    ['program', '/usr/bin/python3'],
    ['arguments', vector(['/usr/bin/python3', '/app/hello.py'])],
    ['boot', tuple([['children', tuple([['kernel', file(x86Elf)], ['klib', tuple([['children', tuple([['tls', file(script)]])]])]])]])],
  ]);
}

describe('bootable image', () => {
  const dir = scratchDir();
  const stage2 = 8192;
  const bootImg = path.join(dir, 'boot.img');

  test('boot.img at 0, klog, 12 MiB boot FS, root FS to the end, MBR entries as mkfs writes them', async () => {
    const boot = synthBootImg(bootImg, stage2);
    const out = path.join(dir, 'bootable.img');
    const r = await writeImage({ root: appManifest(dir), out, bootImg, label: 'app' });
    const bytes = readFileSync(out);
    const p0 = 512 + stage2 + 4096;
    expect(r.bootFsOffset).toBe(p0);
    expect(r.rootFsOffset).toBe(p0 + 12 * MiB);
    expect(r.bytes).toBe(bytes.length);
    expect((bytes.length - r.rootFsOffset) % (512 * 1024)).toBe(0);
    // boot.img is copied verbatim except the partition table.
    expect(bytes.subarray(0, 0x1be)).toEqual(boot.subarray(0, 0x1be));
    expect(bytes.subarray(512, 512 + stage2)).toEqual(boot.subarray(512));
    expect(bytes.subarray(0x1fe, 0x200)).toEqual(Buffer.from([0x55, 0xaa]));
    expect(bytes.subarray(512 + stage2, p0).every((b) => b === 0)).toBe(true);
    const entry = (i: number) => bytes.subarray(0x1be + 16 * i, 0x1be + 16 * (i + 1));
    const chs = (offset: number) => {
      const s = offset / 512;
      return [Math.floor(s / 63) % 255, (Math.floor(s / 63 / 255) >> 8) | ((s % 63) + 1), Math.floor(s / 63 / 255) & 0xff];
    };
    const le32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
    expect([...entry(0)]).toEqual([0x80, ...chs(p0), 0x83, ...chs(p0 + 12 * MiB - 512), ...le32(p0 / 512), ...le32(24576)]);
    const rootLen = bytes.length - r.rootFsOffset;
    expect([...entry(1)]).toEqual([
      0x80, ...chs(r.rootFsOffset), 0x83, ...chs(bytes.length - 512), ...le32(r.rootFsOffset / 512), ...le32(rootLen / 512),
    ]);
    expect([...entry(2), ...entry(3)].every((b) => b === 0)).toBe(true);

    const image = await openImage(out);
    try {
      expect(image.kind).toBe('bootable');
      expect(image.root.label).toBe('app');
      expect(image.root.uuid).toBe(r.uuid);
      const kernel = findEntry(image.boot!.root, '/kernel');
      expect(kernel?.type).toBe('file');
      const k = await readFileBytes(image.boot!, kernel as Extract<typeof kernel, { type: 'file' }>);
      expect(createHash('sha256').update(k).digest('hex')).toBe(createHash('sha256').update(readFileSync(x86Elf)).digest('hex'));
      expect(findEntry(image.boot!.root, '/klib/tls')?.type).toBe('file');
      // `boot` goes to its own filesystem and is not left in the root tuple.
      expect([...image.root.root.entries.keys()]).toEqual(['children', 'program', 'arguments']);
      expect(findEntry(image.root.root, '/app/hello.py')?.type).toBe('file');
      // Room for the kernel's first-boot log reservations (1 MiB) plus mkfs's 512 KiB.
      const used = Math.max(...image.root.log.extensions.map((e) => e.startBlock + e.blocks), 1025 + 1) * 512;
      expect(rootLen - used).toBeGreaterThanOrEqual(1.5 * MiB);
      expect(image.boot!.uuid).not.toBe(image.root.uuid);
    } finally {
      await image.close();
    }
  });

  test('the same inputs give byte-identical images (bare and bootable)', async () => {
    synthBootImg(bootImg, stage2);
    const a = path.join(dir, 'det-a.img');
    const b = path.join(dir, 'det-b.img');
    const ra = await writeImage({ root: appManifest(dir), out: a, bootImg });
    const rb = await writeImage({ root: appManifest(dir), out: b, bootImg });
    expect(ra.uuid).toBe(rb.uuid);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    const bareA = path.join(dir, 'det-bare-a.img');
    const bareB = path.join(dir, 'det-bare-b.img');
    await writeImage({ root: appManifest(dir), out: bareA });
    await writeImage({ root: appManifest(dir), out: bareB });
    expect(readFileSync(bareA).equals(readFileSync(bareB))).toBe(true);
    // Different content, different UUID.
    const other = await writeImage({ root: appManifest(dir), out: bareB, label: 'x' });
    expect(other.uuid).not.toBe(ra.uuid);
  });

  test('a given UUID is used as it is; a minimum size is honoured with the mkfs padding rule', async () => {
    const out = path.join(dir, 'uuid.img');
    const r = await writeImage({ root: appManifest(dir), out, uuid: '00112233-4455-6677-8899-aabbccddeeff', minSizeBytes: 20 * MiB + 1 });
    expect(r.uuid).toBe('00112233-4455-6677-8899-aabbccddeeff');
    expect(r.bytes).toBe(20 * MiB + 1024 * 1024);
    const image = await openImage(out);
    expect(image.root.uuid).toBe(r.uuid);
    await image.close();
  });

  test('imagesize is consumed like -s; coredumplimit is a floor and stays for the kernel', async () => {
    const out = path.join(dir, 'sizes.img');
    const withKeys = appManifest(dir);
    withKeys.entries.delete('boot');
    withKeys.entries.set('imagesize', '8m');
    withKeys.entries.set('coredumplimit', '0x1000000');
    const r = await writeImage({ root: withKeys, out });
    expect(r.bytes).toBe(16 * MiB + 512 * 1024);
    const image = await openImage(out);
    try {
      expect(image.root.root.entries.has('imagesize')).toBe(false);
      expect(image.root.root.entries.get('coredumplimit')).toBe('0x1000000');
    } finally {
      await image.close();
    }
  });

  test('a root /kernel with no boot tuple also goes into the boot FS (mkfs’s compatibility rule)', async () => {
    const out = path.join(dir, 'legacy.img');
    synthBootImg(bootImg, stage2);
    await writeImage({ root: tuple([['children', tuple([['kernel', file(x86Elf)]])]]), out, bootImg });
    const image = await openImage(out);
    try {
      expect(findEntry(image.boot!.root, '/kernel')?.type).toBe('file');
      expect(findEntry(image.root.root, '/kernel')?.type).toBe('file');
    } finally {
      await image.close();
    }
  });
});
