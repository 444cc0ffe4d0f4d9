// Image sizes on the default rootfs (Dockerfile.rootfs: python:3.10.18-slim-bookworm, built by
// podman from the base loaded out of ../shared/images), each also as a ratio to the floor: the
// bytes every Python program needs before its first import, i.e. the interpreter and its ELF
// closure (libpython, the loader, libc, libm) plus what glibc loads on its own (libgcc_s).
// Goals: hello ≤ 1.1 × the floor; --slim stdlib ≤ 36 MB.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BundlePlan, PlanEntry } from '../src/bundle/bundle-plan.js';
import { planBundle, type SlimLevel } from '../src/bundle/plan-bundle.js';
import { defaultDockerfile } from '../src/rootfs/default-dockerfile.js';
import { pullRootfs } from '../src/rootfs/pull-rootfs.js';
import { repoRoot, testCacheDir } from '../test/support/debian-rootfs.js';
import { ensurePythonImage } from '../test/support/python-image.js';

const fileBytes = (entries: readonly PlanEntry[]): number => entries.reduce((n, e) => n + (e.source.kind === 'file' ? e.source.size : 0), 0);
const mb = (bytes: number): number => Math.round(bytes / 1e4) / 100;
const ratio = (a: number, b: number): number => Math.round((a / b) * 1000) / 1000;

/** The interpreter's own ELF closure in a plan: what any script needs whatever it imports. */
function floorEntries(plan: BundlePlan): PlanEntry[] {
  return plan.entries.filter((e) => {
    const r = e.reason;
    if (r.kind === 'interpreter' || r.kind === 'implicit') return true;
    if (r.kind === 'loader') return r.by === plan.program;
    return r.kind === 'needed' && r.chain[0] === plan.program;
  });
}

export async function bench(): Promise<Record<string, unknown>> {
  ensurePythonImage();
  // Keyed by image ID: kept between runs, so only the first bench exports the image.
  const rootfs = await pullRootfs({ kind: 'dockerfile', path: defaultDockerfile(repoRoot) }, { cacheDir: path.join(testCacheDir, 'default-rootfs'), engine: 'podman' });
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'minops-bench-default-'));
  const plan = (script: string, slim: SlimLevel): Promise<BundlePlan> =>
    planBundle({ root: rootfs.root, script: path.join(repoRoot, 'examples', script), scriptArgs: [], slim, env: [], includes: [], excludes: [], allowMissing: false, cacheDir });
  try {
    const hello = await plan('hello.py', 'imports');
    const mix = await plan('stdlib_mix.py', 'imports');
    const stdlib = await plan('hello.py', 'stdlib');
    const floorParts = floorEntries(hello);
    const floor = fileBytes(floorParts);
    const sizes = { hello: fileBytes(hello.entries), jsonHashlibDatetime: fileBytes(mix.entries), stdlib: fileBytes(stdlib.entries) };
    return {
      rootfs: `${rootfs.record.source} (${rootfs.record.imageId ?? rootfs.record.id}), python ${rootfs.record.python?.version ?? '?'}`,
      floorMB: mb(floor),
      floorFiles: Object.fromEntries(floorParts.filter((e) => e.source.kind === 'file').map((e) => [e.guest, mb(e.source.kind === 'file' ? e.source.size : 0)])),
      helloMB: mb(sizes.hello),
      helloToFloor: ratio(sizes.hello, floor),
      helloToFloorGoal: 1.1,
      jsonHashlibDatetimeMB: mb(sizes.jsonHashlibDatetime),
      jsonHashlibDatetimeToFloor: ratio(sizes.jsonHashlibDatetime, floor),
      stdlibMB: mb(sizes.stdlib),
      stdlibToFloor: ratio(sizes.stdlib, floor),
      stdlibGoalMB: 36,
      helloFiles: hello.entries.filter((e) => e.source.kind === 'file').length,
    };
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}
