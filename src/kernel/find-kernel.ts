// Finding kernel.img + boot.img (+ klibs/) in the places of kernel-places.ts, first match wins.
// A miss is KERNEL_MISSING listing every place and what was (not) there.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { MinopsError } from '../errors.js';
import { compareVersions } from './compare-versions.js';
import { kernelPlaces, type KernelPlace, type KernelSearchOptions, type KernelSource } from './kernel-places.js';
import { isDir, isFile } from './path-kind.js';

export interface FoundKernel {
  /** The Nanos version: the directory name, or `build-<commit>` for a build tree. */
  version: string;
  kernelImg: string;
  bootImg: string;
  klibDir?: string;
  source: KernelSource;
  /** The kernel directory (or build tree root). */
  dir: string;
}

/** What one place held: the kernels found there, or why none. */
export interface PlaceReport {
  place: KernelPlace;
  kernels: FoundKernel[];
  /** Why nothing usable was there; undefined when kernels were found. */
  problem?: string;
}

export const FETCH_HINT =
  'get one with `minops kernel fetch [VERSION]` (needs network), or point --kernel-dir (or MINOPS_KERNEL_DIR) ' +
  'at a directory holding kernel.img and boot.img';

/** The first kernel found; throws KERNEL_MISSING naming every place searched. */
export function findKernel(o: KernelSearchOptions = {}): FoundKernel {
  const reports: PlaceReport[] = [];
  for (const place of kernelPlaces(o)) {
    const report = searchPlace(place, o.version);
    const first = report.kernels[0];
    if (first) return first;
    reports.push(report);
  }
  throw kernelMissing(reports, o.version);
}

/** findKernel, but undefined instead of an error (tests: `test.skipIf(!kernel)`). */
export function tryFindKernel(o: KernelSearchOptions = {}): FoundKernel | undefined {
  try {
    return findKernel(o);
  } catch (e) {
    if (e instanceof MinopsError && e.code === 'KERNEL_MISSING') return undefined;
    throw e;
  }
}

/** Every place and what it holds (`minops kernel ls`). */
export function listKernels(o: KernelSearchOptions = {}): PlaceReport[] {
  return kernelPlaces(o).map((place) => searchPlace(place, o.version));
}

/** One line per place, for messages: `  --kernel-dir: not given`. */
export function describeSearch(reports: readonly PlaceReport[]): string[] {
  return reports.map((r) => {
    const where = r.place.dir ? `${r.place.label} (${r.place.dir})` : r.place.label;
    const what = r.problem ?? r.kernels.map((k) => k.version).join(', ');
    return `  ${where}: ${what}`;
  });
}

function kernelMissing(reports: readonly PlaceReport[], version: string | undefined): MinopsError {
  const what = version ? `Nanos kernel ${version}` : 'Nanos kernel';
  return new MinopsError('KERNEL_MISSING', [`no ${what} found; looked in:`, ...describeSearch(reports)].join('\n'), {
    where: { file: reports.find((r) => r.place.dir)?.place.dir ?? '.' },
    hint: FETCH_HINT,
  });
}

function searchPlace(place: KernelPlace, version: string | undefined): PlaceReport {
  if (!place.dir) return { place, kernels: [], problem: 'not given' };
  if (!isDir(place.dir)) return { place, kernels: [], problem: 'no such directory' };
  if (!place.versioned) {
    // An explicitly given directory may hold the kernel, be a build tree, or hold <version>/ dirs.
    const direct = kernelIn(place.dir, place.source) ?? buildTreeIn(place.dir, place.source);
    if (direct) {
      if (version && place.source === 'build-tree' && direct.version !== version) {
        return { place, kernels: [], problem: `a build tree of ${direct.version}, not ${version}` };
      }
      return { place, kernels: [direct] };
    }
    if (place.source === 'build-tree') return { place, kernels: [], problem: 'not a Nanos build tree' };
  }
  const kernels = versionDirs(place.dir, version)
    .map((v) => kernelIn(path.join(place.dir!, v), place.source, v))
    .filter((k): k is FoundKernel => k !== undefined);
  if (kernels.length > 0) return { place, kernels };
  const wanted = version ? `no ${version}/ with` : 'no';
  return { place, kernels: [], problem: `${wanted} kernel.img and boot.img` };
}

/** `<version>/` subdirectories, newest first; only the wanted one when a version is given. */
function versionDirs(dir: string, version: string | undefined): string[] {
  if (version) return isDir(path.join(dir, version)) ? [version] : [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const dirs = names.filter((n) => !n.startsWith('.') && isDir(path.join(dir, n)));
  // Released versions (0.1.55) before names such as ops's `nightly`, newest first.
  const numbered = dirs.filter((n) => /^\d/.test(n)).sort(compareVersions).reverse();
  const named = dirs.filter((n) => !/^\d/.test(n)).sort();
  return [...numbered, ...named];
}

function kernelIn(dir: string, source: KernelSource, version = path.basename(dir)): FoundKernel | undefined {
  const kernelImg = path.join(dir, 'kernel.img');
  const bootImg = path.join(dir, 'boot.img');
  if (!isFile(kernelImg) || !isFile(bootImg)) return undefined;
  const klibs = path.join(dir, 'klibs');
  return { version, kernelImg, bootImg, ...(isDir(klibs) ? { klibDir: klibs } : {}), source, dir };
}

/** A Nanos checkout after `make kernel`: output/platform/pc/{bin/kernel.img,boot/boot.img}. */
function buildTreeIn(dir: string, source: KernelSource): FoundKernel | undefined {
  const pc = path.join(dir, 'output/platform/pc');
  const kernelImg = path.join(pc, 'bin/kernel.img');
  const bootImg = path.join(pc, 'boot/boot.img');
  if (!isFile(kernelImg) || !isFile(bootImg)) return undefined;
  return { version: buildTreeVersion(pc), kernelImg, bootImg, source, dir };
}

/** The build's commit from the generated gitversion.c, as `build-<12 hex>`. */
function buildTreeVersion(pcDir: string): string {
  try {
    const text = readFileSync(path.join(pcDir, 'gitversion.c'), 'utf8');
    const commit = /"([0-9a-f]{7,40})"/.exec(text)?.[1];
    if (commit) return `build-${commit.slice(0, 12)}`;
  } catch {
    // an older tree without it
  }
  return 'build';
}
