// Which kernel.img/boot.img an image is built with: the config's Kernel/Boot when given, else the
// first kernel found; `run` fetches one on first use (and says so) when none is found anywhere.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BuildSettings } from '../config/build-settings.js';
import { MinopsError } from '../errors.js';
import type { OnEvent } from '../events.js';
import { ensureKernel, wholeKernel } from '../kernel/ensure-kernel.js';
import { findKernel } from '../kernel/find-kernel.js';

export interface KernelFiles {
  version: string;
  kernelImg: string;
  bootImg: string;
  klibs: { name: string; hostPath: string }[];
  /** The release's klib directory, when it has one (the strace klib for file tracing is there). */
  klibDir?: string;
}

export async function resolveKernel(settings: BuildSettings, o: { fetchIfMissing: boolean; onEvent: OnEvent }): Promise<KernelFiles> {
  if (settings.kernel !== undefined && settings.boot !== undefined) {
    return withKlibs(settings, { version: settings.nanosVersion ?? 'config', kernelImg: settings.kernel, bootImg: settings.boot });
  }
  const search = { kernelDir: settings.kernelDir, version: settings.nanosVersion, onEvent: o.onEvent };
  const found = o.fetchIfMissing ? await ensureKernel(search) : await wholeKernel(findKernel(search), search);
  return withKlibs(settings, {
    version: found.version,
    kernelImg: settings.kernel ?? found.kernelImg,
    bootImg: settings.boot ?? found.bootImg,
    klibDir: settings.klibDir ?? found.klibDir,
  });
}

function withKlibs(settings: BuildSettings, k: { version: string; kernelImg: string; bootImg: string; klibDir?: string }): KernelFiles {
  const klibDir = settings.klibDir ?? k.klibDir;
  const klibs = settings.klibs.map((name) => {
    const hostPath = klibDir ? path.join(klibDir, name) : '';
    if (!klibDir || !existsSync(hostPath)) {
      throw new MinopsError('INPUT_MISSING', `klib "${name}" not found${klibDir ? ` in ${klibDir}` : ' (no klib directory)'}`, {
        where: { file: klibDir ?? 'Klibs' },
        hint: 'set KlibDir in config.json, or use a kernel directory that has klibs/',
      });
    }
    return { name, hostPath };
  });
  return { version: k.version, kernelImg: k.kernelImg, bootImg: k.bootImg, klibs, ...(klibDir ? { klibDir } : {}) };
}
