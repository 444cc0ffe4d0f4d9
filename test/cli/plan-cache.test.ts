import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { BundlePlan } from '../../src/bundle/bundle-plan.js';
import type { PlanBundleInput } from '../../src/bundle/plan-bundle.js';
import { loadCachedPlan, planCacheKey, storePlan } from '../../src/cli/plan-cache.js';

const dir = mkdtempSync(path.join(tmpdir(), 'minops-plan-cache-'));
const script = path.join(dir, 'app.py');
const helper = path.join(dir, 'helper.py');
writeFileSync(script, 'import helper\n');
writeFileSync(helper, 'X = 1\n');

const input: PlanBundleInput = { root: '/', script, scriptArgs: [], slim: 'imports', env: [], includes: [], excludes: [], allowMissing: false, cacheDir: dir };
const plan: BundlePlan = {
  entries: [
    { guest: '/app', source: { kind: 'dir' }, reason: { kind: 'parent' } },
    { guest: '/app/helper.py', source: { kind: 'file', hostPath: helper, size: 6 }, reason: { kind: 'user', detail: 'module helper' } },
  ],
  program: '/usr/bin/python3',
  args: ['/usr/bin/python3', '/app/app.py'],
  env: [],
  cwd: '/app',
  warnings: [],
};

describe('plan cache', () => {
  test('a stored plan comes back while its files are unchanged, and not after one changed', () => {
    const key = planCacheKey(input, 'rootfs-a');
    expect(loadCachedPlan(dir, key, [])).toEqual({ kind: 'miss' });
    storePlan(dir, key, plan, []);
    expect(loadCachedPlan(dir, key, [])).toEqual({ kind: 'hit', plan });
    writeFileSync(helper, 'X = 22\n');
    expect(loadCachedPlan(dir, key, [])).toEqual({ kind: 'miss' });
  });

  test('another argument list reuses the plan: only the end of argv changes', () => {
    const withArgs = { ...plan, args: [...plan.args, 'a', 'b'] };
    const key = planCacheKey({ ...input, scriptArgs: ['a', 'b'] }, 'rootfs-args');
    expect(planCacheKey({ ...input, scriptArgs: ['other'] }, 'rootfs-args')).toBe(key);
    storePlan(dir, key, withArgs, ['a', 'b']);
    const again = loadCachedPlan(dir, key, ['x']);
    expect(again).toEqual({ kind: 'hit', plan: { ...plan, args: [...plan.args, 'x'] } });
  });

  test('a plan file cut short or with a byte changed is reported damaged, not used', () => {
    const key = planCacheKey(input, 'rootfs-damage');
    const file = path.join(dir, `${key}.json`);
    storePlan(dir, key, plan, []);
    const whole = readFileSync(file);
    truncateSync(file, whole.length - 10);
    expect(loadCachedPlan(dir, key, [])).toMatchObject({ kind: 'damaged' });
    const flipped = Buffer.from(whole);
    const at = flipped.indexOf('/usr/bin/python3');
    flipped[at + 5] = flipped[at + 5]! ^ 0x01; // still valid JSON, another path
    writeFileSync(file, flipped);
    expect(loadCachedPlan(dir, key, [])).toEqual({ kind: 'damaged', why: 'its digest does not match its bytes' });
  });

  test('the key changes with the script, the rootfs and the planner input', () => {
    const key = planCacheKey(input, 'rootfs-a');
    expect(planCacheKey(input, 'rootfs-b')).not.toBe(key);
    expect(planCacheKey({ ...input, slim: 'stdlib' }, 'rootfs-a')).not.toBe(key);
    writeFileSync(script, 'import helper\nprint(helper.X)\n');
    expect(planCacheKey(input, 'rootfs-a')).not.toBe(key);
  });
});
