// `minops rootfs ls`: list cached rootfs trees.
import { MinopsError } from '../../errors.js';
import type { Command } from '../io.js';

export interface RootfsLsOptions {
  /** Placeholder so the type is not empty; nothing yet. */
  all?: boolean;
}

export const rootfsLsCommand: Command<RootfsLsOptions> = async () => {
  throw new MinopsError('NOT_IMPLEMENTED', 'minops rootfs ls is not implemented yet');
};
