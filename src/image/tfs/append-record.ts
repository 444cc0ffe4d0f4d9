// Appends one record to a TFS log as the kernel does after a boot: over the END_OF_LOG of the last
// extension, with a new END_OF_LOG after it, leaving the kernel the room it keeps for its own
// appends (§B.8, §B.10). Only the bytes of that one frame are written.
import { writeSync } from 'node:fs';
import { MinopsError } from '../../errors.js';
import { ByteSink } from './byte-sink.js';
import { BLOCK, EXTENSION_SLACK, FRAME_END_OF_LOG, FRAME_TUPLE_AVAILABLE } from './log-format.js';
import type { TfsFilesystem } from './read.js';
import { pushVarint } from './varint.js';

/** `fd` is the image `fs` was read from, open for writing. */
export function appendRecord(fd: number, fs: TfsFilesystem, record: Uint8Array, file: string): void {
  const last = fs.log.extensions.at(-1)!;
  const extensionBytes = last.blocks * BLOCK;
  const endOfLog = extensionBytes - fs.log.freeAtEnd;
  const frame = new ByteSink();
  frame.push(FRAME_TUPLE_AVAILABLE);
  pushVarint(frame, record.length);
  pushVarint(frame, record.length);
  frame.pushBytes(record);
  frame.push(FRAME_END_OF_LOG);
  const bytes = frame.bytes();
  if (endOfLog + bytes.length + EXTENSION_SLACK > extensionBytes) {
    throw new MinopsError('IMAGE_TOO_SMALL', `the root filesystem's metadata log has ${fs.log.freeAtEnd} bytes left, too few for a record of ${record.length}`, {
      where: { file },
      hint: 'rebuild the image with these arguments instead (minops mkimage SCRIPT OUT -- ARGS)',
    });
  }
  const at = fs.offset + last.startBlock * BLOCK + endOfLog;
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, at + done);
}
