// Planning runs the rootfs's interpreter (module finding, bytecode) and takes about a second; an
// unchanged rebuild should not. A plan is cached under a key over the planner's whole input but
// the script's arguments (they only end argv, so a new argument list reuses the plan) and the
// script's bytes, and reused only while every file it names still has the stamp it had: an edited
// sibling module, a changed rootfs file or a damaged .pyc makes it plan again. The file carries
// the SHA-256 of its body: a cut or altered plan is noticed and made again, never used.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileIdentity } from '../file-identity.js';
import path from 'node:path';
import type { BundlePlan } from '../bundle/bundle-plan.js';
import type { PlanBundleInput } from '../bundle/plan-bundle.js';
import { trackTemp } from '../track-temp.js';
import { packageVersion } from '../package-root.js';

/** Bump when the planner's output changes for the same input. */
const PLANNER_GENERATION = 'minops-plan-5';

interface CachedPlan {
  plan: BundlePlan;
  /** How many of the plan's args are the script's arguments (replaced on reuse). */
  scriptArgs: number;
  /** Stamp of every file entry's host file when the plan was made. */
  stamps: Record<string, string>;
}

export function planCacheKey(input: PlanBundleInput, rootfsId: string): string {
  const { onEvent: _ignored, scriptArgs: _args, ...rest } = input;
  const hash = createHash('sha256');
  hash.update(`${PLANNER_GENERATION}\n${packageVersion()}\n${rootfsId}\n${JSON.stringify(rest)}\n`);
  hash.update(readFileSync(input.script));
  return hash.digest('hex').slice(0, 32);
}

export type PlanLookup =
  | { kind: 'hit'; plan: BundlePlan }
  | { kind: 'miss' }
  /** The file is there but not what was written (cut short, altered): say so, plan again. */
  | { kind: 'damaged'; why: string };

export function loadCachedPlan(cacheDir: string, key: string, scriptArgs: readonly string[]): PlanLookup {
  let text: string;
  try {
    text = readFileSync(path.join(cacheDir, `${key}.json`), 'utf8');
  } catch {
    return { kind: 'miss' };
  }
  const nl = text.indexOf('\n');
  const body = text.slice(nl + 1);
  if (nl < 0 || text.slice(0, nl) !== sha256(body)) return { kind: 'damaged', why: 'its digest does not match its bytes' };
  let cached: CachedPlan;
  try {
    cached = JSON.parse(body) as CachedPlan;
  } catch {
    return { kind: 'damaged', why: 'it is not valid JSON' };
  }
  for (const [file, stamp] of Object.entries(cached.stamps)) {
    if (fileIdentity(file) !== stamp) return { kind: 'miss' };
  }
  const { plan } = cached;
  return { kind: 'hit', plan: { ...plan, args: [...plan.args.slice(0, plan.args.length - cached.scriptArgs), ...scriptArgs] } };
}

export function storePlan(cacheDir: string, key: string, plan: BundlePlan, scriptArgs: readonly string[]): void {
  const stamps: Record<string, string> = {};
  for (const entry of plan.entries) {
    if (entry.source.kind === 'file') stamps[entry.source.hostPath] = fileIdentity(entry.source.hostPath) ?? 'missing';
  }
  mkdirSync(cacheDir, { recursive: true });
  const file = path.join(cacheDir, `${key}.json`);
  const tmp = `${file}.tmp-${process.pid}`;
  const body = JSON.stringify({ plan, scriptArgs: scriptArgs.length, stamps } satisfies CachedPlan);
  trackTemp(tmp);
  writeFileSync(tmp, `${sha256(body)}\n${body}`);
  renameSync(tmp, file);
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

