// Reads a TFS: block 0, then every log extension it links to, reassembling records split across
// extensions (TUPLE_EXTENDED) and decoding them in order with one dictionary, as the kernel does
// on mount (spec §B.8, `log_read_complete`). Updates the kernel appended after a boot are applied.
import { MinopsError } from '../../errors.js';
import type { ByteReader } from '../byte-reader.js';
import { createRecordDecoder } from './decode.js';
import {
  BLOCK,
  FRAME_END_OF_LOG,
  FRAME_END_OF_SEGMENT,
  FRAME_LINK,
  FRAME_TUPLE_AVAILABLE,
  FRAME_TUPLE_EXTENDED,
  TFS_MAGIC,
} from './log-format.js';
import { decodeSuperblock } from './superblock.js';
import { formatUuid } from './uuid-text.js';
import { isTfsTuple, type TfsTuple } from './value.js';
import { readVarint } from './varint.js';

/** Limits on lengths that come from the image, so a corrupt log cannot make us allocate wildly. */
const MAX_EXTENSION_BLOCKS = 1 << 16;
const MAX_RECORD_BYTES = 1 << 30;
const MAX_EXTENSIONS = 1 << 16;

export interface TfsLogExtent {
  startBlock: number;
  blocks: number;
}

/** Where the log ends: END_OF_LOG at byte `endOfLog` of the last extension. */
export interface TfsLogTail extends TfsLogExtent {
  endOfLog: number;
}

export interface TfsLogFacts {
  extensions: TfsLogExtent[];
  tail: TfsLogTail;
  /** Each symbol's dictionary index, for records appended to this log. */
  symbols: ReadonlyMap<string, number>;
  records: number;
  dictionarySize: number;
  duplicateSymbols: number;
  /** Bytes from END_OF_LOG to the end of the last extension: room the kernel has to append. */
  freeAtEnd: number;
}

export interface TfsFilesystem {
  /** Byte offset of the filesystem in the image. */
  offset: number;
  version: number;
  uuid: string;
  label: string;
  /** Dictionary entry #1: the root tuple with `children` and the manifest keys. */
  root: TfsTuple;
  log: TfsLogFacts;
  reader: ByteReader;
}

export async function readTfs(reader: ByteReader, offset = 0): Promise<TfsFilesystem> {
  const fail = (msg: string, cause?: unknown): MinopsError =>
    new MinopsError('IMAGE_INVALID', `not a readable TFS (filesystem at byte ${offset}): ${msg}`, {
      where: { file: reader.file },
      cause,
    });
  try {
    return await readLog(reader, offset);
  } catch (e) {
    if (e instanceof MinopsError) throw e;
    throw fail((e as Error).message, e);
  }
}

async function readLog(reader: ByteReader, offset: number): Promise<TfsFilesystem> {
  const block0 = await reader.read(offset, BLOCK);
  if (block0.length < BLOCK) throw new Error('image ends inside block 0');
  const sb = decodeSuperblock(block0);
  const decoder = createRecordDecoder(sb.version);
  const extensions: TfsLogExtent[] = [{ startBlock: 0, blocks: 1 }];
  const seen = new Set<number>([0]);
  let ext = block0;
  let pos = sb.framesAt;
  let pending: { total: number; parts: Uint8Array[]; have: number } | undefined;
  let records = 0;
  let freeAtEnd = 0;

  const finish = (): void => {
    const p = pending!;
    const bytes = p.parts.length === 1 ? p.parts[0]! : Buffer.concat(p.parts);
    pending = undefined;
    decoder.decodeRecord(bytes);
    records++;
  };
  const take = (len: number): Uint8Array => {
    // The kernel requires at least one byte (the next frame id) after a segment.
    if (pos + len >= ext.length) throw new Error(`segment of ${len} bytes runs past its log extension`);
    const part = ext.subarray(pos, pos + len);
    pos += len;
    return part;
  };

  for (;;) {
    const id = ext[pos];
    if (id === undefined) throw new Error('log extension ends without END_OF_LOG or LINK');
    pos++;
    if (id === FRAME_END_OF_LOG) {
      freeAtEnd = ext.length - (pos - 1);
      break;
    }
    if (id === FRAME_END_OF_SEGMENT) continue;
    if (id === FRAME_TUPLE_AVAILABLE) {
      if (pending) throw new Error('a record starts before the previous one is complete');
      const total = readVarint(ext, pos);
      const seg = readVarint(ext, total.next);
      pos = seg.next;
      if (total.value > MAX_RECORD_BYTES || seg.value > total.value) throw new Error(`bad record lengths ${total.value}/${seg.value}`);
      pending = { total: total.value, parts: [take(seg.value)], have: seg.value };
      if (pending.have === pending.total) finish();
    } else if (id === FRAME_TUPLE_EXTENDED) {
      const seg = readVarint(ext, pos);
      pos = seg.next;
      if (!pending) throw new Error('TUPLE_EXTENDED without a record to continue');
      if (pending.have + seg.value > pending.total) throw new Error('record continues past its declared length');
      pending.parts.push(take(seg.value));
      pending.have += seg.value;
      if (pending.have === pending.total) finish();
    } else if (id === FRAME_LINK) {
      const start = readVarint(ext, pos);
      const blocks = readVarint(ext, start.next);
      if (blocks.value === 0 || blocks.value > MAX_EXTENSION_BLOCKS) throw new Error(`log link of ${blocks.value} blocks`);
      if (seen.has(start.value) || extensions.length >= MAX_EXTENSIONS) throw new Error(`log links back to block ${start.value}`);
      seen.add(start.value);
      extensions.push({ startBlock: start.value, blocks: blocks.value });
      ext = await reader.read(offset + start.value * BLOCK, blocks.value * BLOCK);
      if (ext.length < blocks.value * BLOCK) throw new Error(`log extension at block ${start.value} runs past the end of the image`);
      if (!TFS_MAGIC.every((b, i) => ext[i] === b)) throw new Error(`no NVMTFS magic in the log extension at block ${start.value}`);
      pos = readVarint(ext, readVarint(ext, TFS_MAGIC.length).next).next;
    } else {
      throw new Error(`unknown frame identifier ${id} at byte ${pos - 1} of the log extension at block ${extensions.at(-1)!.startBlock}`);
    }
  }
  if (pending) throw new Error('the log ends inside a record');
  const root = decoder.entry(1);
  if (!root || root.kind !== 'tuple') throw new Error('dictionary entry 1 is not the root tuple');
  if (!isTfsTuple(root.entries.get('children'))) throw new Error('the root tuple has no children');
  return {
    offset,
    version: sb.version,
    uuid: formatUuid(sb.uuid),
    label: sb.label,
    root,
    log: {
      extensions,
      tail: { ...extensions.at(-1)!, endOfLog: ext.length - freeAtEnd },
      symbols: decoder.symbols,
      records,
      dictionarySize: decoder.dictionarySize,
      duplicateSymbols: decoder.duplicateSymbols,
      freeAtEnd,
    },
    reader,
  };
}
