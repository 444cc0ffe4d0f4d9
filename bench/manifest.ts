// Manifest printer and parser speed on a synthetic tree the size of a full Python rootfs
// (20,000 files in 1,000 directories), as `npm run bench` figures.
import { manifestFromPlan } from '../src/manifest/from-plan.js';
import { parseManifest } from '../src/manifest/parse.js';
import { printManifest } from '../src/manifest/print.js';
import type { BundlePlan, PlanEntry } from '../src/bundle/bundle-plan.js';

function syntheticPlan(dirs: number, filesPerDir: number): BundlePlan {
  const entries: PlanEntry[] = [];
  for (let d = 0; d < dirs; d++) {
    const dir = `/usr/lib/python3.11/pkg${String(d).padStart(4, '0')}`;
    entries.push({ guest: dir, source: { kind: 'dir' }, reason: { kind: 'stdlib' } });
    for (let f = 0; f < filesPerDir; f++) {
      const guest = `${dir}/module_${f}.py`;
      entries.push({ guest, source: { kind: 'file', hostPath: `/rootfs${guest}`, size: 1000 }, reason: { kind: 'stdlib' }, mtime: 1704067200 });
    }
  }
  return { entries, program: '/usr/bin/python3', args: ['/usr/bin/python3', '/app/main.py'], env: [['PYTHONHOME', '/usr']], cwd: '/', warnings: [] };
}

const ms = (t0: bigint) => Math.round(Number(process.hrtime.bigint() - t0) / 1e5) / 10;

export async function bench(): Promise<Record<string, number | string>> {
  const plan = syntheticPlan(1000, 20);
  let t0 = process.hrtime.bigint();
  const root = manifestFromPlan(plan);
  const buildMs = ms(t0);
  t0 = process.hrtime.bigint();
  const text = printManifest(root);
  const printMs = ms(t0);
  const bytes = Buffer.from(text);
  t0 = process.hrtime.bigint();
  parseManifest(bytes);
  const parseMs = ms(t0);
  return {
    files: 20_000,
    manifestBytes: bytes.length,
    fromPlanMs: buildMs,
    printMs,
    parseMs,
    parseMBps: Math.round((bytes.length / 1e6 / (parseMs / 1000)) * 10) / 10,
  };
}
