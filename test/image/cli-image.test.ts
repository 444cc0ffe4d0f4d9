// `minops image ls|tree|cat|manifest` on an image made by the real mkfs (fixture 07, 03) and on
// one from the native writer: what the user sees on stdout.
import { PassThrough } from 'node:stream';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { imageCatCommand } from '../../src/cli/commands/image-cat.js';
import { imageLsCommand } from '../../src/cli/commands/image-ls.js';
import { imageManifestCommand } from '../../src/cli/commands/image-manifest.js';
import { imageTreeCommand } from '../../src/cli/commands/image-tree.js';
import type { CliIo } from '../../src/cli/io.js';
import { MinopsError } from '../../src/errors.js';
import { formatError } from '../../src/cli/report-error.js';
import { writeImage } from '../../src/image/write-image.js';
import { parseManifest } from '../../src/manifest/parse.js';
import { caseDir, caseInput, gunzippedImage, hostDirFor, scratchDir } from './golden.js';

function fakeIo(json = false): CliIo & { text: () => string } {
  let out = '';
  return { out: (s) => void (out += s), err: () => {}, onEvent: () => {}, verbose: false, json, text: () => out };
}

async function catBytes(image: string, p: string): Promise<Buffer> {
  const sink = new PassThrough();
  const parts: Buffer[] = [];
  sink.on('data', (c: Buffer) => parts.push(c));
  expect(await imageCatCommand({ image, path: p, stdout: sink }, fakeIo())).toBe(0);
  return Buffer.concat(parts);
}

describe('minops image on a real-mkfs image (fixture 07-root-options)', () => {
  const img = gunzippedImage('07-root-options');

  test('image ls / and ls /bin', async () => {
    const io = fakeIo();
    expect(await imageLsCommand({ image: img }, io)).toBe(0);
    expect(io.text()).toBe('d -  bin/\nd -  etc/\n');
    const bin = fakeIo();
    await imageLsCommand({ image: img, path: '/bin' }, bin);
    expect(bin.text()).toBe('- 44  prog\n');
  });

  test('image ls --json carries sizes and extra keys (mtime)', async () => {
    const io = fakeIo(true);
    await imageLsCommand({ image: img, path: '/bin/prog' }, io);
    expect(JSON.parse(io.text())).toEqual([{ name: 'prog', path: '/bin/prog', type: 'file', size: 44, keys: { mtime: '7318912894186291200' } }]);
  });

  test('image tree', async () => {
    const io = fakeIo();
    await imageTreeCommand({ image: img }, io);
    expect(io.text()).toBe('/\n├── bin/\n│   └── prog (44)\n└── etc/\n    └── app.conf (10)\n');
  });

  test('image cat gives the file’s bytes', async () => {
    expect(await catBytes(img, '/etc/app.conf')).toEqual(readFileSync(path.join(caseDir('07-root-options'), 'files/app.conf')));
  });

  test('image manifest: the root tuple without children, as manifest text that parses back', async () => {
    const io = fakeIo();
    await imageManifestCommand({ image: img }, io);
    const text = io.text();
    expect(text.split('\n')[0]).toMatch(/^# bare image, root filesystem label "", UUID f774f2ab-1e39-8606-d871-583df120c3cf$/);
    const back = parseManifest(text);
    expect(back.entries.get('program')).toBe('/bin/prog');
    expect(back.entries.has('children')).toBe(false);
    const json = fakeIo(true);
    await imageManifestCommand({ image: img }, json);
    expect(JSON.parse(json.text()).manifest).toEqual({
      expected_exit_code: '7',
      program: '/bin/prog',
      arguments: ['/bin/prog', 'hello world', '--opt=a:b', ''],
      environment: { PATH: '/bin:/usr/bin', DSN: 'host=db;user=a:b=c', SPACE: 'a b', EMPTY: '', UTF8: 'é日本' },
      cwd: '/etc',
      debug_exit: 't',
    });
  });

  test('a path that is not in the image: one clear error', async () => {
    const err = (await imageLsCommand({ image: img, path: '/nope/x' }, fakeIo()).catch((e: unknown) => e)) as MinopsError;
    expect(err).toBeInstanceOf(MinopsError);
    expect(err.code).toBe('INPUT_MISSING');
    expect(formatError(err, false)).toBe(`minops: ${img} (/nope/x): no such file or directory in the image (/nope is missing)\n`);
  });

  test('cat of a directory is refused', async () => {
    const err = (await imageCatCommand({ image: img, path: '/etc' }, fakeIo()).catch((e: unknown) => e)) as MinopsError;
    expect(err.code).toBe('USAGE');
    expect(formatError(err, false)).toBe(`minops: ${img} (/etc): a directory, not a file\nminops: hint: List it with: minops image ls ${img} /etc\n`);
  });

  test('a file that is not an image', async () => {
    const err = (await imageLsCommand({ image: path.join(caseDir('07-root-options'), 'tree.json') }, fakeIo()).catch((e: unknown) => e)) as MinopsError;
    expect(err.code).toBe('IMAGE_INVALID');
    expect(formatError(err, false)).toMatch(/^minops: .*\/tree\.json: neither a TFS filesystem nor an MBR disk image\n/);
  });
});

describe('minops image on symlinks (fixture 03) and on a native image', () => {
  test('ls and cat follow symlinks like the kernel; ls of a link shows the link', async () => {
    const img = gunzippedImage('03-symlinks');
    const io = fakeIo();
    await imageLsCommand({ image: img, path: '/lib' }, io);
    expect(io.text()).toContain('l  -  libfoo.so -> libfoo.so.1\n');
    expect(io.text()).toContain('- 22  libfoo.so.1.2.3\n');
    const link = fakeIo(true);
    await imageLsCommand({ image: img, path: '/lib/libfoo.so' }, link);
    expect(JSON.parse(link.text())).toEqual([{ name: 'libfoo.so', path: '/lib/libfoo.so', type: 'symlink', linktarget: 'libfoo.so.1' }]);
    // cat follows the 2-hop chain to the file.
    expect(await catBytes(img, '/lib/libfoo.so')).toEqual(readFileSync(path.join(caseDir('03-symlinks'), 'files/libfoo.txt')));
  });

  test('the same commands on our own image of fixture 07', async () => {
    const out = path.join(scratchDir(), 'cli-native-07.img');
    const { root, label } = caseInput('07-root-options');
    await writeImage({ root, out, label, hostDir: hostDirFor('07-root-options') });
    const tree = fakeIo();
    await imageTreeCommand({ image: out }, tree);
    expect(tree.text()).toBe('/\n├── bin/\n│   └── prog (44)\n└── etc/\n    └── app.conf (10)\n');
    expect(await catBytes(out, '/bin/prog')).toEqual(readFileSync(path.join(caseDir('07-root-options'), 'files/prog')));
    const m = fakeIo(true);
    await imageManifestCommand({ image: out }, m);
    expect(JSON.parse(m.text()).manifest.arguments).toEqual(['/bin/prog', 'hello world', '--opt=a:b', '']);
  });
});
