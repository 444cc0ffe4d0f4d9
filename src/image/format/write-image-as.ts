// A raw Nanos image → the file an engine takes, in the format asked for (see image-format.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { noEvents, type OnEvent } from '../../events.js';
import { writeContainerDisk } from './container-disk.js';
import { convertDisk } from './convert-disk.js';
import { writeGceArchive } from './gce-archive.js';
import type { ImageFormat } from './image-format.js';

export interface WriteAsOptions {
  /** containerdisk: the image name `podman load` gives it. */
  refName: string;
  onEvent?: OnEvent;
}

export async function writeImageAs(raw: string, out: string, format: Exclude<ImageFormat, 'raw'>, options: WriteAsOptions): Promise<void> {
  const onEvent = options.onEvent ?? noEvents;
  onEvent({ kind: 'start', step: `writing ${format}` });
  if (format === 'gce') {
    await writeGceArchive(raw, out, onEvent);
  } else if (format === 'containerdisk') {
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'minops-cd-'));
    try {
      const qcow2 = path.join(scratch, 'disk.qcow2');
      await convertDisk(raw, qcow2, 'qcow2', { onEvent });
      await writeContainerDisk(qcow2, out, { refName: options.refName });
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  } else {
    await convertDisk(raw, out, format, { onEvent });
  }
  onEvent({ kind: 'end', step: `writing ${format}` });
}

/** `localhost/<name>:latest` from a script name: what a containerDisk is called once loaded. */
export function containerDiskName(script: string): string {
  const base = path.basename(script).replace(/\.[^.]*$/, '').toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '');
  return `localhost/${base || 'minops'}:latest`;
}
