// What a run adds to a planned image, after planning (the plan cache does not depend on it):
// an empty directory for each mount point, and generated files (the resolver files of --net
// user). Pure: the plan stays sorted with every parent present.
import { MinopsError } from '../errors.js';
import type { BundlePlan, PlanEntry } from './bundle-plan.js';
import { compareGuest, guestAncestors } from './compare-guest.js';

export interface RunEntries {
  /** Guest directories to mount on, with where the user asked for them (for errors). */
  readonly mountPoints: readonly { guest: string; from: string }[];
  /** Files to add; what the user placed there (Files, Dirs, MapDirs), or a directory, stays. */
  readonly files: readonly PlanEntry[];
}

export function addRunEntries(plan: BundlePlan, run: RunEntries): BundlePlan {
  if (run.mountPoints.length === 0 && run.files.length === 0) return plan;
  const byGuest = new Map(plan.entries.map((e) => [e.guest, e]));
  const addParents = (guest: string, from?: string): void => {
    for (const dir of guestAncestors(guest)) {
      const there = byGuest.get(dir);
      if (!there) byGuest.set(dir, { guest: dir, source: { kind: 'dir' }, reason: { kind: 'parent' } });
      else if (there.source.kind !== 'dir') {
        throw new MinopsError('USAGE', `${dir} is a ${kindText(there)} in the image, so ${guest} cannot be made under it${there.source.kind === 'symlink' ? `; name the real directory (${there.source.target})` : ''}`, {
          where: { file: from ?? guest },
        });
      }
    }
  };
  for (const { guest, from } of run.mountPoints) {
    const there = byGuest.get(guest);
    if (there && there.source.kind !== 'dir') {
      throw new MinopsError('USAGE', `${guest} is a ${kindText(there)} in the image; a mount point must be a directory`, {
        where: { file: from },
        hint: 'mount on a directory the image does not have as a file, e.g. /data',
      });
    }
    addParents(guest, from);
    if (!there) byGuest.set(guest, { guest, source: { kind: 'dir' }, reason: { kind: 'generated', why: `mount point of ${from}` } });
  }
  for (const file of run.files) {
    const there = byGuest.get(file.guest);
    if (there?.reason.kind === 'user' || there?.source.kind === 'dir') continue;
    addParents(file.guest);
    byGuest.set(file.guest, file);
  }
  return { ...plan, entries: [...byGuest.values()].sort((a, b) => compareGuest(a.guest, b.guest)) };
}

const kindText = (e: PlanEntry): string => (e.source.kind === 'symlink' ? 'symbolic link' : 'file');
