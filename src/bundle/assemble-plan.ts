// The pure core of the planner: kept rootfs paths + added entries → one sorted BundlePlan with
// every symlink on the way kept as a symlink and every parent directory present.
import type { BundlePlan, PlanEntry, Reason } from './bundle-plan.js';
import { compareGuest, guestAncestors } from './compare-guest.js';
import { matchAny } from './match-glob.js';
import type { PlanFacts } from './plan-facts.js';
import { resolveGuest } from './resolve-guest.js';
import { hostPathOf } from './rootfs-view.js';

export function assemblePlan(facts: PlanFacts): BundlePlan {
  const excluded = matchAny(facts.excludes);
  const byGuest = new Map<string, PlanEntry>();
  const warnings = [...facts.warnings];
  const put = (entry: PlanEntry): void => {
    if (!byGuest.has(entry.guest)) byGuest.set(entry.guest, entry);
  };

  for (const entry of facts.added) put(entry);
  for (const kept of facts.kept) {
    if (excluded(kept.guest)) continue;
    const resolved = resolveGuest(facts.rootfs, kept.guest);
    for (const link of resolved.links) {
      if (!excluded(link.guest)) put({ guest: link.guest, source: { kind: 'symlink', target: link.target }, reason: kept.reason });
    }
    const real = resolved.real;
    if (!real) {
      warnings.push(`${kept.guest}: not in the rootfs (dangling symlink or missing), left out`);
      continue;
    }
    if (real.guest === '/' || excluded(real.guest)) continue;
    if (real.node.kind === 'file') {
      const hostPath = hostPathOf(facts.rootfs.root, real.guest);
      put({ guest: real.guest, source: { kind: 'file', hostPath, size: real.node.size }, reason: kept.reason, ...mtimeOf(real.node.mtime) });
    } else if (real.node.kind === 'dir') {
      put({ guest: real.guest, source: { kind: 'dir' }, reason: kept.reason });
    }
  }

  addParents(byGuest, warnings);
  const entries = [...byGuest.values()].sort((a, b) => compareGuest(a.guest, b.guest));
  const plan: BundlePlan = { entries, program: facts.program, args: [...facts.args], env: facts.env.map(([k, v]) => [k, v] as const), cwd: facts.cwd, warnings };
  return facts.python ? { ...plan, python: facts.python } : plan;
}

const parentReason: Reason = { kind: 'parent' };

/** Every directory that holds an entry is an entry. Rootfs paths are resolved, so only an added
 * entry (a user file) can sit below a file or symlink; the directory wins and the user is told. */
function addParents(byGuest: Map<string, PlanEntry>, warnings: string[]): void {
  for (const guest of [...byGuest.keys()]) {
    for (const dir of guestAncestors(guest)) {
      const there = byGuest.get(dir);
      if (there === undefined) byGuest.set(dir, { guest: dir, source: { kind: 'dir' }, reason: parentReason });
      else if (there.source.kind !== 'dir') {
        warnings.push(`${dir}: is a ${there.source.kind} in the rootfs but ${guest} needs a directory there; made it a directory`);
        byGuest.set(dir, { guest: dir, source: { kind: 'dir' }, reason: parentReason });
      }
    }
  }
}

const mtimeOf = (mtime: number | undefined): { mtime?: number } => (mtime === undefined ? {} : { mtime });
