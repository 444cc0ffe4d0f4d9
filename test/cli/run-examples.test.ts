// `minops run` end to end: the examples booted on the real Nanos kernel under QEMU, with the
// Debian python rootfs. Skipped, saying where a kernel was looked for, when there is none.
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { debianPythonRootfs, repoRoot } from '../support/debian-rootfs.js';
import { describeWith } from '../support/needs.js';
import { kernel, needKernel, needQemu } from '../support/machine-needs.js';

const cache = mkdtempSync(path.join(tmpdir(), 'minops-run-cache-'));
const examples = path.join(repoRoot, 'examples');

function minops(args: string[], o: { cwd?: string; env?: Record<string, string> } = {}) {
  return execa('node', ['--import', tsxLoader, path.join(repoRoot, 'test/support/minops-cli.ts'), ...args], {
    cwd: o.cwd ?? examples,
    reject: false,
    env: { MINOPS_CACHE: cache, MINOPS_KERNEL_DIR: kernel?.dir ?? '', ...o.env },
    timeout: 240_000,
  });
}

// `--import tsx` would be looked up from the test's cwd; name the loader itself.
const tsxLoader = pathToFileURL(path.join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href;
const rootfs = () => `dir:${debianPythonRootfs()}`;

describeWith([needKernel, needQemu], 'minops run on the real kernel', () => {
  test('hello.py prints its greeting and exits 0', async () => {
    const r = await minops(['run', 'hello.py', '--rootfs', rootfs(), '--quiet-kernel']);
    expect(r.stdout).toContain('Hello from Python inside a Nanos unikernel!');
    expect(r.stdout).not.toMatch(/^\[\d+\.\d+\] /m); // --quiet-kernel dropped the kernel's own lines
    expect(r.exitCode).toBe(0);
  });

  test('exit.py exits 3, and says that only 7 bits of a status come back', async () => {
    const r = await minops(['run', 'exit.py', '--rootfs', rootfs()]);
    expect(r.stdout).toContain('exiting with status 3');
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('could also be 131');
  });

  test('an uncaught exception: the traceback, and status 1', async () => {
    const r = await minops(['run', 'uncaught.py', '--rootfs', rootfs(), '--quiet-kernel']);
    expect(r.stdout).toContain('ZeroDivisionError: division by zero');
    expect(r.stdout).toContain('File "/app/uncaught.py", line 3, in divide');
    expect(r.exitCode).toBe(1);
  });

  test('arguments after -- reach the script, after config Args', async () => {
    const r = await minops(['run', 'args.py', '--rootfs', rootfs(), '--quiet-kernel', '--', 'one', 'two words', '--flag=x']);
    expect(r.stdout).toContain('3 argument(s)\n1: one\n2: two words\n3: --flag=x');
    expect(r.exitCode).toBe(0);
  });

  test('the seed script: config.json Args, Env and ManifestPassthrough, all six checks pass', async () => {
    const r = await minops(['run', 'test.py', '--rootfs', rootfs(), '--quiet-kernel', '--', 'extra'], { cwd: path.join(examples, 'seed') });
    const checks = r.stdout.split('\n').filter((l) => /^(PASS|FAIL) /.test(l));
    expect(checks).toHaveLength(6);
    expect(checks.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(r.stdout).toContain("args: ['--from-config', 'extra']");
    expect(r.exitCode).toBe(0);
  });

  test('json + hashlib + datetime: the same digest as on the host', async () => {
    const r = await minops(['run', 'stdlib_mix.py', '--rootfs', rootfs(), '--quiet-kernel']);
    const doc = '{"name": "minops", "when": "2024-01-01T12:00:00"}';
    expect(r.stdout).toContain(`sha256 ${createHash('sha256').update(doc).digest('hex')}`);
    expect(r.stdout).toContain('days 60');
    expect(r.exitCode).toBe(0);
  });

  test('site-packages with a C extension and its own shared library (PyYAML, libyaml)', async () => {
    const r = await minops(['run', 'yaml/parse.py', '--rootfs', rootfs(), '--quiet-kernel']);
    expect(r.stdout).toContain('minops with rootfs, elf, python');
    expect(r.stdout).toContain('libyaml True');
    expect(r.exitCode).toBe(0);
  });

  test('--trace-missing lists what the guest looked for, and where the rootfs has it', async () => {
    const r = await minops(['run', 'hello.py', '--rootfs', rootfs(), '--quiet-kernel', '--trace-missing']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/the guest looked for \d+ file\(s\) that are not in the image/);
    expect(r.stderr).toContain('LC_CTYPE   (the rootfs has /usr/lib/locale/C.utf8/LC_CTYPE: add it to Minops.Include)');
  });

  test('--timeout stops a script that never ends: exit 124 and no QEMU left behind', async () => {
    const r = await minops(['run', 'loop.py', '--rootfs', rootfs(), '--timeout', '6']);
    expect(r.exitCode).toBe(124);
    expect(r.stderr).toContain('--timeout 6');
    const left = await execa('pgrep', ['-f', `${cache}/images/`], { reject: false });
    expect(left.stdout).toBe('');
  });

  test('mkimage writes an image whose printed qemu line boots it', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'minops-mkimage-')), 'hello image.img');
    const r = await minops(['mkimage', 'hello.py', out, '--rootfs', rootfs(), '--accel', 'tcg']);
    expect(r.exitCode).toBe(0);
    const line = r.stdout.trim();
    expect(line).toMatch(/^qemu-system-x86_64 -machine q35 -accel tcg /);
    expect(line).toContain(`'if=none,id=hd0,format=raw,file=${out}'`); // quoted: the path has a space
    const boot = await execa('sh', ['-c', line], { reject: false, timeout: 120_000 });
    expect(boot.stdout).toContain('Hello from Python inside a Nanos unikernel!');
    expect(boot.exitCode).toBe(1); // (0 << 1) | 1: isa-debug-exit
  });
});

describe('minops run without a kernel', () => {
  test('exits 125 listing every place searched and how to get one', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'minops-nokernel-'));
    const r = await minops(['run', path.join(examples, 'hello.py'), '--rootfs', 'host'], {
      cwd: empty,
      env: { HOME: empty, MINOPS_CACHE: path.join(empty, 'cache'), MINOPS_KERNEL_DIR: '', MINOPS_RELEASE_URL: 'http://127.0.0.1:9/' },
    });
    expect(r.exitCode).toBe(125);
    expect(r.stderr).toContain('no Nanos kernel found');
    for (const place of ['--kernel-dir', 'MINOPS_KERNEL_DIR', '~/.ops']) expect(r.stderr).toContain(place);
    expect(r.stderr).toContain('minops kernel fetch');
  });
});

describe('bad input is one clear line and exit 125', () => {
  test('a script that does not exist', async () => {
    const r = await minops(['run', 'no-such-script.py', '--rootfs', 'host']);
    expect(r.exitCode).toBe(125);
    expect(r.stderr.split('\n')[0]).toBe('minops: no-such-script.py: no such file');
  });
});
