// `minops rootfs pull`: fetch and unpack a rootfs into the cache.
import { MinopsError } from '../../errors.js';
import type { Command } from '../io.js';
import type { RootfsSource } from '../../config/rootfs-source.js';

export interface RootfsPullOptions {
  source: RootfsSource;
}

export const rootfsPullCommand: Command<RootfsPullOptions> = async () => {
  throw new MinopsError('NOT_IMPLEMENTED', 'minops rootfs pull is not implemented yet');
};
