// `minops push IMAGE REF`: a containerDisk archive (mkimage --format containerdisk) to a registry.
import { pushContainerDisk } from '../../image/format/push-container-disk.js';
import type { Command } from '../io.js';

export interface PushCommandOptions {
  image: string;
  ref: string;
  tlsVerify: boolean;
}

export const pushCommand: Command<PushCommandOptions> = async (options, io) => {
  const digest = await pushContainerDisk(options.image, options.ref, { tlsVerify: options.tlsVerify, onEvent: io.onEvent });
  if (io.json) io.out(`${JSON.stringify({ image: options.image, ref: options.ref, digest }, null, 2)}\n`);
  else {
    io.err(`pushed ${options.image} to ${options.ref}\n`);
    io.out(`${options.ref}@${digest}\n`);
  }
  return 0;
};
