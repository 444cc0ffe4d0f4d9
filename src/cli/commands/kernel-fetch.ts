// `minops kernel fetch`: download a Nanos kernel release.
import { MinopsError } from '../../errors.js';
import type { Command } from '../io.js';

export interface KernelFetchOptions {
  /** A Nanos release such as 0.1.52; default the latest. */
  version?: string;
  kernelDir?: string;
}

export const kernelFetchCommand: Command<KernelFetchOptions> = async () => {
  throw new MinopsError('NOT_IMPLEMENTED', 'minops kernel fetch is not implemented yet');
};
