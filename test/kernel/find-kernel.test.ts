import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { findKernel, listKernels, tryFindKernel } from '../../src/kernel/find-kernel.js';
import { compareVersions } from '../../src/kernel/compare-versions.js';

/** A sandbox with its own cwd, home and environment; nothing of the real machine is seen. */
function sandbox() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'minops-kernels-'));
  const cwd = path.join(root, 'project');
  const home = path.join(root, 'home');
  mkdirSync(cwd, { recursive: true });
  mkdirSync(home, { recursive: true });
  const env: NodeJS.ProcessEnv = {};
  return { root, cwd, home, env, opts: (more: object = {}) => ({ cwd, home, env, ...more }) };
}

function kernelDir(dir: string, { klibs = false } = {}): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'kernel.img'), 'k');
  writeFileSync(path.join(dir, 'boot.img'), 'b');
  if (klibs) mkdirSync(path.join(dir, 'klibs'));
  return dir;
}

describe('findKernel', () => {
  test('nothing anywhere: KERNEL_MISSING listing every place searched and how to get one', () => {
    const s = sandbox();
    expect(() => findKernel(s.opts())).toThrow(
      expect.objectContaining({
        code: 'KERNEL_MISSING',
        message: [
          'no Nanos kernel found; looked in:',
          '  --kernel-dir: not given',
          '  MINOPS_KERNEL_DIR: not given',
          `  ./kernels/<version>/ (${s.cwd}/kernels): no such directory`,
          `  ~/.ops/<version>/ (ops's kernels) (${s.home}/.ops): no such directory`,
          `  a Nanos build tree in the current directory (${s.cwd}): not a Nanos build tree`,
          `  ~/.cache/minops/kernels/<version>/ (minops kernel fetch) (${s.home}/.cache/minops/kernels): no such directory`,
        ].join('\n'),
        hint: expect.stringContaining('minops kernel fetch'),
      }),
    );
    expect(tryFindKernel(s.opts())).toBeUndefined();
  });

  test('the order is --kernel-dir, MINOPS_KERNEL_DIR, ./kernels, ~/.ops, build tree, cache', () => {
    const s = sandbox();
    const cache = kernelDir(path.join(s.home, '.cache/minops/kernels/0.1.50'));
    expect(findKernel(s.opts())).toMatchObject({ source: 'cache', version: '0.1.50', dir: cache });

    kernelDir(path.join(s.cwd, 'output/platform/pc/bin'));
    mkdirSync(path.join(s.cwd, 'output/platform/pc/boot'));
    writeFileSync(path.join(s.cwd, 'output/platform/pc/boot/boot.img'), 'b');
    writeFileSync(path.join(s.cwd, 'output/platform/pc/gitversion.c'), 'const sstring gitversion = ss_static_init("b9c3671d9b95cdab590e223b3b01a8f18c09483c");\n');
    expect(findKernel(s.opts())).toMatchObject({
      source: 'build-tree',
      version: 'build-b9c3671d9b95',
      kernelImg: path.join(s.cwd, 'output/platform/pc/bin/kernel.img'),
      bootImg: path.join(s.cwd, 'output/platform/pc/boot/boot.img'),
    });

    kernelDir(path.join(s.home, '.ops/0.1.52'), { klibs: true });
    expect(findKernel(s.opts())).toMatchObject({ source: 'ops', version: '0.1.52', klibDir: path.join(s.home, '.ops/0.1.52/klibs') });

    kernelDir(path.join(s.cwd, 'kernels/0.1.53'));
    expect(findKernel(s.opts())).toMatchObject({ source: 'project', version: '0.1.53' });

    s.env.MINOPS_KERNEL_DIR = kernelDir(path.join(s.root, 'env-kernel'));
    expect(findKernel(s.opts())).toMatchObject({ source: 'env', dir: path.join(s.root, 'env-kernel') });

    const flag = kernelDir(path.join(s.root, 'flag kernel'));
    expect(findKernel(s.opts({ kernelDir: flag }))).toMatchObject({
      source: 'kernel-dir',
      kernelImg: path.join(flag, 'kernel.img'),
      bootImg: path.join(flag, 'boot.img'),
    });
    expect(findKernel(s.opts({ kernelDir: flag })).klibDir).toBeUndefined();
  });

  test('versioned places pick the newest release, releases before names like ops\'s nightly', () => {
    const s = sandbox();
    for (const v of ['0.1.9', '0.1.10', 'nightly', '0.1.55-27-gb9c3671d', '0.1.55']) kernelDir(path.join(s.home, '.ops', v));
    mkdirSync(path.join(s.home, '.ops/images')); // ops keeps other things there too
    expect(findKernel(s.opts()).version).toBe('0.1.55-27-gb9c3671d');
    expect(listKernels(s.opts()).find((r) => r.place.source === 'ops')?.kernels.map((k) => k.version)).toEqual([
      '0.1.55-27-gb9c3671d',
      '0.1.55',
      '0.1.10',
      '0.1.9',
      'nightly',
    ]);
  });

  test('a wanted version is taken only where it exists, and its absence is named', () => {
    const s = sandbox();
    kernelDir(path.join(s.home, '.ops/0.1.52'));
    kernelDir(path.join(s.home, '.cache/minops/kernels/0.1.50'));
    expect(findKernel(s.opts({ version: '0.1.50' }))).toMatchObject({ source: 'cache', version: '0.1.50' });
    expect(() => findKernel(s.opts({ version: '0.1.99' }))).toThrow(/^no Nanos kernel 0\.1\.99 found;[^]*\.ops\): no 0\.1\.99\/ with kernel\.img and boot\.img/);
  });

  test('--kernel-dir may also be a build tree or a directory of versions; a missing one says so', () => {
    const s = sandbox();
    const versions = path.join(s.root, 'kernels-local');
    kernelDir(path.join(versions, '0.1.55-27-gb9c3671d'));
    expect(findKernel(s.opts({ kernelDir: versions }))).toMatchObject({ source: 'kernel-dir', version: '0.1.55-27-gb9c3671d' });
    expect(() => findKernel(s.opts({ kernelDir: path.join(s.root, 'typo') }))).toThrow(/--kernel-dir \(.*typo\): no such directory/);
  });

  test('a directory with kernel.img but no boot.img is not a kernel', () => {
    const s = sandbox();
    const dir = path.join(s.cwd, 'kernels/0.1.55');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'kernel.img'), 'k');
    expect(() => findKernel(s.opts())).toThrow(/\.\/kernels\/<version>\/ \(.*\): no kernel\.img and boot\.img/);
  });
});

describe('compareVersions', () => {
  test('numbers compare as numbers; a release sorts before commits after it', () => {
    expect(['0.1.10', '0.1.9', '0.1.55-27-gb9c3671d', '0.1.55', '0.2'].sort(compareVersions)).toEqual([
      '0.1.9',
      '0.1.10',
      '0.1.55',
      '0.1.55-27-gb9c3671d',
      '0.2',
    ]);
  });
});
