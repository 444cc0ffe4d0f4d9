// The real mkfs opens each host path through a 256-byte buffer: a path over 255 bytes fails with
// "couldn't stat file". The mkfs route stages such files under short paths, so it takes every file
// the native writer takes; the staging directory is gone afterwards.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { expect, test } from 'vitest';
import type { StageEvent } from '../../src/events.js';
import { writeImageWithMkfs } from '../../src/image/mkfs.js';
import { openImage } from '../../src/image/read-image.js';
import { MKFS_HOST_PATH_MAX } from '../../src/image/stage-long-host-paths.js';
import { writeImage } from '../../src/image/write-image.js';
import { tuple, type ManifestTuple } from '../../src/manifest/tuple.js';
import { debianPythonRootfs } from '../support/debian-rootfs.js';
import { kernel, needKernel, needMkfs, needQemu } from '../support/machine-needs.js';
import { describeWith } from '../support/needs.js';
import { runMinops } from '../support/run-minops.js';
import { decodeToGolden } from './golden.js';

/** A directory whose own path is about `length` bytes, made of 60-byte components. */
function deepDir(length: number): string {
  let dir = mkdtempSync(path.join(tmpdir(), 'minops-long-'));
  for (let i = 0; dir.length < length; i++) dir = path.join(dir, `${String(i).padStart(2, '0')}-${'d'.repeat(57)}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

const file = (host: string): ManifestTuple => tuple([['contents', tuple([['host', host]])]]);
const dirOf = (children: [string, ManifestTuple][]): ManifestTuple => tuple([['children', tuple(children)]]);

describeWith([needMkfs], 'mkfs route: host paths over 255 bytes', () => {
  test('staged under short paths: the same tree as the native writer, and no staging left behind', async () => {
    const deep = deepDir(300);
    const long = path.join(deep, 'long.txt');
    writeFileSync(long, 'from a long path\n');
    writeFileSync(path.join(deep, 'short-name'), 'relative\n');
    expect(Buffer.byteLength(long)).toBeGreaterThan(MKFS_HOST_PATH_MAX);
    // One absolute path, one relative to hostDir that is long only once resolved (mkfs resolves it itself).
    const relative = path.relative(path.dirname(deep), path.join(deep, 'short-name'));
    const root = dirOf([['data', dirOf([['long.txt', file(long)], ['rel.txt', file(relative)]])]]);
    const out = mkdtempSync(path.join(tmpdir(), 'minops-long-out-'));
    const events: StageEvent[] = [];
    await writeImageWithMkfs({ mkfs: process.env.MINOPS_MKFS!, root, out: path.join(out, 'mkfs.img'), hostDir: path.dirname(deep), onEvent: (e) => events.push(e) });
    await writeImage({ root, out: path.join(out, 'native.img'), hostDir: path.dirname(deep) });
    const staging = events.flatMap((e) => (e.kind === 'debug' ? [/staged under (\S+)$/.exec(e.message)?.[1]] : [])).filter(Boolean);
    expect(staging).toHaveLength(1);
    expect(existsSync(staging[0]!)).toBe(false);
    const a = await openImage(path.join(out, 'mkfs.img'));
    const b = await openImage(path.join(out, 'native.img'));
    try {
      const tree = await decodeToGolden(a.root);
      expect(tree).toEqual(await decodeToGolden(b.root));
      const sha = (text: string) => createHash('sha256').update(text).digest('hex');
      expect(tree.entries.filter((e) => e.type === 'file').map((e) => [e.path, e.sha256])).toEqual([
        ['/data/long.txt', sha('from a long path\n')],
        ['/data/rel.txt', sha('relative\n')],
      ]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

const GUEST = `import os
for top, dirs, files in sorted(os.walk('/app')):
    dirs.sort()
    for name in sorted(files):
        p = os.path.join(top, name)
        with open(p, 'rb') as f:
            print('FILE', p, len(f.read()))
`;

describeWith([needMkfs, needKernel, needQemu], 'mkimage --mkfs of a project whose host paths pass 255 bytes', () => {
  test('the image boots on the real kernel and the guest sees every file', async () => {
    const project = deepDir(270);
    const script = path.join(project, 'main.py');
    writeFileSync(script, GUEST);
    const nested = path.join(project, 'data', `${'n'.repeat(100)}`);
    mkdirSync(nested, { recursive: true });
    writeFileSync(path.join(project, 'data', 'a.txt'), 'aaa');
    writeFileSync(path.join(nested, 'b.bin'), Buffer.alloc(5000, 7));
    writeFileSync(path.join(project, 'config.json'), JSON.stringify({ Dirs: ['data'] }));
    for (const f of [script, path.join(nested, 'b.bin')]) expect(Buffer.byteLength(f)).toBeGreaterThan(MKFS_HOST_PATH_MAX);

    const img = path.join(mkdtempSync(path.join(tmpdir(), 'minops-long-img-')), 'app.img');
    const env = { MINOPS_CACHE: mkdtempSync(path.join(tmpdir(), 'minops-long-cache-')), MINOPS_KERNEL_DIR: kernel?.dir ?? '' };
    const r = await runMinops(['mkimage', 'main.py', img, '--mkfs', 'auto', '--rootfs', `dir:${debianPythonRootfs()}`, '--accel', 'tcg'], { cwd: project, env });
    expect(r.stderr).not.toContain("couldn't stat file");
    expect(r.exitCode).toBe(0);
    const boot = await execa('sh', ['-c', r.stdout.trim()], { reject: false, timeout: 120_000 });
    const seen = boot.stdout.split('\n').filter((l) => l.startsWith('FILE '));
    expect(seen).toEqual(['FILE /app/main.py ' + GUEST.length, 'FILE /app/data/a.txt 3', `FILE /app/data/${'n'.repeat(100)}/b.bin 5000`]);
    expect(boot.exitCode).toBe(1); // (0 << 1) | 1: isa-debug-exit
  });
});
