// Bundle planner figures on the Debian python3 rootfs: content bytes of each plan against the
// project's goals, and how long planning takes (Python selection and bytecode included).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BundlePlan } from '../src/bundle/bundle-plan.js';
import { planBundle, type SlimLevel } from '../src/bundle/plan-bundle.js';
import { debianPythonRootfs, repoRoot } from '../test/support/debian-rootfs.js';

const contentBytes = (p: BundlePlan): number => p.entries.reduce((n, e) => n + (e.source.kind === 'file' ? e.source.size : 0), 0);
const mb = (bytes: number): number => Math.round(bytes / 1e4) / 100;

export async function bench(): Promise<Record<string, number | string>> {
  const root = debianPythonRootfs();
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'minops-bench-bundle-'));
  const plan = async (script: string, slim: SlimLevel): Promise<{ plan: BundlePlan; ms: number }> => {
    const t0 = performance.now();
    const p = await planBundle({ root, script: path.join(repoRoot, 'examples', script), scriptArgs: [], slim, env: [], includes: [], excludes: [], allowMissing: false, cacheDir });
    return { plan: p, ms: Math.round(performance.now() - t0) };
  };
  try {
    const cold = await plan('hello.py', 'imports'); // bytecode cache empty
    const warm = await plan('hello.py', 'imports');
    const mix = await plan('stdlib_mix.py', 'imports');
    const stdlib = await plan('hello.py', 'stdlib');
    const none = await plan('hello.py', 'none');
    return {
      helloImportsMB: mb(contentBytes(warm.plan)),
      helloImportsGoalMB: 11.3,
      jsonHashlibDatetimeImportsMB: mb(contentBytes(mix.plan)),
      jsonHashlibDatetimeImportsGoalMB: 16.5,
      stdlibMB: mb(contentBytes(stdlib.plan)),
      stdlibGoalMB: 36,
      noneMB: mb(contentBytes(none.plan)),
      helloFiles: warm.plan.entries.filter((e) => e.source.kind === 'file').length,
      importMethod: warm.plan.python?.method ?? '',
      planHelloColdMs: cold.ms,
      planHelloWarmMs: warm.ms,
      planJsonHashlibDatetimeMs: mix.ms,
      planStdlibMs: stdlib.ms,
      planNoneMs: none.ms,
    };
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}
