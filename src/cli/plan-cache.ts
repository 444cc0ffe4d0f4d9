// Planning runs the rootfs's interpreter (module finding, bytecode) and takes about a second; an
// unchanged rebuild should not. A plan is cached under a key over the planner's whole input and
// the script's bytes, and reused only while every file it names still has the size and mtime it
// had: an edited sibling module or a changed rootfs file makes it plan again.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BundlePlan } from '../bundle/bundle-plan.js';
import type { PlanBundleInput } from '../bundle/plan-bundle.js';
import { packageVersion } from './package-root.js';

/** Bump when the planner's output changes for the same input. */
const PLANNER_GENERATION = 'minops-plan-3';

interface CachedPlan {
  plan: BundlePlan;
  /** `size:mtimeNs` of every file entry's host file when the plan was made. */
  stamps: Record<string, string>;
}

export function planCacheKey(input: PlanBundleInput, rootfsId: string): string {
  const { onEvent: _ignored, ...rest } = input;
  const hash = createHash('sha256');
  hash.update(`${PLANNER_GENERATION}\n${packageVersion()}\n${rootfsId}\n${JSON.stringify(rest)}\n`);
  hash.update(readFileSync(input.script));
  return hash.digest('hex').slice(0, 32);
}

export function loadCachedPlan(cacheDir: string, key: string): BundlePlan | undefined {
  let cached: CachedPlan;
  try {
    cached = JSON.parse(readFileSync(path.join(cacheDir, `${key}.json`), 'utf8')) as CachedPlan;
  } catch {
    return undefined;
  }
  for (const [file, stamp] of Object.entries(cached.stamps)) {
    if (stampOf(file) !== stamp) return undefined;
  }
  return cached.plan;
}

export function storePlan(cacheDir: string, key: string, plan: BundlePlan): void {
  const stamps: Record<string, string> = {};
  for (const entry of plan.entries) {
    if (entry.source.kind === 'file') stamps[entry.source.hostPath] = stampOf(entry.source.hostPath) ?? 'missing';
  }
  mkdirSync(cacheDir, { recursive: true });
  const file = path.join(cacheDir, `${key}.json`);
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify({ plan, stamps } satisfies CachedPlan));
  renameSync(tmp, file);
}

function stampOf(file: string): string | undefined {
  try {
    const st = statSync(file, { bigint: true });
    return `${st.size}:${st.mtimeNs}`;
  } catch {
    return undefined;
  }
}
