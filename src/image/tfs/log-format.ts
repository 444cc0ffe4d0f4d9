// Constants of the TFS log (spec §B.1, §B.8).

export const BLOCK = 512;
export const TFS_MAGIC = new TextEncoder().encode('NVMTFS');
export const TFS_VERSION = 5;
/** Every log extension after block 0 is 1024 blocks (512 KiB). */
export const EXTENSION_BLOCKS = 1024;
export const EXTENSION_BYTES = EXTENSION_BLOCKS * BLOCK;
/** The kernel opens a new extension when fewer than this many bytes would remain. */
export const EXTENSION_SLACK = 74;
/** Room kept for a frame header and for a link: 1 + 2 varints of at most 10 bytes each. */
export const FRAME_RESERVE = 21;
/** Label bytes, without the terminating NUL. */
export const LABEL_MAX = 31;
export const UUID_BYTES = 16;
/** mkfs splits a file's data into extents of at most this many blocks (32 MiB). */
export const MAX_EXTENT_BLOCKS = 65536;

export const FRAME_END_OF_LOG = 1;
export const FRAME_TUPLE_AVAILABLE = 2;
export const FRAME_TUPLE_EXTENDED = 3;
export const FRAME_END_OF_SEGMENT = 4;
export const FRAME_LINK = 5;
