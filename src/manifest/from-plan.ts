// The root tuple for a bundle plan: the filesystem tree, what to run, and the boot filesystem
// (spec §A.7, §A.8, §C.1). Pure: the same plan and options give the same tuple, key for key.
import type { BundlePlan, PlanEntry } from '../bundle/bundle-plan.js';
import { MinopsError } from '../errors.js';
import { nameProblem } from './names.js';
import type { ManifestTuple, ManifestValue } from './tuple.js';

export interface ManifestFromPlanOptions {
  /** Extra root keys (debug_exit, passthrough, ...), applied in order after the plan's own keys;
   * a later key replaces an earlier value. `children` is refused. */
  rootKeys?: ReadonlyArray<readonly [string, ManifestValue]>;
  /** Put a boot filesystem in the image: `/kernel`, and klibs under `/klib/` with `klibs:"bootfs"`. */
  boot?: { kernel: string; klibs?: ReadonlyArray<{ name: string; hostPath: string }> };
}

type MutableTuple = { kind: 'tuple'; entries: Map<string, ManifestValue> };
const make = (entries: [string, ManifestValue][] = []): MutableTuple => ({ kind: 'tuple', entries: new Map(entries) });
const fileTuple = (hostPath: string): MutableTuple => make([['contents', make([['host', hostPath]])]]);

/** Nanos timestamps are seconds << 32 plus a 32-bit binary fraction (spec §A.9), as a decimal
 * string. Times before 1970 become 0: the kernel reads the value as unsigned. */
export function nanosTimestamp(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return '0';
  const whole = Math.floor(seconds);
  const fraction = Math.floor((seconds - whole) * 2 ** 32);
  return ((BigInt(whole) << 32n) | BigInt(fraction)).toString();
}

export function manifestFromPlan(plan: BundlePlan, options: ManifestFromPlanOptions = {}): ManifestTuple {
  const children = make();
  for (const entry of plan.entries) addEntry(children, entry);

  const root = make([
    ['children', children],
    ['program', plan.program],
    ['arguments', { kind: 'vector', items: [...plan.args] }],
    ['environment', make(plan.env.map(([k, v]) => [k, v]))],
    ['cwd', plan.cwd],
  ]);
  for (const [key, value] of options.rootKeys ?? []) {
    if (key === 'children') {
      throw new MinopsError('CONFIG_INVALID', 'a root key named "children" would replace the whole filesystem tree', {
        hint: 'add files through the config Files/Dirs/MapDirs keys instead',
      });
    }
    root.entries.set(key, value);
  }
  if (options.boot) {
    const bootChildren = make([['kernel', fileTuple(options.boot.kernel)]]);
    const klibs = [...(options.boot.klibs ?? [])].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
    if (klibs.length > 0) {
      const klibDir = make();
      for (const klib of klibs) {
        const problem = nameProblem(klib.name);
        if (problem) throw new MinopsError('MANIFEST_BAD_NAME', `klib name ${JSON.stringify(klib.name)} ${problem}`, { where: { file: klib.hostPath } });
        if (klibDir.entries.has(klib.name)) throw new MinopsError('CONFIG_INVALID', `klib ${JSON.stringify(klib.name)} is listed twice`);
        klibDir.entries.set(klib.name, fileTuple(klib.hostPath));
      }
      bootChildren.entries.set('klib', make([['children', klibDir]]));
    }
    root.entries.set('boot', make([['children', bootChildren]]));
    // After rootKeys, so a passthrough `klibs` cannot point the kernel away from the klibs we ship.
    if (klibs.length > 0) root.entries.set('klibs', 'bootfs');
  }
  return root;
}

function addEntry(rootChildren: MutableTuple, entry: PlanEntry): void {
  const bad = (code: 'MANIFEST_BAD_NAME' | 'INTERNAL', message: string): never => {
    throw new MinopsError(code, `${JSON.stringify(entry.guest)}: ${message}`, { where: { file: '<plan>', entry: entry.guest } });
  };
  if (!entry.guest.startsWith('/') || entry.guest === '/') bad('INTERNAL', 'a plan entry must be an absolute path below "/"');
  const names = entry.guest.slice(1).split('/');
  for (const name of names) {
    const problem = nameProblem(name);
    if (problem) bad('MANIFEST_BAD_NAME', `the path component ${JSON.stringify(name)} ${problem}`);
  }
  const last = names.pop()!;

  let dir = rootChildren;
  for (const name of names) {
    let sub = dir.entries.get(name) as MutableTuple | undefined;
    if (!sub) {
      // The plan lists parents first; a missing one is still a directory, so make it.
      sub = make([['children', make()]]);
      dir.entries.set(name, sub);
    }
    const subChildren = sub.entries.get('children');
    if (typeof subChildren !== 'object' || subChildren.kind !== 'tuple') bad('INTERNAL', `the plan puts this under ${JSON.stringify(name)}, which is not a directory`);
    dir = subChildren as MutableTuple;
  }

  const existing = dir.entries.get(last) as MutableTuple | undefined;
  if (existing) {
    // Only an implicit parent directory can come before its own entry.
    if (entry.source.kind === 'dir' && existing.entries.has('children')) return;
    bad('INTERNAL', 'the plan lists this path twice');
  }
  const source = entry.source;
  let value: MutableTuple;
  if (source.kind === 'file') {
    value = fileTuple(source.hostPath);
    if (entry.mtime !== undefined) value.entries.set('mtime', nanosTimestamp(entry.mtime));
  } else if (source.kind === 'symlink') value = make([['linktarget', source.target]]);
  else value = make([['children', make()]]);
  dir.entries.set(last, value);
}
