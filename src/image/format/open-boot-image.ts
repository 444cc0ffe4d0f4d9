// An image built earlier, made ready to boot: a file in any format minops writes, or a containerDisk
// reference. Archives (gce, containerdisk) are unpacked into a scratch directory; qcow2, vmdk and
// vhd are booted as they are. Before QEMU sees anything the disk is checked to be a bootable Nanos
// disk (MBR, boot filesystem with /kernel, root filesystem) with the one TFS reader, so a foreign
// or corrupt file is a clear error, never a guest that hangs. Arguments for this run go into a
// private raw copy through one appended log record.
import { closeSync, constants, copyFileSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MinopsError } from '../../errors.js';
import { noEvents, type OnEvent } from '../../events.js';
import type { DiskFormat } from '../../vm/vm-spec.js';
import { appendArguments } from '../append-arguments.js';
import { openByteReader } from '../byte-reader.js';
import { openImageFrom, type OpenedImage } from '../read-image.js';
import { findEntry } from '../tfs/entries.js';
import { readFileBytes } from '../tfs/read-file.js';
import { tfsText } from '../tfs/value.js';
import { extractContainerDisk } from './container-disk.js';
import { exportContainerDiskRef } from './container-disk-ref.js';
import { convertDisk, qemuFormatOf } from './convert-disk.js';
import { detectImageFormat } from './detect-format.js';
import { extractGceArchive } from './gce-archive.js';
import { FORMAT_NAMES, type ImageFormat } from './image-format.js';
import { findQemuImg } from './qemu-img.js';
import { openQemuImgReader } from './qemu-img-reader.js';

type DiskFileFormat = 'raw' | 'qcow2' | 'vmdk' | 'vhd';

export interface BootImage {
  /** The file QEMU boots, and how QEMU reads it. */
  file: string;
  format: DiskFormat;
  /** What the user gave: a file's format, or a reference. */
  source: ImageFormat | 'reference';
  /** The image has an EFI System Partition (it can boot through UEFI firmware). */
  hasEsp: boolean;
  /** The program's argv as this run will see it. */
  argv: string[];
  /** The image's own kernel, copied out of its boot filesystem (when asked for: microvm). */
  kernelImg?: string;
  /** Removes every temporary file. */
  dispose(): void;
}

export interface OpenBootImageOptions {
  cwd: string;
  /** Arguments appended to the image's own for this run. */
  args: readonly string[];
  /** Boot the user's file itself, keeping the guest's writes. */
  persist: boolean;
  extractKernel: boolean;
  tlsVerify: boolean;
  onEvent?: OnEvent;
}

const EXPECTED = 'a raw, qcow2, vmdk or vhd Nanos disk image, a GCE .tar.gz, a containerDisk archive, or a containerdisk reference';
const looksLikePath = (s: string): boolean => /^(\/|\.\.?\/|~)/.test(s) || /\.(img|raw|qcow2|vmdk|vhd|tar|gz|tgz)$/i.test(s);

export async function openBootImage(source: string, o: OpenBootImageOptions): Promise<BootImage> {
  const onEvent = o.onEvent ?? noEvents;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'minops-image-'));
  const dispose = (): void => rmSync(scratch, { recursive: true, force: true });
  try {
    const abs = path.resolve(o.cwd, source);
    const stat = statSync(abs, { throwIfNoEntry: false });
    let outer: string;
    let kind: ImageFormat | 'reference';
    if (stat?.isFile()) {
      outer = abs;
      const detected = detectImageFormat(abs);
      if (!detected) throw new MinopsError('IMAGE_INVALID', `not an image minops can boot: expected ${EXPECTED}`, { where: { file: abs } });
      kind = detected;
    } else if (stat || looksLikePath(source)) {
      throw new MinopsError('INPUT_MISSING', stat ? 'not a file' : 'no such file', { where: { file: abs }, hint: `--image takes ${EXPECTED}` });
    } else {
      outer = await exportContainerDiskRef(source, path.join(scratch, 'ref'), { tlsVerify: o.tlsVerify, onEvent });
      kind = 'reference';
    }

    // The disk inside an archive is ours to change; a file the user gave is not.
    let disk = outer;
    let owned = false;
    if (kind === 'gce') [disk, owned] = [await extractGceArchive(outer, path.join(scratch, 'gce'), onEvent), true];
    if (kind === 'containerdisk') [disk, owned] = [await extractContainerDisk(outer, path.join(scratch, 'cd'), onEvent), true];
    if (kind === 'reference') owned = true;
    const inner = detectImageFormat(disk);
    if (inner !== 'raw' && inner !== 'qcow2' && inner !== 'vmdk' && inner !== 'vhd') {
      throw new MinopsError('IMAGE_INVALID', `the disk in this ${kind === 'reference' ? 'image' : FORMAT_NAMES[kind]} is not a raw, qcow2, vmdk or vhd disk image`, {
        where: { file: kind === 'reference' ? source : outer, entry: path.basename(disk) },
      });
    }
    let format: DiskFileFormat = inner;

    if (o.persist) checkPersist(kind, o.args, source);
    const facts = await checkNanosDisk(disk, format, kind === 'reference' ? source : outer, onEvent, o.extractKernel ? path.join(scratch, 'kernel.img') : undefined);

    let argv = facts.argv;
    if (o.args.length > 0) {
      const copy = path.join(scratch, 'run.img');
      if (format !== 'raw') await convertDisk(disk, copy, 'raw', { from: format, onEvent });
      else if (!owned) copyFileSync(disk, copy, constants.COPYFILE_FICLONE);
      if (format !== 'raw' || !owned) [disk, format] = [copy, 'raw'];
      argv = await appendArguments(disk, o.args);
    }
    return { file: disk, format: qemuFormatOf(format), source: kind, hasEsp: facts.hasEsp, argv, kernelImg: facts.kernelImg, dispose };
  } catch (e) {
    dispose();
    throw e;
  }
}

