// Writes one laid-out TFS into an open image file at byte `base`: file data first, streamed from
// the host through one fixed buffer (files are contiguous, so small files share a write), then the
// log extensions, then block 0. The UUID, unless given, is a hash of everything written.
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { MinopsError } from '../../errors.js';
import type { OnEvent } from '../../events.js';
import type { FsLayout, PlacedFile } from './layout-fs.js';
import { BLOCK } from './log-format.js';
import { encodeSuperblock } from './superblock.js';

const BUFFER_BYTES = 1 << 20;

export interface WriteFsOptions {
  label: string;
  uuid?: Uint8Array;
  /** Mixed into the derived UUID, so two filesystems of one image differ. */
  role: string;
  step?: string;
  onEvent?: OnEvent;
}

export function writeFilesystem(out: number, base: number, layout: FsLayout, opts: WriteFsOptions): Uint8Array {
  const hash = createHash('sha256').update(`minops-tfs\0${opts.role}\0${opts.label}\0`).update(layout.record);
  const buf = Buffer.alloc(BUFFER_BYTES);
  let fill = 0;
  let flushBlock = layout.files[0]?.startBlock ?? 0;
  const totalBytes = layout.files.reduce((n, f) => n + f.blocks * BLOCK, 0);
  let written = 0;
  const step = opts.step ?? 'write filesystem';
  opts.onEvent?.({ kind: 'start', step, total: totalBytes });

  const flush = (): void => {
    if (fill === 0) return;
    writeAll(out, buf, fill, base + flushBlock * BLOCK);
    hash.update(buf.subarray(0, fill));
    flushBlock += fill / BLOCK;
    written += fill;
    fill = 0;
    opts.onEvent?.({ kind: 'progress', step, done: written, total: totalBytes });
  };

  for (const f of layout.files) {
    if (f.blocks === 0) continue;
    if (f.startBlock !== flushBlock + fill / BLOCK) throw new Error(`internal: ${f.guestPath} is not contiguous`);
    const fd = openHost(f);
    try {
      if (fstatSync(fd).size !== f.size) throw changed(f, `its size changed from ${f.size} bytes`);
      let left = f.size;
      while (left > 0) {
        if (fill === buf.length) flush();
        const n = readSync(fd, buf, fill, Math.min(buf.length - fill, left), null);
        if (n === 0) throw changed(f, `it ended after ${f.size - left} of ${f.size} bytes`);
        fill += n;
        left -= n;
      }
    } finally {
      closeSync(fd);
    }
    // Zero the tail of the last block: the buffer is reused. The block count is a whole number of
    // blocks and the buffer a multiple of the block size, so the padding never crosses a flush.
    const padded = Math.ceil(fill / BLOCK) * BLOCK;
    buf.fill(0, fill, padded);
    fill = padded;
  }
  flush();

  for (const ext of layout.extensions) {
    writeAll(out, ext.bytes, ext.bytes.length, base + ext.startBlock * BLOCK);
    hash.update(ext.bytes);
  }
  const uuid = opts.uuid ?? new Uint8Array(hash.digest().subarray(0, 16));
  const block0 = encodeSuperblock(uuid, opts.label);
  writeAll(out, block0, block0.length, base);
  opts.onEvent?.({ kind: 'end', step });
  return uuid;
}

function openHost(f: PlacedFile): number {
  try {
    return openSync(f.host, 'r');
  } catch (e) {
    throw new MinopsError('INPUT_CHANGED', `the host file for ${f.guestPath} vanished before it was written: ${(e as Error).message}`, {
      where: { file: f.host, entry: f.guestPath },
      cause: e,
    });
  }
}

const changed = (f: PlacedFile, what: string): MinopsError =>
  new MinopsError('INPUT_CHANGED', `the host file for ${f.guestPath} changed while the image was written: ${what}`, {
    where: { file: f.host, entry: f.guestPath },
    hint: 'Build the image again once nothing is writing to the files it holds.',
  });

function writeAll(fd: number, data: Uint8Array, length: number, position: number): void {
  let done = 0;
  while (done < length) done += writeSync(fd, data, done, length - done, position + done);
}
