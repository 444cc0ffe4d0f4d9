// A raw Nanos image → qcow2, vmdk (streamOptimized: what AWS VM import takes) or vhd (fixed, with
// a 1 MiB-aligned virtual size: what Azure takes), through qemu-img, into a temporary path that is
// renamed to OUT only when complete.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { noEvents, type OnEvent } from '../../events.js';
import { produceAtomically } from '../atomic-output.js';
import { paddedCopy } from './padded-copy.js';
import { findQemuImg, runQemuImg } from './qemu-img.js';

export type ConvertedFormat = 'qcow2' | 'vmdk' | 'vhd' | 'raw';

const MiB = 1 << 20;

/** qemu-img's `-O` and `-o` for each format. */
const OUTPUT: Record<ConvertedFormat, string[]> = {
  qcow2: ['-O', 'qcow2'],
  vmdk: ['-O', 'vmdk', '-o', 'subformat=streamOptimized'],
  // force_size: the footer says exactly the file's size, not one rounded to a CHS geometry.
  vhd: ['-O', 'vpc', '-o', 'subformat=fixed,force_size'],
  raw: ['-O', 'raw'],
};

/** QEMU's name for the format of a file (`vpc` for VHD). */
export const qemuFormatOf = (format: 'raw' | 'qcow2' | 'vmdk' | 'vhd'): 'raw' | 'qcow2' | 'vmdk' | 'vpc' => (format === 'vhd' ? 'vpc' : format);

export interface ConvertOptions {
  /** The format of `input` (default raw). */
  from?: 'raw' | 'qcow2' | 'vmdk' | 'vhd';
  onEvent?: OnEvent;
}

export async function convertDisk(input: string, out: string, to: ConvertedFormat, options: ConvertOptions = {}): Promise<void> {
  const onEvent = options.onEvent ?? noEvents;
  const from = options.from ?? 'raw';
  const qemuImg = findQemuImg(`to write a ${to} image`);
  const scratch = to === 'vhd' && from === 'raw' ? mkdtempSync(path.join(os.tmpdir(), 'minops-vhd-')) : undefined;
  try {
    let source = input;
    if (scratch) {
      source = path.join(scratch, 'aligned.img');
      paddedCopy(input, source, MiB);
    }
    await produceAtomically(out, (tmp) => runQemuImg(qemuImg, ['convert', '-f', qemuFormatOf(from), ...OUTPUT[to], source, tmp], onEvent, out));
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}
