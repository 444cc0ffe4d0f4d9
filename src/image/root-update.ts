// Root keys changed without writing the image again: an update record for the root tuple,
// appended to the root filesystem's log of an image already written. This is how one image serves
// every argument list and environment of the same files: each run adds its own `arguments` and
// `environment` on top (in an overlay, or in a copy).
import { writeSync } from 'node:fs';
import type { ManifestValue } from '../manifest/tuple.js';
import { appendRecord } from './tfs/append-record.js';
import { BLOCK } from './tfs/log-format.js';
import { createRecordEncoder } from './tfs/encode.js';
import { tfsFromManifest } from './tfs/plan-tree.js';
import type { TfsFilesystem, TfsLogTail } from './tfs/read.js';

/** What an update needs to know about the root filesystem's log; plain JSON. */
export interface RootLog {
  /** Byte offset of the root filesystem in the image. */
  fsOffset: number;
  tail: TfsLogTail;
  dictionarySize: number;
  /** [name, dictionary index] of every symbol. */
  symbols: [string, number][];
}

/** Bytes to write at byte `offset` of the image. */
export interface ImagePatch {
  offset: number;
  bytes: Uint8Array;
}

export async function readRootLog(file: string): Promise<RootLog> {
  // The image reader loads only here, once per new image: a run that reuses one has its log.
  const { openImage } = await import('./read-image.js');
  const image = await openImage(file);
  try {
    return rootLogOf(image.root);
  } finally {
    await image.close();
  }
}

export const rootLogOf = ({ log, offset }: TfsFilesystem): RootLog => ({
  fsOffset: offset,
  tail: log.tail,
  dictionarySize: log.dictionarySize,
  symbols: [...log.symbols],
});

/** The patch that sets `entries` on the root tuple; undefined when they do not fit in the log's
 * last extension (then the image has to be written with them). */
export function rootUpdate(log: RootLog, entries: readonly (readonly [string, ManifestValue])[]): ImagePatch | undefined {
  if (entries.length === 0) return { offset: log.fsOffset + log.tail.startBlock * BLOCK + log.tail.endOfLog, bytes: new Uint8Array() };
  const encoder = createRecordEncoder({ dictionarySize: log.dictionarySize, symbols: new Map(log.symbols) });
  const record = encoder.encodeUpdate(1, new Map(entries.map(([k, v]) => [k, tfsFromManifest(v)])));
  const append = appendRecord(log.tail, record);
  return append && { offset: log.fsOffset + append.offset, bytes: append.bytes };
}

export function applyPatch(fd: number, patch: ImagePatch): void {
  let done = 0;
  while (done < patch.bytes.length) done += writeSync(fd, patch.bytes, done, patch.bytes.length - done, patch.offset + done);
}
