// Writes a Nanos disk image from a manifest root tuple, natively (no mkfs). With `bootImg` the
// layout is bootable (spec §B.2): boot.img, the klog area, an optional ESP, the 12 MiB boot FS
// made from the root's `boot` tuple, then the root FS. Without it the image is a bare TFS, as mkfs
// writes without -b. Deterministic: the same inputs give the same bytes.
import { ftruncateSync, writeSync } from 'node:fs';
import { MinopsError } from '../errors.js';
import { noEvents, type OnEvent } from '../events.js';
import { isTuple, tuple, type ManifestTuple, type ManifestValue } from '../manifest/tuple.js';
import { writeAtomically } from './atomic-output.js';
import { checkKernel } from './disk/check-kernel.js';
import {
  BOOT_FS_BYTES,
  ESP_BYTES,
  KERNEL_LOG_RESERVE_BYTES,
  KLOG_BYTES,
  ROOT_PAD_BYTES,
} from './disk/disk-format.js';
import { buildEsp } from './disk/build-esp.js';
import { PARTITION_ESP, PARTITION_TFS, writePartitionTable, type Partition } from './disk/mbr.js';
import { parseImageSize } from './disk/parse-size.js';
import { readBootImg, type BootImg } from './disk/read-boot-img.js';
import { layoutFilesystem } from './tfs/layout-fs.js';
import { BLOCK } from './tfs/log-format.js';
import { checkLabel } from './tfs/check-label.js';
import { planTree, type PlannedTree } from './tfs/plan-tree.js';
import { statHostFiles } from './tfs/stat-host-files.js';
import { formatUuid, parseUuid } from './tfs/uuid-text.js';
import { writeFilesystem } from './tfs/write-fs.js';

export interface WriteImageOptions {
  /** The manifest root tuple, as mkfs would read it. */
  root: ManifestTuple;
  out: string;
  /** Root filesystem label, at most 31 bytes. */
  label?: string;
  /** Root filesystem UUID; derived from a hash of the content when absent. */
  uuid?: Uint8Array | string;
  /** Minimum total image size (mkfs `-s`, ops BaseVolumeSz); an error if the content needs more. */
  minSizeBytes?: number;
  /** Nanos boot.img: makes the image bootable. */
  bootImg?: string;
  /** bootx64.efi: adds the 33 MiB EFI System Partition (needs `bootImg`). */
  uefiLoader?: string;
  /** Directory that relative `host:` paths are resolved against (mkfs: its current directory). */
  hostDir?: string;
  onEvent?: OnEvent;
}

export interface WriteImageResult {
  bytes: number;
  /** UUID of the root filesystem. */
  uuid: string;
  rootFsOffset: number;
  bootFsOffset?: number;
}

const pad = (n: number, to: number): number => Math.ceil(n / to) * to;

