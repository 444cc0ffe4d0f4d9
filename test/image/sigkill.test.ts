// Killing the writer at random points (SIGKILL: no handler runs) leaves OUT either as the previous
// complete image or as the new complete one, never torn: the image is written to a temporary
// file, fsynced and renamed. The temporary file a kill interrupts is removed by the sweeper
// (track-temp.ts) moments later.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { openImage } from '../../src/image/read-image.js';
import { findEntry } from '../../src/image/tfs/entries.js';
import { readFileChunks } from '../../src/image/tfs/read-file.js';
import { writeImage } from '../../src/image/write-image.js';
import { tuple } from '../../src/manifest/tuple.js';
import { waitFor } from '../vm/support/qemu-processes.js';
import { scratchDir } from './golden.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const TRIES = 20;

async function versionOf(out: string): Promise<string> {
  const image = await openImage(out);
  try {
    const data = findEntry(image.root.root, '/data');
    if (data?.type !== 'file') throw new Error('no /data');
    const hash = createHash('sha256');
    for await (const c of readFileChunks(image.root, data)) hash.update(c);
    return `${image.root.root.entries.get('version') as string}:${hash.digest('hex')}`;
  } finally {
    await image.close();
  }
}

describe('SIGKILL while writing', () => {
  test(`${TRIES} kills at random points: OUT is always a whole image of one version`, async () => {
    const dir = path.join(scratchDir(), 'sigkill');
    mkdirSync(dir, { recursive: true });
    const dataA = path.join(dir, 'a.bin');
    const dataB = path.join(dir, 'b.bin');
    writeFileSync(dataA, Buffer.alloc(4 << 20, 0xaa));
    writeFileSync(dataB, Buffer.alloc(4 << 20, 0xbb));
    const sha = (b: number) => createHash('sha256').update(Buffer.alloc(4 << 20, b)).digest('hex');
    const valid = new Set([`A:${sha(0xaa)}`, `B:${sha(0xbb)}`]);
    const out = path.join(dir, 'out.img');
    const first = tuple([
      ['children', tuple([['data', tuple([['contents', tuple([['host', dataA]])]])]])],
      ['version', 'A'],
    ]);
    await writeImage({ root: first, out });

    // Children run ten at a time, each with its own OUT (seeded with version A), so that the
    // node start-up cost is paid in parallel.
    const seen = new Set<string>();
    let midWrite = 0;
    const one = async (i: number): Promise<void> => {
      const outI = path.join(dir, `out-${i}.img`);
      copyFileSync(out, outI);
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'kill-child.ts'), outI, dataA, dataB], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        child.stdout.once('data', () => resolve());
        child.once('exit', (code) => reject(new Error(`child exited early with ${code}`)));
      });
      await new Promise((r) => setTimeout(r, Math.random() * 300));
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      const version = await versionOf(outI);
      expect(valid).toContain(version);
      seen.add(version);
      // A kill during a write leaves its temporary file, for as long as the sweeper waits.
      const tmp = `${outI}.tmp-${child.pid}`;
      if (existsSync(tmp)) midWrite++;
      expect(await waitFor(() => !existsSync(tmp), 5000)).toBe(true);
    };
    for (let batch = 0; batch < TRIES; batch += 10) {
      await Promise.all(Array.from({ length: Math.min(10, TRIES - batch) }, (_, k) => one(batch + k)));
    }
    expect(midWrite).toBeGreaterThan(0);
    // The kills landed at different points: both versions were observed at least once.
    expect(seen.size).toBe(2);
  }, 120_000);
});
