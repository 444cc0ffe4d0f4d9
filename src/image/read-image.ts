// Opens an image the way the kernel finds its filesystems: a TFS at byte 0 (a bare filesystem, as
// mkfs writes without -b), or an MBR whose entries point at the boot FS and the root FS.
import { MinopsError } from '../errors.js';
import { openByteReader, type ByteReader } from './byte-reader.js';
import { findNanosPartitions, hasMbrSignature, type Partition } from './disk/mbr.js';
import { BLOCK } from './tfs/log-format.js';
import { readTfs, type TfsFilesystem } from './tfs/read.js';
import { hasTfsMagic } from './tfs/superblock.js';

export interface OpenedImage {
  file: string;
  kind: 'bare' | 'bootable';
  root: TfsFilesystem;
  /** The 12 MiB boot filesystem (kernel, klibs) of a bootable image. */
  boot?: TfsFilesystem;
  partitions?: { esp?: Partition; boot: Partition; root: Partition };
  close(): Promise<void>;
}

export async function openImage(file: string): Promise<OpenedImage> {
  return openImageFrom(await openByteReader(file));
}

/** The same, over any ByteReader (a qcow2 read through qemu-img); the reader is closed on error. */
export async function openImageFrom(reader: ByteReader): Promise<OpenedImage> {
  try {
    return await openWith(reader);
  } catch (e) {
    await reader.close();
    throw e;
  }
}

async function openWith(reader: ByteReader): Promise<OpenedImage> {
  const sector0 = await reader.read(0, BLOCK);
  const close = (): Promise<void> => reader.close();
  if (hasTfsMagic(sector0)) return { file: reader.file, kind: 'bare', root: await readTfs(reader, 0), close };
  if (sector0.length < BLOCK || !hasMbrSignature(sector0)) {
    throw new MinopsError('IMAGE_INVALID', 'neither a TFS filesystem nor an MBR disk image', {
      where: { file: reader.file },
      hint: 'Give an image made by minops mkimage or by Nanos mkfs.',
    });
  }
  const partitions = findNanosPartitions(sector0);
  if (partitions.root.size === 0 || partitions.root.offset === 0) {
    throw new MinopsError('IMAGE_INVALID', 'an MBR disk image without a root filesystem partition', {
      where: { file: reader.file },
    });
  }
  const root = await readTfs(reader, partitions.root.offset);
  const boot = partitions.boot.size > 0 ? await readTfs(reader, partitions.boot.offset) : undefined;
  return { file: reader.file, kind: 'bootable', root, boot, partitions, close };
}
