// Block 0 of a TFS (spec §B.8): magic, version, the size of this first extension (1 block), UUID,
// NUL-terminated label, then a LINK to the 1024-block extension at block 1 and END_OF_LOG.
import { ByteSink } from './byte-sink.js';
import {
  BLOCK,
  EXTENSION_BLOCKS,
  FRAME_END_OF_LOG,
  FRAME_LINK,
  LABEL_MAX,
  TFS_MAGIC,
  TFS_VERSION,
  UUID_BYTES,
} from './log-format.js';
import { pushVarint, readVarint } from './varint.js';

export interface Superblock {
  version: number;
  uuid: Uint8Array;
  label: string;
  /** Offset in block 0 where the frames begin. */
  framesAt: number;
}

const utf8 = new TextEncoder();

export function encodeSuperblock(uuid: Uint8Array, label: string): Uint8Array {
  const s = new ByteSink();
  s.pushBytes(TFS_MAGIC);
  pushVarint(s, TFS_VERSION);
  pushVarint(s, 1);
  s.pushBytes(uuid);
  s.pushBytes(utf8.encode(label));
  s.push(0);
  s.push(FRAME_LINK);
  pushVarint(s, 1);
  pushVarint(s, EXTENSION_BLOCKS);
  s.push(FRAME_END_OF_LOG);
  const block = new Uint8Array(BLOCK);
  block.set(s.bytes());
  return block;
}

export const hasTfsMagic = (bytes: Uint8Array): boolean => TFS_MAGIC.every((b, i) => bytes[i] === b);

/** Parse block 0; a plain Error with the reason when it is not a TFS header. */
export function decodeSuperblock(block: Uint8Array): Superblock {
  if (!hasTfsMagic(block)) throw new Error('no NVMTFS magic at the start of the filesystem');
  let pos = TFS_MAGIC.length;
  const version = readVarint(block, pos);
  if (version.value !== 4 && version.value !== 5) throw new Error(`unsupported TFS version ${version.value}`);
  pos = readVarint(block, version.next).next;
  const uuid = block.slice(pos, pos + UUID_BYTES);
  pos += UUID_BYTES;
  const nul = block.indexOf(0, pos);
  if (nul < 0 || nul - pos > LABEL_MAX) throw new Error('invalid label (no NUL within 32 bytes)');
  const label = new TextDecoder().decode(block.subarray(pos, nul));
  return { version: version.value, uuid, label, framesAt: nul + 1 };
}
