// Per-run arguments: one update record appended to the root filesystem's log, read back by our
// reader and by the real Nanos dump, stacking on what is there, refused when the log is full.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { appendArguments } from '../../src/image/append-arguments.js';
import { openImage } from '../../src/image/read-image.js';
import { tfsToJson } from '../../src/image/tfs/value.js';
import { writeImage } from '../../src/image/write-image.js';
import { MinopsError } from '../../src/errors.js';
import { tuple, vector } from '../../src/manifest/tuple.js';
import { testWith } from '../support/needs.js';
import { needDump } from '../support/machine-needs.js';
import { sharedDump } from '../support/shared-paths.js';
import { scratchDir } from './golden.js';
import { synthBootImg, x86Elf } from './synth-boot.js';

const file = (host: string) => tuple([['contents', tuple([['host', host]])]]);

async function image(dir: string, name: string): Promise<string> {
  const bootImg = path.join(dir, 'boot.img');
  synthBootImg(bootImg);
  const prog = path.join(dir, 'prog');
  writeFileSync(prog, 'program bytes');
  const out = path.join(dir, name);
  await writeImage({
    out,
    bootImg,
    root: tuple([
      ['children', tuple([['bin', tuple([['children', tuple([['prog', file(prog)]])]])]])],
      ['program', '/bin/prog'],
      ['arguments', vector(['/bin/prog', 'built-in'])],
      ['boot', tuple([['children', tuple([['kernel', file(x86Elf)]])]])],
    ]),
  });
  return out;
}

async function rootOf(img: string) {
  const opened = await openImage(img);
  try {
    return { args: tfsToJson(opened.root.root.entries.get('arguments')!), program: opened.root.root.entries.get('program'), log: opened.root.log };
  } finally {
    await opened.close();
  }
}

describe('appendArguments', () => {
  const dir = scratchDir();

  test('the image’s own arguments come first; a second run’s record stacks on the first', async () => {
    const img = await image(dir, 'args.img');
    const before = readFileSync(img);
    expect(await appendArguments(img, ['one', 'two words', ''])).toEqual(['/bin/prog', 'built-in', 'one', 'two words', '']);
    const after = readFileSync(img);
    expect(after.length).toBe(before.length);
    const first = await rootOf(img);
    expect(first).toMatchObject({ args: ['/bin/prog', 'built-in', 'one', 'two words', ''], program: '/bin/prog' });
    expect(first.log.records).toBe(2);
    expect(first.log.duplicateSymbols).toBe(0); // "arguments" is referenced, not written again
    expect(await appendArguments(img, ['three'])).toEqual(['/bin/prog', 'built-in', 'one', 'two words', '', 'three']);
    expect((await rootOf(img)).log.records).toBe(3);
  });

  testWith([needDump], 'the real Nanos dump reads the appended record', async () => {
    const img = await image(dir, 'dump.img');
    await appendArguments(img, ['from-run']);
    const printed = execFileSync(sharedDump!, [img], { encoding: 'utf8' });
    expect(printed).toMatch(/arguments:\[\/bin\/prog\s+built-in\s+from-run\]/);
  });

  test('a record that does not fit in the log is refused, and the image is left as it was', async () => {
    const img = await image(dir, 'full.img');
    const copy = path.join(dir, 'full-before.img');
    copyFileSync(img, copy);
    const error = await appendArguments(img, ['x'.repeat(600_000)]).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(MinopsError);
    expect((error as MinopsError).code).toBe('IMAGE_TOO_SMALL');
    expect((error as MinopsError).message).toMatch(/^the root filesystem's metadata log has \d+ bytes left, too few for arguments of 6000\d\d bytes$/);
    expect(readFileSync(img).equals(readFileSync(copy))).toBe(true);
  });
});
