// The native writer against the real format: for every fixture case, the image we write from the
// case's input decodes to the same tree as the image the real mkfs wrote.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { openImage } from '../../src/image/read-image.js';
import { findEntry } from '../../src/image/tfs/entries.js';
import { writeImage } from '../../src/image/write-image.js';
import { caseNames, decodeToGolden, expectedTree, hostDirFor, readGolden, scratchDir } from './golden.js';
import { manifestFromGolden } from './golden-manifest.js';
import { caseInput } from './golden.js';

describe('native writer against every fixture case', () => {
  test.each(caseNames())('%s: our image decodes to the same tree as mkfs’s', async (name) => {
    const g = readGolden(name);
    const out = path.join(scratchDir(), `native-${name}.img`);
    const result = await writeImage({ root: manifestFromGolden(g), out, label: g.label, hostDir: hostDirFor(name) });
    const image = await openImage(out);
    try {
      expect(image.kind).toBe('bare');
      expect(image.root.uuid).toBe(result.uuid);
      expect(await decodeToGolden(image.root)).toEqual(expectedTree(g));
      // Write-safety rules of spec §B.10, which the kernel relies on when it appends on boot.
      expect(image.root.log.records).toBe(1);
      expect(image.root.log.duplicateSymbols).toBe(0);
      expect(image.root.log.freeAtEnd).toBeGreaterThanOrEqual(74);
      expect(image.root.log.extensions.slice(0, 2)).toEqual([
        { startBlock: 0, blocks: 1 },
        { startBlock: 1, blocks: 1024 },
      ]);
    } finally {
      await image.close();
    }
  });

  test.each(caseNames())('%s: from the parsed manifest and mkfs-args, our image decodes to the same tree', async (name) => {
    const { root, label } = caseInput(name);
    const out = path.join(scratchDir(), `native-parsed-${name}.img`);
    await writeImage({ root, out, label, hostDir: hostDirFor(name) });
    const image = await openImage(out);
    try {
      expect(await decodeToGolden(image.root)).toEqual(expectedTree(readGolden(name)));
    } finally {
      await image.close();
    }
  });

  test('10-multi-extension-log: a record larger than one extension continues after a LINK', async () => {
    const out = path.join(scratchDir(), 'native-10-multi-extension-log.img');
    await writeImage({ root: manifestFromGolden(readGolden('10-multi-extension-log')), out, hostDir: hostDirFor('10-multi-extension-log') });
    const image = await openImage(out);
    try {
      const [, first, second] = image.root.log.extensions;
      expect(image.root.log.extensions).toHaveLength(3);
      // The second extension sits after the file data, which starts at block 1025.
      expect(second!.startBlock).toBeGreaterThan(first!.startBlock + 1024);
      expect(second!.blocks).toBe(1024);
    } finally {
      await image.close();
    }
  });

  test('09-large-extents: files over 32 MiB are split into 65,536-block extents as mkfs does', async () => {
    const out = path.join(scratchDir(), 'native-09-split.img');
    await writeImage({ root: manifestFromGolden(readGolden('09-large-extents')), out, hostDir: hostDirFor('09-large-extents') });
    const image = await openImage(out);
    try {
      const big = findEntry(image.root.root, '/big.bin');
      const exact = findEntry(image.root.root, '/exact-32mib.bin');
      expect(big?.type === 'file' && big.extents.map((e) => [e.fileBlock, e.length, e.allocated])).toEqual([
        [0, 65536, 65536],
        [65536, 196, 196],
      ]);
      expect(exact?.type === 'file' && exact.extents.map((e) => [e.fileBlock, e.length])).toEqual([[0, 65536]]);
    } finally {
      await image.close();
    }
  });
});
