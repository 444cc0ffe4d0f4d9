// Frames encoded records into log extensions with the kernel's split rule (spec §B.8): a record
// starts with TUPLE_AVAILABLE, continues with TUPLE_EXTENDED after a LINK, each segment leaves
// room for two frame headers, and the last extension keeps ≥ 74 bytes free after END_OF_LOG so
// the kernel can append on boot. Pure: the caller says where extensions go and writes them.
import { ByteSink } from './byte-sink.js';
import {
  EXTENSION_BLOCKS,
  EXTENSION_BYTES,
  EXTENSION_SLACK,
  FRAME_END_OF_LOG,
  FRAME_LINK,
  FRAME_RESERVE,
  FRAME_TUPLE_AVAILABLE,
  FRAME_TUPLE_EXTENDED,
  TFS_MAGIC,
  TFS_VERSION,
} from './log-format.js';
import { pushVarint } from './varint.js';

export interface FramedExtension {
  startBlock: number;
  blocks: number;
  /** The whole extension, zero-filled past END_OF_LOG. */
  bytes: Uint8Array;
}

/**
 * `startBlocks(i)` gives the start block of extension i (0 = the one block 0 links to). Returns the
 * extensions in order; their count is known only after framing.
 */
export function frameLog(records: readonly Uint8Array[], startBlocks: (i: number) => number): FramedExtension[] {
  const done: FramedExtension[] = [];
  let sink = openExtension();

  function openExtension(): ByteSink {
    const s = new ByteSink();
    s.pushBytes(TFS_MAGIC);
    pushVarint(s, TFS_VERSION);
    pushVarint(s, EXTENSION_BLOCKS);
    return s;
  }
  function close(s: ByteSink): void {
    const bytes = new Uint8Array(EXTENSION_BYTES);
    bytes.set(s.bytes());
    done.push({ startBlock: startBlocks(done.length), blocks: EXTENSION_BLOCKS, bytes });
  }
  function linkIfFull(): void {
    if (sink.length + EXTENSION_SLACK < EXTENSION_BYTES) return;
    sink.push(FRAME_LINK);
    pushVarint(sink, startBlocks(done.length + 1));
    pushVarint(sink, EXTENSION_BLOCKS);
    close(sink);
    sink = openExtension();
  }

  for (const record of records) {
    let offset = 0;
    do {
      linkIfFull();
      const avail = EXTENSION_BYTES - (sink.length + 2 * FRAME_RESERVE);
      const seg = Math.min(avail, record.length - offset);
      if (offset === 0) {
        sink.push(FRAME_TUPLE_AVAILABLE);
        pushVarint(sink, record.length);
      } else {
        sink.push(FRAME_TUPLE_EXTENDED);
      }
      pushVarint(sink, seg);
      sink.pushBytes(record.subarray(offset, offset + seg));
      offset += seg;
    } while (offset < record.length);
  }
  linkIfFull();
  sink.push(FRAME_END_OF_LOG);
  close(sink);
  return done;
}
