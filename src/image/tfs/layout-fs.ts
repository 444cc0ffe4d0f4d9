// Places file data and the metadata log of one TFS (spec §B.11): data packed from block 1025, right
// after the first log extension, each file split into extents of at most 65,536 blocks as mkfs
// does; the whole tree encoded as one record; extra log extensions after the data. Pure, except
// that it adds `extents` and `filelength` to the planned file tuples.
import { createRecordEncoder } from './encode.js';
import { frameLog, type FramedExtension } from './frame-log.js';
import { BLOCK, EXTENSION_BLOCKS, MAX_EXTENT_BLOCKS } from './log-format.js';
import type { PlannedFile, PlannedTree } from './plan-tree.js';
import { tfsInt, type TfsTuple } from './value.js';

export interface PlacedFile extends PlannedFile {
  size: number;
  /** First block of the data (files are contiguous; `blocks` = ceil(size/512)). */
  startBlock: number;
  blocks: number;
}

export interface FsLayout {
  root: TfsTuple;
  files: PlacedFile[];
  /** The metadata record (the whole tree). */
  record: Uint8Array;
  /** Log extensions after block 0, in order, each 1024 blocks. */
  extensions: FramedExtension[];
  /** First block past everything written. */
  usedBlocks: number;
}

export const FIRST_DATA_BLOCK = 1 + EXTENSION_BLOCKS;

export function layoutFilesystem(tree: PlannedTree, sizes: readonly number[]): FsLayout {
  let next = FIRST_DATA_BLOCK;
  const files = tree.files.map((f, i): PlacedFile => {
    const size = sizes[i]!;
    const blocks = Math.ceil(size / BLOCK);
    const placed = { ...f, size, startBlock: next, blocks };
    const extents: TfsTuple = { kind: 'tuple', entries: new Map() };
    for (let done = 0; done < blocks; done += MAX_EXTENT_BLOCKS) {
      const length = Math.min(MAX_EXTENT_BLOCKS, blocks - done);
      extents.entries.set(String(done), {
        kind: 'tuple',
        entries: new Map([
          ['offset', tfsInt(next + done)],
          ['length', tfsInt(length)],
          ['allocated', tfsInt(length)],
        ]),
      });
    }
    f.node.entries.set('extents', extents);
    f.node.entries.set('filelength', tfsInt(size));
    next += blocks;
    return placed;
  });
  const dataEnd = next;
  const record = createRecordEncoder().encodeRecord(tree.root);
  const extensions = frameLog([record], (i) => (i === 0 ? 1 : dataEnd + (i - 1) * EXTENSION_BLOCKS));
  const usedBlocks = Math.max(dataEnd, ...extensions.map((e) => e.startBlock + e.blocks));
  return { root: tree.root, files, record, extensions, usedBlocks };
}
