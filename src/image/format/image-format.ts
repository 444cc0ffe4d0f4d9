// The file formats `mkimage --format` writes, one per engine that runs images: raw for QEMU,
// qcow2, vmdk (streamOptimized, what AWS VM import takes), vhd (fixed, what Azure takes), gce
// (disk.raw in a gzip'd tar, what GCE image import takes), containerdisk (an OCI image archive
// with the qcow2 under /disk/, KubeVirt's containerDisk).
import { MinopsError } from '../../errors.js';

export type ImageFormat = 'raw' | 'qcow2' | 'vmdk' | 'vhd' | 'gce' | 'containerdisk';

export const IMAGE_FORMATS: readonly ImageFormat[] = ['raw', 'qcow2', 'vmdk', 'vhd', 'gce', 'containerdisk'];

const isImageFormat = (text: string): text is ImageFormat => (IMAGE_FORMATS as readonly string[]).includes(text);

/** `--format` text → ImageFormat; anything else is a usage error that lists the known formats. */
export function parseImageFormat(text: string, flag = '--format'): ImageFormat {
  if (isImageFormat(text)) return text;
  throw new MinopsError('USAGE', `${flag}: "${text}" is not an image format; known: ${IMAGE_FORMATS.join(', ')}`, {
    hint: 'raw (QEMU), qcow2, vmdk (AWS), vhd (Azure), gce (Google Compute Engine), containerdisk (KubeVirt)',
  });
}

/** What a format is called in messages. */
export const FORMAT_NAMES: Record<ImageFormat, string> = {
  raw: 'raw disk image',
  qcow2: 'qcow2 disk image',
  vmdk: 'VMDK (streamOptimized) disk image',
  vhd: 'VHD (fixed) disk image',
  gce: 'GCE image archive (disk.raw in a .tar.gz)',
  containerdisk: 'containerDisk (OCI image archive)',
};
