// A volume is a bare TFS (no boot sector, no kernel) of a fixed size, labelled with its name, and
// written by the one TFS writer. Re-writing one (volume cp into it) keeps its size, label and
// UUID, so images that mount it by label see the same disk.
import { MinopsError } from '../../errors.js';
import { tuple, type ManifestTuple } from '../../manifest/tuple.js';
import { ROOT_PAD_BYTES } from '../disk/disk-format.js';
import { writeImage } from '../write-image.js';

export interface VolumeContent {
  file: string;
  /** The volume name, which is its label. */
  label: string;
  /** Rounded up to 512 KiB, the granularity mkfs gives a filesystem. */
  sizeBytes: number;
  /** Default: empty. */
  root?: ManifestTuple;
  uuid?: string;
}

export const DEFAULT_VOLUME_BYTES = 1 << 30;

/** Written atomically: `file` holds the old volume or the new one, never half of one. */
export async function writeVolume(v: VolumeContent): Promise<{ uuid: string; sizeBytes: number }> {
  const size = Math.ceil(v.sizeBytes / ROOT_PAD_BYTES) * ROOT_PAD_BYTES;
  try {
    // The writer adds ROOT_PAD_BYTES of room on top of what it is asked for.
    const r = await writeImage({ root: v.root ?? tuple([['children', tuple()]]), out: v.file, label: v.label, uuid: v.uuid, minSizeBytes: size - ROOT_PAD_BYTES });
    return { uuid: r.uuid, sizeBytes: r.bytes };
  } catch (e) {
    if (!(e instanceof MinopsError) || e.code !== 'IMAGE_TOO_SMALL') throw e;
    // The writer names the bytes its content needs; a volume also keeps the writer's free room.
    const needed = Number(/at least (\d+) bytes/.exec(e.message)?.[1] ?? NaN);
    const wants = Number.isFinite(needed) ? ` ${Math.ceil((needed + ROOT_PAD_BYTES) / ROOT_PAD_BYTES) * ROOT_PAD_BYTES} bytes` : ' more room';
    throw new MinopsError('IMAGE_TOO_SMALL', `volume "${v.label}" is too small: it has ${size} bytes, its content needs${wants}`, {
      where: { file: v.file },
      hint: 'make a bigger volume (minops volume create NAME --size SIZE) and copy into that',
      cause: e,
    });
  }
}
