// Python's selection → rootfs paths to keep, plus entries for files that are not in the rootfs
// (the script's sibling modules, which live beside the script on the host).
import { statSync } from 'node:fs';
import path from 'node:path';
import type { ModuleFile } from '../python/module-selection.js';
import type { PlanEntry } from './bundle-plan.js';
import type { KeptPath } from './plan-facts.js';

export interface PythonKept {
  readonly kept: (KeptPath & { readonly extension: boolean })[];
  readonly added: PlanEntry[];
}

export function pythonKept(files: readonly ModuleFile[], root: string): PythonKept {
  const kept: (KeptPath & { extension: boolean })[] = [];
  const added: PlanEntry[] = [];
  for (const f of files) {
    if (f.host === path.join(root, f.guest)) kept.push({ guest: f.guest, reason: f.reason, extension: f.kind === 'extension' });
    else added.push({ guest: f.guest, source: { kind: 'file', hostPath: f.host, size: statSync(f.host).size }, reason: f.reason });
  }
  return { kept, added };
}
