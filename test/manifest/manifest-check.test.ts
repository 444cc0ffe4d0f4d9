// `minops manifest check FILE` through its handler: the summary line for every golden-set
// manifest, warnings for what mkfs accepts silently, and a positioned error for bad syntax.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { manifestCheckCommand } from '../../src/cli/commands/manifest-check.js';
import type { StageEvent } from '../../src/events.js';
import { fixturesDir } from '../support/debian-rootfs.js';

function fakeIo(json = false) {
  const out: string[] = [];
  const events: StageEvent[] = [];
  const io: CliIo = { out: (t) => void out.push(t), err: () => {}, onEvent: (e) => void events.push(e), verbose: false, json };
  return { io, out, events };
}

const tfsDir = path.join(fixturesDir, 'tfs');
const scratch = mkdtempSync(path.join(tmpdir(), 'minops-manifest-check-'));
const write = (name: string, text: string) => {
  const file = path.join(scratch, name);
  writeFileSync(file, text);
  return file;
};

describe('minops manifest check', () => {
  // Counts from the golden set's README table (root directory included).
  test.each<[string, string]>([
    ['00-empty-root', '1 entries (1 dirs, 0 files, 0 symlinks), no program'],
    ['02-nested-dirs', '16 entries (11 dirs, 5 files, 0 symlinks), no program'],
    ['03-symlinks', '21 entries (4 dirs, 3 files, 14 symlinks), no program'],
    ['04-odd-names', '32 entries (3 dirs, 26 files, 3 symlinks), no program'],
    ['06-many-files', '425 entries (25 dirs, 400 files, 0 symlinks), no program'],
    ['07-root-options', '5 entries (3 dirs, 2 files, 0 symlinks), program "/bin/prog"'],
    ['10-multi-extension-log', '144 entries (2 dirs, 2 files, 140 symlinks), no program'],
  ])('%s', async (name, summary) => {
    const file = path.join(tfsDir, name, 'manifest');
    const { io, out, events } = fakeIo();
    expect(await manifestCheckCommand({ file }, io)).toBe(0);
    expect(out.join('')).toBe(`${file}: ok: ${summary}\n`);
    expect(events).toEqual([]);
  });

  test('every golden-set manifest passes', async () => {
    for (const name of readdirSync(tfsDir).filter((n) => /^\d/.test(n))) {
      expect(await manifestCheckCommand({ file: path.join(tfsDir, name, 'manifest') }, fakeIo().io)).toBe(0);
    }
  });

  test('--json', async () => {
    const { io, out } = fakeIo(true);
    const file = path.join(tfsDir, '07-root-options', 'manifest');
    await manifestCheckCommand({ file }, io);
    expect(JSON.parse(out.join(''))).toEqual({ file, entries: 5, dirs: 3, files: 2, symlinks: 0, program: '/bin/prog' });
  });

  test('a syntax error is thrown with file, line and column', async () => {
    const file = write('bad.manifest', '(children:()\n program: (x))\n');
    await expect(manifestCheckCommand({ file }, fakeIo().io)).rejects.toMatchObject({
      code: 'MANIFEST_SYNTAX',
      where: { file, line: 2, column: 11 },
      message: expect.stringMatching(/^unknown property discriminator 40/),
    });
  });

  test('a missing file is INPUT_MISSING', async () => {
    const file = path.join(scratch, 'nope.manifest');
    await expect(manifestCheckCommand({ file }, fakeIo().io)).rejects.toMatchObject({ code: 'INPUT_MISSING', where: { file } });
  });

  test('warnings for what mkfs accepts but the user should know', async () => {
    const file = write('odd.manifest', '(x:y)\n(children:(contents:(contents:(host:f)) "a/b":(linktarget:x)) program:/a/b)\n');
    const { io, out, events } = fakeIo();
    expect(await manifestCheckCommand({ file }, io)).toBe(0);
    expect(out.join('')).toBe(`${file}: ok: 3 entries (1 dirs, 1 files, 1 symlinks), program "/a/b"\n`);
    expect(events).toEqual([
      { kind: 'warning', where: `${file}:1:1`, message: '2 top-level tuples; mkfs keeps only the last one, at 2:1' },
      { kind: 'warning', where: file, message: `/a/b: the name "a/b" contains '/'; the kernel cannot use it` },
      { kind: 'warning', where: file, message: '/contents: mkfs drops entries named "contents" without a word' },
    ]);
  });
});
