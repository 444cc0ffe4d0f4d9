import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { kernelFetchCommand } from '../../src/cli/commands/kernel-fetch.js';
import { kernelLsCommand } from '../../src/cli/commands/kernel-ls.js';
import type { CliIo } from '../../src/cli/io.js';

function io(json = false) {
  const seen = { out: '', err: '' };
  const cli: CliIo = { out: (t) => (seen.out += t), err: (t) => (seen.err += t), onEvent: () => {}, verbose: false, json };
  return { cli, seen };
}

describe('minops kernel ls', () => {
  test('lists the kernels of --kernel-dir, the first marked as the default', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'minops-ls-'));
    for (const v of ['0.1.54', '0.1.55']) {
      mkdirSync(path.join(dir, v));
      writeFileSync(path.join(dir, v, 'kernel.img'), 'k');
      writeFileSync(path.join(dir, v, 'boot.img'), 'b');
    }
    const { cli, seen } = io();
    expect(await kernelLsCommand({ kernelDir: dir }, cli)).toBe(0);
    const lines = seen.out.split('\n');
    expect(lines[0]).toMatch(/^ {3}VERSION +SOURCE +DIRECTORY$/);
    // Kernels of this machine's other places may follow; the --kernel-dir ones come first.
    expect(lines[1]?.split(/ {2,}/)).toEqual(['*', '0.1.55', 'kernel-dir', `${dir}/0.1.55`]);
    expect(lines[2]?.trim().split(/ {2,}/)).toEqual(['0.1.54', 'kernel-dir', `${dir}/0.1.54`]);
    expect(lines.at(-2)).toBe('* = used by default');
  });

  test('--json gives the kernels and every place searched', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'minops-ls-empty-'));
    const { cli, seen } = io(true);
    await kernelLsCommand({ kernelDir: dir }, cli);
    const parsed = JSON.parse(seen.out) as { searched: { source: string; problem?: string }[] };
    expect(parsed.searched.map((s) => s.source)).toEqual(['kernel-dir', 'env', 'project', 'ops', 'build-tree', 'cache']);
    expect(parsed.searched[0]).toMatchObject({ dir, problem: 'no kernel.img and boot.img' });
  });
});

describe('minops kernel fetch', () => {
  test('no server reachable: DOWNLOAD_FAILED naming the URL (nothing listens on port 9)', async () => {
    const prev = process.env.MINOPS_RELEASE_URL;
    process.env.MINOPS_RELEASE_URL = 'http://127.0.0.1:9/nanos/release';
    try {
      const { cli } = io();
      const dir = mkdtempSync(path.join(os.tmpdir(), 'minops-fetch-cli-'));
      await expect(kernelFetchCommand({ version: '0.1.55', kernelDir: dir }, cli)).rejects.toMatchObject({
        code: 'DOWNLOAD_FAILED',
        message: expect.stringContaining('download of http://127.0.0.1:9/nanos/release/0.1.55/nanos-release-linux-0.1.55.tar.gz failed'),
      });
    } finally {
      if (prev === undefined) delete process.env.MINOPS_RELEASE_URL;
      else process.env.MINOPS_RELEASE_URL = prev;
    }
  });
});

describe('ensureKernel (what run uses)', () => {
  test('no kernel and no network: KERNEL_MISSING listing the places and the failed fetch', async () => {
    const { ensureKernel } = await import('../../src/kernel/ensure-kernel.js');
    const root = mkdtempSync(path.join(os.tmpdir(), 'minops-ensure-'));
    const notices: string[] = [];
    const ensuring = ensureKernel({
      cwd: root,
      home: root,
      env: {},
      onEvent: (e) => e.kind === 'notice' && notices.push(e.message),
      fetch: { baseUrl: 'http://127.0.0.1:9/nanos/release/', cacheDir: path.join(root, 'cache') },
    });
    await expect(ensuring).rejects.toMatchObject({
      code: 'KERNEL_MISSING',
      message: expect.stringMatching(/^no Nanos kernel found, and fetching one failed; looked in:\n {2}--kernel-dir: not given\n[^]*\nfetch: download of http:\/\/127\.0\.0\.1:9\/nanos\/release\/latest\.txt failed/),
      hint: expect.stringContaining('minops kernel fetch'),
    });
    expect(notices).toEqual(['no Nanos kernel found; fetching the latest Nanos release (once; later runs use the cached copy)']);
  });
});
