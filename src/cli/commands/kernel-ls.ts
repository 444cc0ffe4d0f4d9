// `minops kernel ls`: list the Nanos kernels minops can use.
import { MinopsError } from '../../errors.js';
import type { Command } from '../io.js';

export interface KernelLsOptions {
  /** Where kernels are kept; default the user cache. */
  kernelDir?: string;
}

export const kernelLsCommand: Command<KernelLsOptions> = async () => {
  throw new MinopsError('NOT_IMPLEMENTED', 'minops kernel ls is not implemented yet');
};
