// A run's arguments and environment over a shared image: an update record appended to the root
// log (root-update.ts), carried by a qcow2 overlay (qcow2-overlay.ts) or written into a copy.
// QEMU's own qemu-img reads the overlay back; minops's TFS reader replays the log.
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdtempSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { writeQcow2Overlay } from '../../src/image/qcow2-overlay.js';
import { openImage } from '../../src/image/read-image.js';
import { applyPatch, readRootLog, rootUpdate } from '../../src/image/root-update.js';
import { findEntry } from '../../src/image/tfs/entries.js';
import { readFileChunks } from '../../src/image/tfs/read-file.js';
import { tfsToJson } from '../../src/image/tfs/value.js';
import { writeImage } from '../../src/image/write-image.js';
import { tuple, vector } from '../../src/manifest/tuple.js';
import { needCommand } from '../support/machine-needs.js';
import { testWith } from '../support/needs.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'minops-run-overlay-'));
const data = path.join(dir, 'data.bin');
writeFileSync(data, Buffer.alloc(200_000, 7));
const base = path.join(dir, 'base.img');
// A file named like a run key: its symbol is in the dictionary already and must be referenced.
const root = tuple([
  ['children', tuple([['data', tuple([['contents', tuple([['host', data]])]])], ['PATH', tuple([['children', tuple()]])]])],
  ['program', '/data'],
]);
const runKeys = [
  ['arguments', vector(['/data', 'one', 'two words', 'ünï'])],
  ['environment', tuple([['PATH', '/bin'], ['GREETING', 'hi']])],
] as const;

async function rootOf(file: string) {
  const image = await openImage(file);
  try {
    const entry = findEntry(image.root.root, '/data');
    let bytes = 0;
    if (entry?.type === 'file') for await (const c of readFileChunks(image.root, entry)) bytes += c.length;
    const r = image.root.root.entries;
    return { arguments: tfsToJson(r.get('arguments')!), environment: tfsToJson(r.get('environment')!), bytes, duplicateSymbols: image.root.log.duplicateSymbols, records: image.root.log.records };
  } finally {
    await image.close();
  }
}

const expected = { arguments: ['/data', 'one', 'two words', 'ünï'], environment: { PATH: '/bin', GREETING: 'hi' }, bytes: 200_000, duplicateSymbols: 0, records: 2 };

test('the update record on a copy: new arguments and environment, the same files, no symbol written twice', async () => {
  await writeImage({ root, out: base });
  const patch = rootUpdate(await readRootLog(base), runKeys)!;
  const copy = path.join(dir, 'copy.img');
  copyFileSync(base, copy);
  const fd = openSync(copy, 'r+');
  applyPatch(fd, patch);
  closeSync(fd);
  expect(await rootOf(copy)).toEqual(expected);
  expect(statSync(copy).size).toBe(statSync(base).size);
});

test('arguments too big for the last log extension give no patch (the caller writes an image of its own)', async () => {
  await writeImage({ root, out: base });
  const huge = vector(Array.from({ length: 2000 }, (_, i) => `argument-${i}-${'x'.repeat(300)}`));
  expect(rootUpdate(await readRootLog(base), [['arguments', huge]])).toBeUndefined();
});

testWith([needCommand('qemu-img', 'qemu-utils')], 'the qcow2 overlay: qemu-img checks it and reads back the patched disk', async () => {
  await writeImage({ root, out: base });
  const patch = rootUpdate(await readRootLog(base), runKeys)!;
  const overlay = path.join(dir, 'overlay.qcow2');
  const fd = openSync(overlay, 'w+');
  const baseFd = openSync(base, 'r');
  writeQcow2Overlay(fd, { backingName: '/proc/self/fd/4', backingFd: baseFd, size: statSync(base).size, patches: [patch] });
  closeSync(fd);
  // Tiny: five metadata clusters and the one data cluster the patch touches.
  expect(statSync(overlay).size).toBe(6 * 65536);
  const stdio = ['ignore', 'pipe', 'pipe', 'ignore', baseFd] as const;
  const check = spawnSync('qemu-img', ['check', overlay], { encoding: 'utf8', stdio: [...stdio] });
  expect(check.stdout).toContain('No errors were found on the image.');
  const merged = path.join(dir, 'merged.img');
  const convert = spawnSync('qemu-img', ['convert', '-f', 'qcow2', '-O', 'raw', overlay, merged], { encoding: 'utf8', stdio: [...stdio] });
  closeSync(baseFd);
  expect(convert.stderr).toBe('');
  expect(await rootOf(merged)).toEqual(expected);
  // Outside the patched bytes the merged disk is the base, byte for byte.
  const a = readFileSync(base);
  const b = readFileSync(merged);
  expect(b.length).toBe(a.length);
  b.set(a.subarray(patch.offset, patch.offset + patch.bytes.length), patch.offset);
  expect(Buffer.compare(a, b)).toBe(0);
});
