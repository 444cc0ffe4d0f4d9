// The reader on damaged images: each case is a real image with a few bytes changed, and each
// gives IMAGE_INVALID naming the file and what is wrong, never a crash or a hang.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { MinopsError } from '../../src/errors.js';
import { openImage } from '../../src/image/read-image.js';
import { gunzippedImage, scratchDir } from './golden.js';

const base = readFileSync(gunzippedImage('01-single-file'));
// Block 0: NVMTFS 05 01 uuid[16] label-NUL → frames at 25: 05 01 88 00 (LINK 1, 1024) 01.
const LINK_AT = 25;
const EXT1 = 512;

interface Row {
  name: string;
  patch: (b: Buffer) => Buffer;
  message: RegExp;
}

const rows: Row[] = [
  { name: 'not a filesystem', patch: (b) => (b.fill(0, 0, 6), b), message: /neither a TFS filesystem nor an MBR disk image/ },
  { name: 'unsupported version', patch: (b) => ((b[6] = 9), b), message: /unsupported TFS version 9/ },
  { name: 'label without its NUL', patch: (b) => (b.fill(0x41, 24, 60), b), message: /invalid label/ },
  { name: 'unknown frame id (zeros where frames should be)', patch: (b) => (b.fill(0, EXT1 + 9, EXT1 + 12), b), message: /unknown frame identifier 0/ },
  { name: 'link past the end of the image', patch: (b) => (b.set([0x05, 0x83, 0xff, 0x7f, 0x88, 0x00], LINK_AT), b), message: /runs past the end of the image/ },
  { name: 'link of 0 blocks', patch: (b) => (b.set([0x05, 0x01, 0x00], LINK_AT), b), message: /log link of 0 blocks/ },
  { name: 'link back to block 0 (a loop)', patch: (b) => (b.set([0x05, 0x00, 0x01], LINK_AT), b), message: /log links back to block 0/ },
  { name: 'record longer than its extension', patch: (b) => (b.set([0x02, 0xbf, 0xff, 0x7f, 0xbf, 0xff, 0x7f], EXT1 + 9), b), message: /runs past its log extension/ },
  { name: 'truncated image', patch: (b) => b.subarray(0, 300), message: /image ends inside block 0|neither/ },
  { name: 'no extension magic at the link target', patch: (b) => (b.fill(0, EXT1, EXT1 + 6), b), message: /no NVMTFS magic in the log extension at block 1/ },
];

describe('damaged images → IMAGE_INVALID', () => {
  test.each(rows)('$name', async (row) => {
    const file = path.join(scratchDir(), `corrupt-${rows.indexOf(row)}.img`);
    writeFileSync(file, row.patch(Buffer.from(base)));
    const err = (await openImage(file).then(
      (img) => img.close(),
      (e: unknown) => e,
    )) as MinopsError;
    expect(err).toBeInstanceOf(MinopsError);
    expect(err.code).toBe('IMAGE_INVALID');
    expect(err.where?.file).toBe(file);
    expect(err.message).toMatch(row.message);
  });
});
