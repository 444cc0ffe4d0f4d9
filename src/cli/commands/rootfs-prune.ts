// `minops rootfs prune`: delete cached rootfs trees.
import { MinopsError } from '../../errors.js';
import type { Command } from '../io.js';

export interface RootfsPruneOptions {
  /** Placeholder so the type is not empty; nothing yet. */
  all?: boolean;
}

export const rootfsPruneCommand: Command<RootfsPruneOptions> = async () => {
  throw new MinopsError('NOT_IMPLEMENTED', 'minops rootfs prune is not implemented yet');
};