function checkPersist(kind: ImageFormat | 'reference', args: readonly string[], source: string): void {
  const why =
    kind !== 'raw' && kind !== 'qcow2' && kind !== 'vhd'
      ? kind === 'reference' || kind === 'gce' || kind === 'containerdisk'
        ? 'its disk is unpacked into a temporary file for each run'
        : 'QEMU cannot write a streamOptimized VMDK in place'
      : args.length > 0
        ? 'arguments for a run go into a private copy of the image'
        : undefined;
  if (why) {
    throw new MinopsError('USAGE', `--persist cannot keep the guest's writes in ${source}: ${why}`, {
      hint: '--persist works with a raw, qcow2 or vhd file and no arguments',
    });
  }
}

interface DiskFacts {
  hasEsp: boolean;
  argv: string[];
  kernelImg?: string;
}

async function checkNanosDisk(disk: string, format: DiskFileFormat, shown: string, onEvent: OnEvent, kernelOut: string | undefined): Promise<DiskFacts> {
  const reader =
    format === 'raw' ? await openByteReader(disk) : await openQemuImgReader(findQemuImg(`to read a ${format} image`), disk, qemuFormatOf(format) as 'qcow2' | 'vmdk' | 'vpc', onEvent);
  let image: OpenedImage;
  try {
    image = await openImageFrom(reader);
  } catch (e) {
    if (!(e instanceof MinopsError) || e.code !== 'IMAGE_INVALID') throw e;
    throw notNanos(shown, e.message, e);
  }
  try {
    if (image.kind === 'bare') throw notNanos(shown, 'it is a bare TFS filesystem (a volume), with no boot loader or kernel');
    const size = image.root.reader.size;
    const end = Math.max(...Object.values(image.partitions ?? {}).map((p) => p.offset + p.size));
    if (size < end) throw notNanos(shown, `it is ${size} bytes, shorter than the ${end} its partition table covers (truncated?)`);
    const kernel = image.boot && findEntry(image.boot.root, '/kernel');
    if (!image.boot || kernel?.type !== 'file') throw notNanos(shown, 'its boot filesystem has no /kernel');
    const args = image.root.root.entries.get('arguments');
    const argv = typeof args === 'object' && args.kind === 'vector' ? args.items.map((v) => tfsText(v) ?? '?') : [];
    let kernelImg: string | undefined;
    if (kernelOut) {
      const bytes = await readFileBytes(image.boot, kernel);
      const fd = openSync(kernelOut, 'w', 0o644);
      try {
        writeSync(fd, bytes);
      } finally {
        closeSync(fd);
      }
      kernelImg = kernelOut;
    }
    return { hasEsp: image.partitions?.esp !== undefined, argv, kernelImg };
  } finally {
    await image.close();
  }
}

function notNanos(file: string, why: string, cause?: unknown): MinopsError {
  return new MinopsError('IMAGE_INVALID', `not a bootable Nanos image (expected an MBR disk with a Nanos boot and root filesystem, as mkimage writes): ${why}`, {
    where: { file },
    cause,
  });
}
