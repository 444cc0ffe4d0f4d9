// The real-mkfs route. Tests that run mkfs need MINOPS_MKFS (a Nanos build's
// output/tools/bin/mkfs); without it they show as skipped.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { MinopsError } from '../../src/errors.js';
import type { StageEvent } from '../../src/events.js';
import { findMkfs } from '../../src/image/find-mkfs.js';
import { writeImageWithMkfs } from '../../src/image/mkfs.js';
import { openImage } from '../../src/image/read-image.js';
import { readPartitionTable } from '../../src/image/disk/mbr.js';
import { writeImage } from '../../src/image/write-image.js';
import { parseManifest } from '../../src/manifest/parse.js';
import { tuple } from '../../src/manifest/tuple.js';
import { caseInput, decodeToGolden, expectedTree, gunzippedImage, hostDirFor, readGolden, scratchDir } from './golden.js';
import { synthBootImg, x86Elf } from './synth-boot.js';
import { describeWith } from '../support/needs.js';
import { needMkfs } from '../support/machine-needs.js';

const mkfs = process.env.MINOPS_MKFS;
const dir = path.join(scratchDir(), 'mkfs');
mkdirSync(dir, { recursive: true });
const file = (host: string) => tuple([['contents', tuple([['host', host]])]]);

describe('mkfs route without running mkfs', () => {
  test('a child named `contents` is refused (mkfs would drop it silently)', async () => {
    const root = tuple([['children', tuple([['etc', tuple([['children', tuple([['contents', file('/etc/hostname')]])]])]])]]);
    const err = await writeImageWithMkfs({ mkfs: '/nonexistent/mkfs', root, out: path.join(dir, 'x.img') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MinopsError);
    expect((err as MinopsError).code).toBe('MANIFEST_BAD_NAME');
    expect((err as MinopsError).message).toMatch(/^mkfs drops entries named "contents" without a word \(1 in this manifest: \/etc\/contents\)$/);
    expect((err as MinopsError).where?.entry).toBe('/etc/contents');
    expect(existsSync(path.join(dir, 'x.img'))).toBe(false);
  });

  test('findMkfs finds output/tools/bin/mkfs in a Nanos tree above the working directory', () => {
    const tree = path.join(dir, 'nanos-tree');
    const bin = path.join(tree, 'output/tools/bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(path.join(bin, 'mkfs'), '#!/bin/sh\n', { mode: 0o755 });
    const deep = path.join(tree, 'src/a/b');
    mkdirSync(deep, { recursive: true });
    expect(findMkfs({ env: {}, cwd: deep })).toBe(path.join(bin, 'mkfs'));
    expect(findMkfs({ env: { MINOPS_MKFS: path.join(bin, 'mkfs') }, cwd: '/' })).toBe(path.join(bin, 'mkfs'));
    expect(() => findMkfs({ env: { MINOPS_MKFS: path.join(dir, 'none') } })).toThrow(/^MINOPS_MKFS does not name an executable file$/);
  });
});

describeWith([needMkfs], 'real mkfs (MINOPS_MKFS)', () => {
  test.each(['01-single-file', '04-odd-names', '06-many-files', '07-root-options', '08a-label', '08b-t-flag'])(
    '%s: the mkfs route and the native writer give the same tree',
    async (name) => {
      const { root, label } = caseInput(name);
      const hostDir = hostDirFor(name);
      const viaMkfs = path.join(dir, `mkfs-${name}.img`);
      const native = path.join(dir, `native-${name}.img`);
      const events: StageEvent[] = [];
      const r = await writeImageWithMkfs({ mkfs: mkfs!, root, out: viaMkfs, label, hostDir, onEvent: (e) => events.push(e) });
      expect(events[0]).toEqual({ kind: 'command', argv: [mkfs, ...(label ? ['-l', label] : []), `${viaMkfs}.tmp-${process.pid}`] });
      expect(r.uuid).toMatch(/^[0-9a-f]{8}-/);
      await writeImage({ root, out: native, label, hostDir });
      const a = await openImage(viaMkfs);
      const b = await openImage(native);
      try {
        expect(a.root.uuid).toBe(r.uuid);
        const treeA = await decodeToGolden(a.root);
        expect(treeA).toEqual(expectedTree(readGolden(name)));
        expect(await decodeToGolden(b.root)).toEqual(treeA);
      } finally {
        await a.close();
        await b.close();
      }
    },
  );

  test('-t is passed as printed manifest text and lands in the root', async () => {
    const { root } = caseInput('08b-t-flag');
    root.entries.delete('debug_exit');
    const out = path.join(dir, 'mkfs-t.img');
    await writeImageWithMkfs({ mkfs: mkfs!, root, out, hostDir: hostDirFor('08b-t-flag'), extraTuple: parseManifest('(debug_exit:t)') });
    const image = await openImage(out);
    expect(image.root.root.entries.get('debug_exit')).toBe('t');
    await image.close();
  });

  test('a missing host file: mkfs’s error text and the manifest line it is about; no output', async () => {
    const out = path.join(dir, 'mkfs-missing.img');
    const root = tuple([['children', tuple([['ok', file(x86Elf)], ['gone', file('/nonexistent/file')]])]]);
    const err = (await writeImageWithMkfs({ mkfs: mkfs!, root, out }).catch((e: unknown) => e)) as MinopsError;
    expect(err.code).toBe('MKFS_FAILED');
    expect(err.message).toMatch(/^mkfs failed \(exit 2\): couldn't stat file \/nonexistent\/file/);
    expect(err.hint).toBe(`manifest line 2: "gone":("contents":("host":"/nonexistent/file"))))`);
    expect(err.where?.line).toBe(2);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.tmp-${process.pid}`)).toBe(false);
  });

  test('a bootable image: our boot.img copy, partition offsets and boot entry equal mkfs’s', async () => {
    const bootImg = path.join(dir, 'boot.img');
    synthBootImg(bootImg, 16384);
    const root = tuple([
      ['children', tuple([['bin', tuple([['children', tuple([['true', file(x86Elf)]])]])]])],
      ['program', '/bin/true'],
    ]);
    const viaMkfs = path.join(dir, 'mkfs-boot.img');
    const native = path.join(dir, 'native-boot.img');
    await writeImageWithMkfs({ mkfs: mkfs!, root, out: viaMkfs, bootImg, kernel: x86Elf });
    const withBoot = tuple([...root.entries, ['boot', tuple([['children', tuple([['kernel', file(x86Elf)]])]])]]);
    await writeImage({ root: withBoot, out: native, bootImg });
    const a = readFileSync(viaMkfs);
    const b = readFileSync(native);
    expect(b.subarray(0, 0x1be)).toEqual(a.subarray(0, 0x1be));
    expect(b.subarray(0x1be, 0x1be + 16)).toEqual(a.subarray(0x1be, 0x1be + 16));
    const [bootA, rootA] = readPartitionTable(a);
    const [bootB, rootB] = readPartitionTable(b);
    expect(bootB).toEqual(bootA);
    expect(rootB!.offset).toBe(rootA!.offset);
    expect(rootA!.offset + rootA!.size).toBe(a.length);
    expect(b.subarray(0x1be + 16, 0x1be + 20)).toEqual(a.subarray(0x1be + 16, 0x1be + 20)); // status + CHS first
    const ia = await openImage(viaMkfs);
    const ib = await openImage(native);
    try {
      expect(await decodeToGolden(ib.boot!)).toEqual({ ...(await decodeToGolden(ia.boot!)), label: '' });
      expect((await decodeToGolden(ib.root)).entries).toEqual((await decodeToGolden(ia.root)).entries);
    } finally {
      await ia.close();
      await ib.close();
    }
  });

  test('the real dump tool reads our images as it reads mkfs’s (same text but UUID and offsets)', async () => {
    const dump = path.join(path.dirname(mkfs!), 'dump');
    expect(existsSync(dump), `${dump} (built with mkfs)`).toBe(true);
    const normal = (t: string) => t.replace(/^UUID: .*$/m, 'UUID').replace(/offset:\d+/g, 'offset:N');
    for (const name of ['03-symlinks', '04-odd-names', '07-root-options', '10-multi-extension-log']) {
      const ours = path.join(dir, `dump-${name}.img`);
      const { root, label } = caseInput(name);
      await writeImage({ root, out: ours, label, hostDir: hostDirFor(name) });
      const theirs = execFileSync(dump, [gunzippedImage(name)], { encoding: 'utf8', maxBuffer: 1 << 26 });
      expect(normal(execFileSync(dump, [ours], { encoding: 'utf8', maxBuffer: 1 << 26 }))).toBe(normal(theirs));
    }
  });
});
