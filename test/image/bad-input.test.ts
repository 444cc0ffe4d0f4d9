// Bad input gives one clear MinopsError and no output: the previous OUT stays as it was and no
// temporary file is left behind.
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { MinopsError, type ErrorCode } from '../../src/errors.js';
import { formatError } from '../../src/cli/report-error.js';
import { writeImage, type WriteImageOptions } from '../../src/image/write-image.js';
import { tuple, type ManifestTuple } from '../../src/manifest/tuple.js';
import { scratchDir } from './golden.js';
import { synthBootImg, x86Elf } from './synth-boot.js';

const file = (host: string) => tuple([['contents', tuple([['host', host]])]]);
const withKernel = (kernel: string, children: ManifestTuple = tuple()) =>
  tuple([
    ['children', children],
    ['boot', tuple([['children', tuple([['kernel', file(kernel)]])]])],
  ]);

const dir = path.join(scratchDir(), 'bad-input');
mkdirSync(dir, { recursive: true });
const goodBoot = path.join(dir, 'boot.img');
synthBootImg(goodBoot);
const noSignature = path.join(dir, 'nosig-boot.img');
synthBootImg(noSignature, 8192, { signature: false });
const noRegion = path.join(dir, 'noregion-boot.img');
synthBootImg(noRegion, 8192, { regionType: 0 });
const notElf = path.join(dir, 'kernel.txt');
writeFileSync(notElf, 'this is not a kernel\n');
const data = path.join(dir, 'data.bin');
writeFileSync(data, Buffer.alloc(300_000, 7));

interface Row {
  name: string;
  options: Omit<WriteImageOptions, 'out'>;
  code: ErrorCode;
  /** The first stderr line the user sees. */
  message: RegExp;
  where?: string;
}

const rows: Row[] = [
  { name: 'missing boot.img', options: { root: withKernel(x86Elf), bootImg: path.join(dir, 'nope.img') }, code: 'INPUT_MISSING', message: /^minops: .*\/nope\.img: cannot read boot\.img: ENOENT/, where: path.join(dir, 'nope.img') },
  { name: 'boot.img without the 55 AA signature', options: { root: withKernel(x86Elf), bootImg: noSignature }, code: 'IMAGE_INVALID', message: /^minops: .*\/nosig-boot\.img: not a Nanos boot\.img: sector 0 does not end with the 55 AA signature$/, where: noSignature },
  { name: 'boot.img without a stage2 region record', options: { root: withKernel(x86Elf), bootImg: noRegion }, code: 'IMAGE_INVALID', message: /^minops: .*\/noregion-boot\.img: not a Nanos boot\.img: no stage2 region record at 0x1AA \(type 0, expected 12\)$/, where: noRegion },
  { name: 'kernel that is not an x86-64 ELF', options: { root: withKernel(notElf), bootImg: goodBoot }, code: 'KERNEL_INVALID', message: /^minops: .*\/kernel\.txt: the kernel is not an x86-64 ELF \(not an ELF file\)$/, where: notElf },
  { name: 'bootable image without a kernel', options: { root: tuple([['children', tuple()]]), bootImg: goodBoot }, code: 'KERNEL_MISSING', message: /^minops: manifest \(boot\): a bootable image needs a kernel/ },
  { name: 'label over 31 bytes', options: { root: tuple([['children', tuple()]]), label: 'x'.repeat(32) }, code: 'CONFIG_INVALID', message: /^minops: the label "x{32}" is 32 bytes; a TFS label holds at most 31 bytes and no NUL$/ },
  { name: 'size too small for the content', options: { root: tuple([['children', tuple([['d', file(data)]])]]), minSizeBytes: 1 << 20 }, code: 'IMAGE_TOO_SMALL', message: /^minops: .*\/out-6\.img: the image needs at least \d+ bytes for its content, but its size is set to 1048576$/ },
  { name: 'missing host file', options: { root: tuple([['children', tuple([['f', file(path.join(dir, 'gone'))]])]]) }, code: 'INPUT_MISSING', message: /^minops: .*\/gone \(\/f\): cannot read the host file for \/f: ENOENT/, where: path.join(dir, 'gone') },
  { name: 'a name that cannot be stored', options: { root: tuple([['children', tuple([['..', file(data)]])]]) }, code: 'MANIFEST_BAD_NAME', message: /^minops: manifest \(\/\.\.\): the name "\.\." cannot be stored in TFS$/ },
];

async function expectFailure(options: Omit<WriteImageOptions, 'out'>, row: Omit<Row, 'name' | 'options'>, out: string): Promise<void> {
  writeFileSync(out, 'previous image');
  const err = await writeImage({ ...options, out }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MinopsError);
  const e = err as MinopsError;
  expect(e.code).toBe(row.code);
  expect(formatError(e, false).split('\n')[0]).toMatch(row.message);
  if (row.where) expect(e.where?.file).toBe(row.where);
  expect(readFileSync(out, 'utf8')).toBe('previous image');
  expect(readdirSync(path.dirname(out)).filter((f) => f.startsWith(`${path.basename(out)}.tmp-`))).toEqual([]);
}

describe('bad input: one clear error, OUT untouched', () => {
  test.each(rows)('$name → $code', async (row) => {
    await expectFailure(row.options, row, path.join(dir, `out-${rows.indexOf(row)}.img`));
  });

  test('a host file that vanishes between planning and writing → INPUT_CHANGED', async () => {
    const victim = path.join(dir, 'vanishing.bin');
    writeFileSync(victim, 'soon gone');
    const root = tuple([['children', tuple([['a', file(data)], ['v', file(victim)]])]]);
    const onEvent = (e: { kind: string }) => {
      if (e.kind === 'start') rmSync(victim);
    };
    await expectFailure({ root, onEvent }, { code: 'INPUT_CHANGED', message: /^minops: .*\/vanishing\.bin \(\/v\): the host file for \/v vanished before it was written: ENOENT/, where: victim }, path.join(dir, 'out-vanish.img'));
  });

  test('a host file that grows between planning and writing → INPUT_CHANGED', async () => {
    const victim = path.join(dir, 'growing.bin');
    writeFileSync(victim, 'short');
    const root = tuple([['children', tuple([['g', file(victim)]])]]);
    const onEvent = (e: { kind: string }) => {
      if (e.kind === 'start') appendFileSync(victim, ' and longer');
    };
    await expectFailure({ root, onEvent }, { code: 'INPUT_CHANGED', message: /^minops: .*\/growing\.bin \(\/g\): the host file for \/g changed while the image was written: its size changed from 5 bytes$/, where: victim }, path.join(dir, 'out-grow.img'));
  });

  test('without a previous image, a failed write leaves no OUT at all', async () => {
    const out = path.join(dir, 'never.img');
    await expect(writeImage({ root: tuple([['children', tuple()]]), out, label: 'y'.repeat(40) })).rejects.toThrow(MinopsError);
    expect(existsSync(out)).toBe(false);
  });
});
