// How an image asks the kernel to report the files the program looks up: with the release's
// strace klib, every lookup with its full path (src/vm/file-trace.ts); without it, only the
// `missing_files` list of base names.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ManifestValue } from '../manifest/tuple.js';
import { FILE_TRACE_KLIB, fileTraceRootKeys } from '../vm/file-trace.js';
import type { KernelFiles } from './resolve-kernel.js';

export interface FileTraceKeys {
  readonly rootKeys: (readonly [string, ManifestValue])[];
  readonly klibs: { name: string; hostPath: string }[];
  /** True when the strace klib traces every lookup; false for the missing_files fallback. */
  readonly fullPaths: boolean;
}

/** The strace klib of the kernel's release, when it has one. */
export function straceKlib(kernel: KernelFiles): { name: string; hostPath: string } | undefined {
  const hostPath = kernel.klibDir ? path.join(kernel.klibDir, FILE_TRACE_KLIB) : undefined;
  return hostPath && existsSync(hostPath) ? { name: FILE_TRACE_KLIB, hostPath } : undefined;
}

export function fileTraceKeys(kernel: KernelFiles): FileTraceKeys {
  const klib = straceKlib(kernel);
  if (!klib) return { rootKeys: [['missing_files', 't']], klibs: [], fullPaths: false };
  return { rootKeys: fileTraceRootKeys(), klibs: [klib], fullPaths: true };
}
