// `minops volume create NAME [--size SIZE]`: an empty volume, labelled NAME. As docker's, creating
// a volume that exists changes nothing and succeeds, unless it asks for another size.
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseSize } from '../../config/parse-size.js';
import { MinopsError } from '../../errors.js';
import { DEFAULT_VOLUME_BYTES, writeVolume } from '../../image/volume/write-volume.js';
import { volumeFile } from '../../image/volume/volume-store.js';
import type { Command } from '../io.js';

export interface VolumeCreateOptions {
  name: string;
  /** `100m`, `1g`; default 1 GiB (sparse: only what is written takes host disk space). */
  size?: string;
}

export const volumeCreateCommand: Command<VolumeCreateOptions> = async (options, io) => {
  const file = volumeFile(options.name);
  const parsed = options.size === undefined ? undefined : parseSize(options.size);
  if (parsed && !parsed.ok) throw new MinopsError('USAGE', `--size: ${parsed.error}`);
  const wanted = parsed?.value;
  const existing = statSync(file, { throwIfNoEntry: false });
  let sizeBytes = existing?.size;
  if (existing) {
    if (wanted !== undefined && wanted > existing.size) {
      throw new MinopsError('USAGE', `volume "${options.name}" exists with ${existing.size} bytes, less than --size ${options.size}`, {
        where: { file },
        hint: `remove it first (minops volume rm ${options.name}) or choose another name`,
      });
    }
  } else {
    mkdirSync(path.dirname(file), { recursive: true });
    sizeBytes = (await writeVolume({ file, label: options.name, sizeBytes: wanted ?? DEFAULT_VOLUME_BYTES })).sizeBytes;
  }
  io.out(io.json ? `${JSON.stringify({ name: options.name, file, sizeBytes, created: !existing }, null, 2)}\n` : `${options.name}\n`);
  return 0;
};