export async function writeImage(options: WriteImageOptions): Promise<WriteImageResult> {
  const onEvent = options.onEvent ?? noEvents;
  const hostDir = options.hostDir ?? process.cwd();
  const label = checkLabel(options.label ?? '');
  const uuid = options.uuid === undefined ? undefined : checkUuid(options.uuid);
  const { root, boot, imageSize } = splitRoot(options.root);
  const minSize = Math.max(options.minSizeBytes ?? 0, imageSize === undefined ? 0 : parseImageSize(imageSize, 'imagesize'));
  // mkfs also makes the image at least `coredumplimit` big (and keeps the key for the kernel).
  const coreLimit = options.root.entries.get('coredumplimit');
  const floor = typeof coreLimit === 'string' ? parseImageSize(coreLimit, 'coredumplimit') : 0;

  const bootImg = options.bootImg === undefined ? undefined : readBootImg(options.bootImg);
  if (options.uefiLoader !== undefined && !bootImg) {
    throw new MinopsError('USAGE', 'an EFI loader needs a boot.img too (the ESP is part of the bootable layout)');
  }
  let bootTree: PlannedTree | undefined;
  if (bootImg) {
    const bootTuple = boot ?? legacyBootTuple(options.root);
    if (!bootTuple) {
      throw new MinopsError('KERNEL_MISSING', 'a bootable image needs a kernel: the manifest has no boot tuple and no /kernel', {
        where: { file: 'manifest', entry: 'boot' },
        hint: 'Add boot:(children:(kernel:(contents:(host:kernel.img)))) or give a kernel.',
      });
    }
    bootTree = planTree(bootTuple, hostDir, 'manifest boot tuple');
    const kernel = bootTree.files.find((f) => f.guestPath === '/kernel');
    if (!kernel) {
      throw new MinopsError('KERNEL_MISSING', 'the boot tuple has no kernel file (boot:(children:(kernel:(contents:(host:…)))))', {
        where: { file: 'manifest', entry: 'boot' },
      });
    }
    checkKernel(kernel.host);
  } else if (boot) {
    onEvent({ kind: 'warning', message: 'the manifest has a boot tuple, but without a boot.img the image is a bare filesystem: it is left out' });
  }
  const rootTree = planTree(root, hostDir);
  const rootLayout = layoutFilesystem(rootTree, statHostFiles(rootTree.files));
  const bootLayout = bootTree && layoutFilesystem(bootTree, statHostFiles(bootTree.files));

  if (bootLayout && bootLayout.usedBlocks * BLOCK > BOOT_FS_BYTES) {
    throw new MinopsError('IMAGE_TOO_SMALL', `the kernel and klibs need ${bootLayout.usedBlocks * BLOCK} bytes, more than the 12 MiB boot filesystem`, {
      where: { file: bootTree!.files[0]?.host ?? 'manifest', entry: 'boot' },
    });
  }
  const firstPartition = bootImg ? BLOCK + bootImg.stage2Size + KLOG_BYTES : 0;
  const espOffset = options.uefiLoader !== undefined ? firstPartition : undefined;
  const bootOffset = bootImg ? firstPartition + (espOffset !== undefined ? ESP_BYTES : 0) : undefined;
  const rootOffset = bootOffset !== undefined ? bootOffset + BOOT_FS_BYTES : 0;
  const needed = rootOffset + rootLayout.usedBlocks * BLOCK + KERNEL_LOG_RESERVE_BYTES;
  if (minSize > 0 && minSize < needed) {
    throw new MinopsError('IMAGE_TOO_SMALL', `the image needs at least ${needed} bytes for its content, but its size is set to ${minSize}`, {
      where: { file: options.out },
      hint: 'Raise the image size (--size / BaseVolumeSz) or leave it unset.',
    });
  }
  // mkfs's rule: the root FS gets ≥ 512 KiB free on top and a length that is a multiple of 512 KiB.
  const total = rootOffset + pad(Math.max(minSize, floor, needed) - rootOffset + ROOT_PAD_BYTES, ROOT_PAD_BYTES);
  const esp = espOffset !== undefined ? buildEsp(options.uefiLoader!) : undefined;

  const rootUuid = await writeAtomically(options.out, (fd) => {
    if (bootImg) {
      const parts: Partition[] = [];
      if (espOffset !== undefined) parts.push({ type: PARTITION_ESP, offset: espOffset, size: ESP_BYTES });
      parts.push({ type: PARTITION_TFS, offset: bootOffset!, size: BOOT_FS_BYTES });
      parts.push({ type: PARTITION_TFS, offset: rootOffset, size: total - rootOffset });
      writeBootArea(fd, bootImg, parts);
    }
    if (esp) writeAt(fd, esp, espOffset!);
    if (bootLayout) writeFilesystem(fd, bootOffset!, bootLayout, { label: '', role: 'boot', step: 'write boot filesystem', onEvent });
    const id = writeFilesystem(fd, rootOffset, rootLayout, { label, uuid, role: 'root', step: 'write root filesystem', onEvent });
    ftruncateSync(fd, total);
    return id;
  });
  return { bytes: total, uuid: formatUuid(rootUuid), rootFsOffset: rootOffset, bootFsOffset: bootOffset };
}

function writeBootArea(fd: number, bootImg: BootImg, parts: Partition[]): void {
  const bytes = Uint8Array.from(bootImg.bytes);
  writePartitionTable(bytes.subarray(0, BLOCK), parts);
  writeAt(fd, bytes, 0);
}

function writeAt(fd: number, data: Uint8Array, position: number): void {
  let done = 0;
  while (done < data.length) done += writeSync(fd, data, done, data.length - done, position + done);
}

/** The root minus what mkfs consumes: `boot` (its own filesystem) and `imagesize`. */
function splitRoot(root: ManifestTuple): { root: ManifestTuple; boot?: ManifestTuple; imageSize?: string } {
  const boot = root.entries.get('boot');
  const imageSize = root.entries.get('imagesize');
  if (boot !== undefined && !isTuple(boot)) throw new MinopsError('MANIFEST_SYNTAX', 'boot must be a tuple', { where: { file: 'manifest', entry: 'boot' } });
  if (imageSize !== undefined && typeof imageSize !== 'string') {
    throw new MinopsError('MANIFEST_SYNTAX', 'imagesize must be a string', { where: { file: 'manifest', entry: 'imagesize' } });
  }
  const rest = tuple([...root.entries].filter(([k]) => k !== 'boot' && k !== 'imagesize'));
  return { root: rest, boot, imageSize };
}

/** mkfs's backward compatibility: a root `/kernel` also goes into a boot FS (and stays). */
function legacyBootTuple(root: ManifestTuple): ManifestTuple | undefined {
  const children = root.entries.get('children');
  const kernel: ManifestValue | undefined = isTuple(children) ? children.entries.get('kernel') : undefined;
  return isTuple(kernel) ? tuple([['children', tuple([['kernel', kernel]])]]) : undefined;
}

function checkUuid(uuid: Uint8Array | string): Uint8Array {
  const bytes = typeof uuid === 'string' ? parseUuid(uuid) : uuid;
  if (!bytes || bytes.length !== 16) {
    throw new MinopsError('CONFIG_INVALID', `the UUID ${String(uuid)} is not 16 bytes (32 hex digits)`, { hint: 'Give it as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx.' });
  }
  return bytes;
}
