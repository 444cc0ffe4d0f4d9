// A script written from lines into a fresh directory and planned under --slim imports on a rootfs:
// what the real-package tests run from the slim tree.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BundlePlan } from '../../src/bundle/bundle-plan.js';
import { planBundle } from '../../src/bundle/plan-bundle.js';

export async function planSlimScript(root: string, name: string, lines: readonly string[]): Promise<BundlePlan> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'minops-slim-script-'));
  const script = path.join(dir, name);
  writeFileSync(script, `${lines.join('\n')}\n`);
  return planBundle({ root, script, scriptArgs: [], slim: 'imports', env: [], includes: [], excludes: [], allowMissing: false, cacheDir: path.join(dir, 'cache') });
}
