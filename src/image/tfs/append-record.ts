// One record appended to a log already on disk, the way the kernel appends its own changes: the
// TUPLE_AVAILABLE frame goes where END_OF_LOG was and a new END_OF_LOG follows. Only when the
// record fits in the last extension in one segment with the kernel's slack left after it (spec
// §B.8 split rule); a new extension would need free blocks, which the caller does not track.
import { ByteSink } from './byte-sink.js';
import { BLOCK, EXTENSION_SLACK, FRAME_END_OF_LOG, FRAME_RESERVE, FRAME_TUPLE_AVAILABLE } from './log-format.js';
import type { TfsLogTail } from './read.js';
import { pushVarint } from './varint.js';

/** Bytes to write at byte `offset` of the filesystem. */
export interface LogAppend {
  offset: number;
  bytes: Uint8Array;
}

export function appendRecord(tail: TfsLogTail, record: Uint8Array): LogAppend | undefined {
  const size = tail.blocks * BLOCK;
  const sink = new ByteSink();
  sink.push(FRAME_TUPLE_AVAILABLE);
  pushVarint(sink, record.length);
  pushVarint(sink, record.length);
  sink.pushBytes(record);
  const avail = size - (tail.endOfLog + 2 * FRAME_RESERVE);
  if (tail.endOfLog + EXTENSION_SLACK >= size || record.length > avail) return undefined;
  if (tail.endOfLog + sink.length + EXTENSION_SLACK >= size) return undefined;
  sink.push(FRAME_END_OF_LOG);
  return { offset: tail.startBlock * BLOCK + tail.endOfLog, bytes: sink.bytes() };
}
