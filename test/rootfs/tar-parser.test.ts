// The streaming reader gives the same entries however the bytes are cut into chunks, and reads
// what real tar writers produce (GNU tar's long names and 10 KiB records, tar-stream's PAX).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import tar from 'tar-stream';
import { afterAll, describe, expect, test } from 'vitest';
import { extractTar } from '../../src/rootfs/tar/extract.js';
import { TarParser, type TarEntry } from '../../src/rootfs/tar/tar-parser.js';
import { fixturesDir } from '../support/debian-rootfs.js';
import { snapshotTree } from './support/snapshot.js';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'minops-tar-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function entriesOf(bytes: Buffer, cuts: number[]): { name: string; type: string; data: string }[] {
  const out: { name: string; type: string; data: string }[] = [];
  const parser = new TarParser({
    onEntry: (e: TarEntry) => {
      const item = { name: e.name.toString('utf8'), type: e.type, data: '' };
      out.push(item);
      return { write: (c) => (item.data += c.toString('latin1')), end: () => {} };
    },
  });
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    parser.push(bytes.subarray(at, Math.max(at, cut)));
    at = Math.max(at, cut);
  }
  parser.push(bytes.subarray(at));
  parser.end();
  return out;
}

describe('TarParser', () => {
  const archive = fs.readFileSync(path.join(fixturesDir, 'images/rootfs-export.tar'));

  test('any chunking of a real export gives the same entries', () => {
    const whole = entriesOf(archive, []);
    expect(whole).toHaveLength(35);
    expect(whole.map((e) => e.name)).toContain('app/data/café-日本.txt');
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: archive.length }), { maxLength: 40 }), (cuts) => {
        expect(entriesOf(archive, cuts)).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });

  test('one byte at a time', () => {
    expect(entriesOf(archive, Array.from({ length: archive.length }, (_, i) => i))).toEqual(entriesOf(archive, []));
  });

  test('GNU tar long names and links, and its record padding', () => {
    const src = path.join(scratch, 'gnu-src');
    const long = `${'d'.repeat(120)}/${'f'.repeat(150)}.txt`;
    fs.mkdirSync(path.join(src, path.dirname(long)), { recursive: true });
    fs.writeFileSync(path.join(src, long), 'long\n');
    fs.symlinkSync(long, path.join(src, 'to-long'));
    const file = path.join(scratch, 'gnu.tar');
    execFileSync('tar', ['--format=gnu', '-C', src, '-cf', file, '.']);
    const target = path.join(scratch, 'gnu-out');
    return extractTar(fs.createReadStream(file), target, { mode: 'flat' }).then(() => {
      expect(fs.readFileSync(path.join(target, long), 'utf8')).toBe('long\n');
      expect(fs.readlinkSync(path.join(target, 'to-long'))).toBe(long);
      expect(fs.statSync(file).size % 10240).toBe(0);
    });
  });

  test('a tar-stream PAX archive (long name, non-ASCII link target, hard link) round-trips', async () => {
    const pack = tar.pack();
    const name = `pax/${'é'.repeat(80)}.txt`;
    pack.entry({ name, mode: 0o640, mtime: new Date(1_600_000_000_000) }, 'pax body\n');
    pack.entry({ name: 'pax/link', type: 'symlink', linkname: `../${'ü'.repeat(60)}` });
    pack.entry({ name: 'pax/hard', type: 'link', linkname: name });
    pack.finalize();
    const target = path.join(scratch, 'pax-out');
    await extractTar(pack, target, { mode: 'flat' });
    const tree = snapshotTree(target);
    expect(tree[name]).toMatchObject({ type: 'file', mode: 0o640, size: 9, mtime: 1_600_000_000, nlink: 2 });
    expect(tree['pax/hard']?.ino).toBe(tree[name]?.ino);
    expect(tree['pax/link']?.linktarget).toBe(`../${'ü'.repeat(60)}`);
  });

  test('a PAX record over the cap is refused before it is buffered', () => {
    const pack = tar.pack();
    // tar-stream writes `pax` records although its types do not declare them.
    const header = { name: 'x.txt', pax: { comment: 'c'.repeat(2 << 20) } } as tar.Headers;
    pack.entry(header, 'x');
    pack.finalize();
    const chunks: Buffer[] = [];
    pack.on('data', (c: Buffer) => chunks.push(c));
    return new Promise<void>((resolve) => pack.on('end', resolve)).then(() => {
      expect(() => entriesOf(Buffer.concat(chunks), [])).toThrow(/metadata record of \d+ bytes is over the 1048576-byte limit/);
    });
  });
});
