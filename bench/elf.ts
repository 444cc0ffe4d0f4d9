// ELF stage figures on the Debian python rootfs: the closure of every ELF file in it.
import { elfClosure, elfClosureIn } from '../src/elf/elf-closure.js';
import { findElfFiles } from '../src/elf/find-elf-files.js';
import { RootView } from '../src/resolve-in-root.js';
import { debianPythonRootfs } from '../test/support/debian-rootfs.js';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const round = (ms: number): number => Math.round(ms * 10) / 10;

function time(run: () => unknown): number {
  const t0 = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export async function bench(): Promise<Record<string, number | string>> {
  const root = debianPythonRootfs();
  const t0 = process.hrtime.bigint();
  const files = findElfFiles(root);
  const findElfFilesMs = Number(process.hrtime.bigint() - t0) / 1e6;

  // One closure with every ELF file as a start, from a cold in-process cache each run.
  const all: number[] = [];
  let objects = 0;
  for (let i = 0; i < 7; i++) {
    const t = process.hrtime.bigint();
    objects = (await elfClosure(root, files)).objects.length;
    all.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  // A separate closure per file (what the lddtree comparison does), sharing one RootView.
  const each: number[] = [];
  for (let i = 0; i < 3; i++) {
    const view = new RootView(root);
    each.push(time(() => files.forEach((f) => elfClosureIn(view, [f]))));
  }
  return {
    elfClosureAllMs: round(median(all)),
    // The machine may be shared; the fastest run shows the code's own cost.
    elfClosureAllMinMs: round(Math.min(...all)),
    elfClosureAllGoalMs: 150,
    elfClosureEachFileMs: round(median(each)),
    findElfFilesMs: round(findElfFilesMs),
    elfFiles: files.length,
    closureObjects: objects,
  };
}
