// Scratch paths inside a cache folder: `.tmp-<name>-<pid>-<n>`, beside where the entry will go so
// that the final rename stays on one filesystem. Each is tracked (track-temp.ts), so a killed
// minops leaves none behind; ones whose process is gone anyway are swept on the next write. An
// entry is removed by renaming it to a scratch name first: nobody ever sees half of one.
import fs from 'node:fs';
import path from 'node:path';
import { trackTemp } from './track-temp.js';

const SCRATCH = /^\.tmp-.*-(\d+)-[0-9a-z]+$/;
let counter = 0;

/** A fresh scratch path in `parent` (not created). */
export function scratchPath(parent: string, name: string): string {
  const p = path.join(parent, `.tmp-${name}-${process.pid}-${(counter++).toString(36)}`);
  trackTemp(p);
  return p;
}

export const isScratchName = (name: string): boolean => name.startsWith('.tmp-');

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Removes scratch paths in `parent` whose process is gone; returns how many. */
export function sweepScratch(parent: string): number {
  let removed = 0;
  let names: string[];
  try {
    names = fs.readdirSync(parent);
  } catch {
    return 0;
  }
  for (const name of names) {
    const pid = SCRATCH.exec(name)?.[1];
    if (pid === undefined || alive(Number(pid))) continue;
    fs.rmSync(path.join(parent, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/** Removes an entry at once for every reader (one rename), then its bytes; false if it was gone. */
export function discardEntry(entry: string): boolean {
  const trash = scratchPath(path.dirname(entry), 'trash');
  try {
    fs.renameSync(entry, trash);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
  fs.rmSync(trash, { recursive: true, force: true });
  return true;
}
