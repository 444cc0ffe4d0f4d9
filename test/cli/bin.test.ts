// The real thing: build with the package's build config and bundler, run bin/minops.js as a user
// would.
import { cpSync, existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, test } from 'vitest';
import { repoRoot } from '../support/debian-rootfs.js';

// A private copy of the package layout (bin/, dist/, package.json), so this test neither needs nor
// clobbers the checkout's dist/ while others are building.
const pkg = mkdtempSync(join(tmpdir(), 'minops-bin-'));
const bin = join(pkg, 'bin', 'minops.js');
const minops = (args: string[], cwd = pkg) => execa('node', [bin, ...args], { cwd, reject: false, env: { NO_COLOR: '1' } });

beforeAll(async () => {
  // tsc exits non-zero when any file has a type error but still writes every file; what matters
  // here is that the CLI's own files came out.
  await execa('node', [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', join(repoRoot, 'tsconfig.build.json'), '--outDir', join(pkg, 'dist')], { reject: false });
  if (!existsSync(join(pkg, 'dist/cli/main.js'))) throw new Error('tsc did not produce dist/cli/main.js');
  // What bin/minops.js runs: the one-file build (scripts/bundle-cli.mjs), as `npm run build` makes it.
  await execa('node', [join(repoRoot, 'scripts/bundle-cli.mjs'), join(pkg, 'dist')]);
  mkdirSync(join(pkg, 'bin'));
  cpSync(join(repoRoot, 'bin/minops.js'), bin);
  cpSync(join(repoRoot, 'package.json'), join(pkg, 'package.json'));
  symlinkSync(join(repoRoot, 'node_modules'), join(pkg, 'node_modules'));
}, 300_000);

describe('bin/minops.js (built)', () => {
  test('--help lists every command and exits 0', async () => {
    const r = await minops(['--help']);
    expect(r.exitCode).toBe(0);
    for (const command of ['run', 'mkimage', 'manifest', 'rootfs', 'image', 'kernel', 'config']) expect(r.stdout).toContain(`minops ${command}`);
  });

  test('an unknown flag exits 125 with one line', async () => {
    const r = await minops(['run', 'app.py', '--bogus-flag']);
    expect(r.exitCode).toBe(125);
    expect(r.stderr.split('\n')[0]).toBe('minops: Unknown argument: bogus-flag');
  });

  test('a config with a typo exits 125 naming the key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minops-bin-app-'));
    writeFileSync(join(dir, 'config.json'), '{"Env": {}, "RunConfg": {}}');
    const r = await minops(['mkimage', 'app.py', 'app.img'], dir);
    expect(r.exitCode).toBe(125);
    expect(r.stderr.split('\n')[0]).toBe(`minops: ${join(dir, 'config.json')}:1:13: RunConfg: unknown key; did you mean "RunConfig"?`);
  });

  test('config schema prints JSON', async () => {
    const r = await minops(['config', 'schema']);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ title: 'minops config.json', type: 'object' });
  });
});
