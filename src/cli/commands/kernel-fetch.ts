// `minops kernel fetch`: download a Nanos kernel release.
import { fetchKernel } from '../../kernel/fetch-kernel.js';
import type { Command } from '../io.js';

export interface KernelFetchOptions {
  /** A Nanos release such as 0.1.52; default the latest. */
  version?: string;
  /** Where the release goes (as <dir>/<version>/); default ~/.cache/minops/kernels. */
  kernelDir?: string;
  /** Download again even when the version is already there. */
  force?: boolean;
}

export const kernelFetchCommand: Command<KernelFetchOptions> = async (options, io) => {
  const k = await fetchKernel({ version: options.version, cacheDir: options.kernelDir, force: options.force, onEvent: io.onEvent });
  if (io.json) {
    io.out(`${JSON.stringify(k, null, 2)}\n`);
    return 0;
  }
  const check = k.verified ? 'matches the pinned value' : 'recorded; no pinned value for this version';
  const already = k.alreadyPresent ? ' (already there; nothing downloaded)' : '';
  io.out(`Nanos ${k.version} is in ${k.dir}${already}\n  from ${k.url}\n  sha256 ${k.sha256} (${check})\n`);
  return 0;
};
