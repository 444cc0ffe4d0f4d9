// `minops volume rm NAME...`: delete volumes and what they hold. Every name is checked before any
// volume is removed.
import { rmSync } from 'node:fs';
import { findVolume } from '../../image/volume/volume-store.js';
import type { Command } from '../io.js';

export interface VolumeRmOptions {
  names: string[];
}

export const volumeRmCommand: Command<VolumeRmOptions> = async (options, io) => {
  const files = options.names.map((name) => findVolume(name, name));
  for (const file of files) rmSync(file);
  io.out(io.json ? `${JSON.stringify({ removed: options.names }, null, 2)}\n` : options.names.map((n) => `${n}\n`).join(''));
  return 0;
};
