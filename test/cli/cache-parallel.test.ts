// Five minops at once on one cache, round after round: the same script twice, another script, a
// `rootfs pull` and a `rootfs prune` racing on the same rootfs. Every run boots and passes, and
// after each round every entry left in the cache is whole (its seal or digest checks) and no
// temporary path is left.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { loadCachedPlan } from '../../src/cli/plan-cache.js';
import { checkFileSeal, type FileSeal } from '../../src/file-seal.js';
import { cachedTreeDamage } from '../../src/rootfs/rootfs-cache.js';
import { debianPythonOci } from '../support/debian-oci.js';
import { debianPythonRootfs } from '../support/debian-rootfs.js';
import { describeWith } from '../support/needs.js';
import { kernel, needKernel, needQemu } from '../support/machine-needs.js';
import { runMinops } from '../support/run-minops.js';

const ROUNDS = 2;
const top = mkdtempSync(path.join(os.tmpdir(), 'minops-parallel-'));
const cache = path.join(top, 'cache');
const app = path.join(top, 'app');
mkdirSync(app);
writeFileSync(path.join(app, 'a.py'), 'import json\nprint("a", json.dumps([1]))\n');
writeFileSync(path.join(app, 'b.py'), 'import hashlib\nprint("b", hashlib.sha256(b"x").hexdigest()[:8])\n');
afterAll(() => rmSync(top, { recursive: true, force: true }));

const list = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).map((n) => path.join(dir, n)) : []);

/** Whatever in the cache is not whole, or is a temporary left behind. */
function problems(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const e of existsSync(dir) ? readdirSync(dir, { withFileTypes: true }) : []) {
      const p = path.join(dir, e.name);
      if (/\.tmp-/.test(e.name)) found.push(`temporary: ${p}`);
      // Rootfs trees are checked below, by their seals.
      else if (e.isDirectory() && e.name !== 'tree') walk(p);
    }
  };
  walk(cache);
  for (const entry of list(path.join(cache, 'images'))) {
    const record = JSON.parse(readFileSync(path.join(entry, 'entry.json'), 'utf8')) as { seal: FileSeal };
    const check = checkFileSeal(path.join(entry, 'disk.img'), record.seal);
    if (!check.ok) found.push(`image ${entry}: ${check.why}`);
  }
  for (const plan of list(path.join(cache, 'bundle/plans'))) {
    const r = loadCachedPlan(path.dirname(plan), path.basename(plan, '.json'), []);
    if (r.kind === 'damaged') found.push(`plan ${plan}: ${r.why}`);
  }
  for (const sub of list(path.join(cache, 'bundle/pyc'))) {
    for (const pyc of list(sub).filter((p) => p.endsWith('.pyc'))) {
      if (!existsSync(`${pyc}.seal`)) continue;
      const check = checkFileSeal(pyc, JSON.parse(readFileSync(`${pyc}.seal`, 'utf8')) as FileSeal);
      if (!check.ok) found.push(`bytecode ${pyc}: ${check.why}`);
    }
  }
  for (const entry of list(path.join(cache, 'rootfs'))) {
    if (path.basename(entry).startsWith('.')) continue;
    const why = cachedTreeDamage(path.join(entry, 'tree'));
    if (why) found.push(`rootfs ${entry}: ${why}`);
  }
  return found;
}

describeWith([needKernel, needQemu], 'several minops on one cache', () => {
  test(`${ROUNDS} rounds of 5 at once: runs pass, pull and prune race, nothing in the cache is broken`, async () => {
    const env = { MINOPS_CACHE: cache, MINOPS_KERNEL_DIR: kernel!.dir };
    const rootfs = `dir:${debianPythonRootfs()}`;
    const oci = `oci:${debianPythonOci()}`;
    const run = (script: string) => runMinops(['run', script, '--rootfs', rootfs, '--quiet-kernel'], { cwd: app, env });
    for (let round = 0; round < ROUNDS; round++) {
      const [a1, a2, other, pull, prune] = await Promise.all([
        run('a.py'),
        run('a.py'),
        run(round % 2 === 0 ? 'b.py' : 'a.py'),
        runMinops(['rootfs', 'pull', oci], { cwd: app, env }),
        // Started a moment later, so that it lands while the pull extracts or checks the tree.
        new Promise((r) => setTimeout(r, 300 + round * 700)).then(() => runMinops(['rootfs', 'prune'], { cwd: app, env })),
      ]);
      for (const r of [a1, a2]) expect([r.exitCode, r.stdout]).toEqual([0, 'a [1]']);
      expect([other.exitCode, other.stdout]).toEqual([0, round % 2 === 0 ? 'b 2d711642' : 'a [1]']);
      expect(pull.exitCode).toBe(0);
      expect(pull.stdout).toMatch(/\/rootfs\/\w+\/tree$/);
      expect(prune.exitCode).toBe(0);
      expect(problems()).toEqual([]);
    }
  }, 900_000);
});
