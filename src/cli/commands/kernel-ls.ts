// `minops kernel ls`: list the Nanos kernels minops can use, in the order it would pick them.
import { describeSearch, FETCH_HINT, listKernels } from '../../kernel/find-kernel.js';
import type { Command } from '../io.js';

export interface KernelLsOptions {
  /** Where kernels are kept; default the user cache. */
  kernelDir?: string;
}

export const kernelLsCommand: Command<KernelLsOptions> = async (options, io) => {
  const reports = listKernels({ kernelDir: options.kernelDir });
  const kernels = reports.flatMap((r) => r.kernels);
  if (io.json) {
    io.out(`${JSON.stringify({ kernels, searched: reports.map((r) => ({ ...r.place, problem: r.problem })) }, null, 2)}\n`);
    return 0;
  }
  if (kernels.length === 0) {
    io.out(['No Nanos kernel found. Looked in:', ...describeSearch(reports), FETCH_HINT, ''].join('\n'));
    return 0;
  }
  const rows = kernels.map((k, i) => [i === 0 ? '*' : ' ', k.version, k.source, k.dir]);
  const widths = [1, 7, 6].map((w, c) => Math.max(w, ...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]!) : cell)).join('  ').trimEnd();
  io.out(`${[line([' ', 'VERSION', 'SOURCE', 'DIRECTORY']), ...rows.map(line)].join('\n')}\n* = used by default\n`);
  if (io.verbose) io.err(`${['searched:', ...describeSearch(reports)].join('\n')}\n`);
  return 0;
};
