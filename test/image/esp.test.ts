// The EFI System Partition (`uefiLoader`, spec §B.5): entry 0 of the MBR is the 33 MiB FAT32 ESP
// holding EFI/Boot/bootx64.efi, the boot and root filesystems follow, and readers shift to them.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { MinopsError } from '../../src/errors.js';
import { readPartitionTable } from '../../src/image/disk/mbr.js';
import { openImage } from '../../src/image/read-image.js';
import { findEntry } from '../../src/image/tfs/entries.js';
import { writeImage } from '../../src/image/write-image.js';
import { tuple } from '../../src/manifest/tuple.js';
import { scratchDir } from './golden.js';
import { synthBootImg, x86Elf } from './synth-boot.js';
import { testWith } from '../support/needs.js';
import { needMkfs } from '../support/machine-needs.js';

const MiB = 1 << 20;
const dir = path.join(scratchDir(), 'esp');
mkdirSync(dir, { recursive: true });
const file = (host: string) => tuple([['contents', tuple([['host', host]])]]);
const root = tuple([
  ['children', tuple([['bin', tuple([['children', tuple([['true', file(x86Elf)]])]])]])],
  ['program', '/bin/true'],
  ['boot', tuple([['children', tuple([['kernel', file(x86Elf)]])]])],
]);
const loader = path.join(dir, 'bootx64.efi');
writeFileSync(loader, Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 31) & 0xff)));
const bootImg = path.join(dir, 'boot.img');
synthBootImg(bootImg, 8192);

describe('EFI System Partition', () => {
  test('MBR: ESP (0xEF, 33 MiB) first, then the boot and root filesystems; readers find both', async () => {
    const out = path.join(dir, 'uefi.img');
    const r = await writeImage({ root, out, bootImg, uefiLoader: loader });
    const bytes = readFileSync(out);
    const p0 = 512 + 8192 + 4096;
    const [esp, boot, rootPart] = readPartitionTable(bytes);
    expect(esp).toEqual({ type: 0xef, offset: p0, size: 33 * MiB });
    expect(boot).toEqual({ type: 0x83, offset: p0 + 33 * MiB, size: 12 * MiB });
    expect(rootPart).toEqual({ type: 0x83, offset: r.rootFsOffset, size: bytes.length - r.rootFsOffset });
    expect(r.bootFsOffset).toBe(p0 + 33 * MiB);
    // FAT32 volume: BPB fields, FSInfo, the loader's size in its directory entry and its bytes.
    const vbr = bytes.subarray(p0, p0 + 512);
    expect(vbr.subarray(3, 11).toString('latin1')).toBe('mkfs.fat');
    expect(vbr.readUInt32LE(0x20)).toBe(0x106cc);
    expect(vbr.readUInt32LE(0x24)).toBe(0x206);
    expect(vbr.subarray(0x52, 0x5a).toString('latin1')).toBe('FAT32   ');
    expect(bytes.subarray(p0 + 0xc00, p0 + 0xe00)).toEqual(vbr);
    expect(bytes.subarray(p0 + 0x200, p0 + 0x204).toString('latin1')).toBe('RRaA');
    expect(bytes.subarray(p0 + 0x85c60, p0 + 0x85c6b).toString('latin1')).toBe('BOOTX64 EFI');
    expect(bytes.readUInt32LE(p0 + 0x85c7c)).toBe(5000);
    expect(bytes.subarray(p0 + 0x85e00, p0 + 0x85e00 + 5000)).toEqual(readFileSync(loader));
    // FAT #1: the loader's chain from cluster 5 (10 clusters for 5000 bytes, then mkfs's extra link).
    expect(bytes.readUInt32LE(p0 + 0x4000 + 5 * 4)).toBe(6);
    expect(bytes.readUInt32LE(p0 + 0x4000 + 15 * 4)).toBe(16);
    expect(bytes.readUInt32LE(p0 + 0x4000 + 16 * 4)).toBe(0x0fffffff);
    const image = await openImage(out);
    try {
      expect(image.partitions?.esp?.type).toBe(0xef);
      expect(findEntry(image.boot!.root, '/kernel')?.type).toBe('file');
      expect(findEntry(image.root.root, '/bin/true')?.type).toBe('file');
    } finally {
      await image.close();
    }
  });

  test('a loader not named bootx64.efi/bootaa64.efi, or no boot.img: refused', async () => {
    const wrong = path.join(dir, 'loader.efi');
    writeFileSync(wrong, 'x');
    const a = (await writeImage({ root, out: path.join(dir, 'x.img'), bootImg, uefiLoader: wrong }).catch((e: unknown) => e)) as MinopsError;
    expect(a.code).toBe('USAGE');
    expect(a.message).toMatch(/^the EFI loader's name must end in bootx64\.efi or bootaa64\.efi/);
    expect(a.where?.file).toBe(wrong);
    const b = (await writeImage({ root, out: path.join(dir, 'x.img'), uefiLoader: loader }).catch((e: unknown) => e)) as MinopsError;
    expect(b.code).toBe('USAGE');
  });

  testWith([needMkfs], 'the ESP is byte-identical to mkfs -u’s, apart from the VBR boot code (MINOPS_MKFS)', async () => {
    const viaMkfs = path.join(dir, 'mkfs-uefi.img');
    const manifest = '("children":("bin":("children":("true":("contents":("host":"/bin/true"))))) "program":"/bin/true")';
    execFileSync(process.env.MINOPS_MKFS!, ['-b', bootImg, '-k', x86Elf, '-u', loader, viaMkfs], { input: manifest, stdio: ['pipe', 'ignore', 'inherit'] });
    const ours = readFileSync(path.join(dir, 'uefi.img'));
    const theirs = readFileSync(viaMkfs);
    const [espA, bootA] = readPartitionTable(theirs);
    const [espB, bootB] = readPartitionTable(ours);
    expect(espB).toEqual(espA);
    expect(bootB).toEqual(bootA);
    expect(ours.subarray(0x1be, 0x1be + 32)).toEqual(theirs.subarray(0x1be, 0x1be + 32));
    const region = (b: Buffer) => Buffer.from(b.subarray(espA!.offset, espA!.offset + espA!.size));
    const a = region(theirs);
    const b = region(ours);
    // mkfs's VBR carries dosfstools' boot code (never run under UEFI); we leave it zero.
    for (const at of [0, 0xc00]) {
      a.fill(0, at + 0x5a, at + 0x1fe);
      b.fill(0, at + 0x5a, at + 0x1fe);
    }
    expect(b.equals(a)).toBe(true);
  });
});
