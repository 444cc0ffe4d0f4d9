// `minops volume cp SRC DST`: copy between a volume and the host; one side is NAME:/path.
import { MinopsError } from '../../errors.js';
import { copyIntoVolume, copyOutOfVolume, hostPath } from '../../image/volume/copy-volume.js';
import { parseVolumePath } from '../../image/volume/volume-path.js';
import { findVolume } from '../../image/volume/volume-store.js';
import type { Command } from '../io.js';

export interface VolumeCpOptions {
  src: string;
  dst: string;
  /** Relative host paths start here. */
  cwd: string;
}

export const volumeCpCommand: Command<VolumeCpOptions> = async (options, io) => {
  for (const side of [options.src, options.dst]) {
    // docker cp's `-` is a tar stream on stdin/stdout (yargs hands it over as '').
    if (side === '' || side === '-') throw new MinopsError('USAGE', 'volume cp copies files, not a tar stream (-): name a host path', { where: { file: '-' } });
  }
  const from = parseVolumePath(options.src);
  const to = parseVolumePath(options.dst);
  if ((from && to) || (!from && !to)) {
    throw new MinopsError('USAGE', from ? 'both sides are volumes; copy through a host directory' : 'neither side is a volume (NAME:/path)', {
      hint: 'e.g. minops volume cp ./data NAME:/ or minops volume cp NAME:/results ./results',
    });
  }
  const count = from
    ? await copyOutOfVolume(findVolume(from.name, options.src), from, hostPath(options.dst, options.cwd))
    : await copyIntoVolume(findVolume(to!.name, options.dst), hostPath(options.src, options.cwd), to!);
  if (io.json) io.out(`${JSON.stringify({ ...count, from: options.src, to: options.dst }, null, 2)}\n`);
  else io.err(`copied ${count.files} file(s), ${count.bytes} bytes to ${options.dst}\n`);
  return 0;
};
