// `minops run` end to end on the real Nanos kernel under QEMU. The main path is the one a user
// gets with no --rootfs flag: Dockerfile.rootfs (Python 3.10, the official image's layout) built
// by podman from a base already in its storage (nothing is pulled), exported once into this
// file's cache, slimmed and booted. A short part on Debian's Python 3.11 (a dir: tree) shows
// that nothing depends on the minor version.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, test } from 'vitest';
import { debianPythonRootfs, repoRoot } from '../support/debian-rootfs.js';
import { describeWith } from '../support/needs.js';
import { kernel, needKernel, needQemu } from '../support/machine-needs.js';
import { defaultRootfsNeeds, ensurePythonImage } from '../support/python-image.js';
import { runMinops } from '../support/run-minops.js';

// One cache for the whole file: the default rootfs is built and exported once.
const cache = mkdtempSync(path.join(tmpdir(), 'minops-run-cache-'));
const examples = path.join(repoRoot, 'examples');

const minops = (args: string[], o: { cwd?: string; env?: Record<string, string> } = {}) =>
  runMinops(args, { cwd: o.cwd ?? examples, env: { MINOPS_CACHE: cache, MINOPS_KERNEL_DIR: kernel?.dir ?? '', MINOPS_ENGINE: 'podman', ...o.env } });

const BUILT = 'minops: rootfs: dockerfile:Dockerfile.rootfs built with podman';
const mixDigest = createHash('sha256').update('{"name": "minops", "when": "2024-01-01T12:00:00"}').digest('hex');

describeWith([needKernel, needQemu, ...defaultRootfsNeeds], 'the examples on the default rootfs (Python 3.10 from Dockerfile.rootfs, no --rootfs)', () => {
  let baseId = '';
  beforeAll(() => {
    baseId = ensurePythonImage();
  });

  test('hello.py: Dockerfile.rootfs is built from the local base (no pull), exported under its image ID, booted on microvm', async () => {
    const r = await minops(['run', 'hello.py', '--quiet-kernel', '--verbose']);
    expect(r.stderr).toMatch(/^\+ \S*qemu-system-x86_64 -machine microvm,/m);
    expect(r.stdout).toContain('Hello from Python inside a Nanos unikernel!');
    expect(r.stdout).not.toMatch(/^\[\d+\.\d+\] /m); // --quiet-kernel dropped the kernel's own lines
    expect(r.stderr).toContain(BUILT);
    expect(r.exitCode).toBe(0);
    // Dockerfile.rootfs is only its FROM line: the built image is the loaded base itself. A pulled
    // image (the registry's python:3.10.18-slim-bookworm) would have another ID.
    // (builds.json beside it remembers the build's image ID for the next run.)
    expect(readdirSync(path.join(cache, 'rootfs')).filter((n) => n !== 'builds.json')).toEqual([baseId.slice('sha256:'.length)]);
  });

  test('the seed script on Python 3.10: config.json Args, Env and ManifestPassthrough, all six checks pass', async () => {
    const r = await minops(['run', 'test.py', '--quiet-kernel', '--', 'extra'], { cwd: path.join(examples, 'seed') });
    const checks = r.stdout.split('\n').filter((l) => /^(PASS|FAIL) /.test(l));
    expect(checks).toHaveLength(6);
    expect(checks.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(checks[0]).toBe('PASS print and interpreter: /usr/local/bin/python3.10 3.10.18');
    expect(r.stdout).toContain("args: ['--from-config', 'extra']");
    expect(r.exitCode).toBe(0);
  });

  test('exit.py exits 3, and says that only 7 bits of a status come back', async () => {
    const r = await minops(['run', 'exit.py']);
    expect(r.stdout).toContain('exiting with status 3');
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('could also be 131');
  });

  test('an uncaught exception: the traceback, and status 1', async () => {
    const r = await minops(['run', 'uncaught.py', '--quiet-kernel']);
    expect(r.stdout).toContain('ZeroDivisionError: division by zero');
    expect(r.stdout).toContain('File "/app/uncaught.py", line 3, in divide');
    expect(r.exitCode).toBe(1);
  });

  test('arguments after -- reach the script, after config Args', async () => {
    const r = await minops(['run', 'args.py', '--quiet-kernel', '--', 'one', 'two words', '--flag=x']);
    expect(r.stdout).toContain('3 argument(s)\n1: one\n2: two words\n3: --flag=x');
    expect(r.exitCode).toBe(0);
  });

  test('json + hashlib + datetime: the same digest as on the host (OpenSSL from the rootfs)', async () => {
    const r = await minops(['run', 'stdlib_mix.py', '--quiet-kernel']);
    expect(r.stdout).toContain(`sha256 ${mixDigest}`);
    expect(r.stdout).toContain('days 60');
    expect(r.exitCode).toBe(0);
  });

  test('--trace-missing lists the full paths the guest failed to open, noise left out (test/cli/probe-run.test.ts has more)', async () => {
    const r = await minops(['run', 'hello.py', '--quiet-kernel', '--trace-missing']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/^minops: the guest (failed to open \d+ path\(s\) that are not in the image:|found every file it opened)$/m);
    expect(r.stderr).not.toMatch(/LC_CTYPE|pyvenv\.cfg|__pycache__/); // kept by a rule / noise
  });

  test('--timeout stops a script that never ends: exit 124 and no QEMU left behind', async () => {
    const r = await minops(['run', 'loop.py', '--timeout', '6']);
    expect(r.exitCode).toBe(124);
    expect(r.stderr).toContain('--timeout 6');
    // A run's QEMU holds the cached image open as its fd 4 (the overlay's backing file).
    expect(qemuPidsHolding(`${cache}/images/`)).toEqual([]);
  });

  test('mkimage writes an image whose printed qemu line boots it', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'minops-mkimage-')), 'hello image.img');
    const r = await minops(['mkimage', 'hello.py', out, '--accel', 'tcg']);
    expect(r.exitCode).toBe(0);
    const line = r.stdout.trim();
    // The same machine `run` boots by default: microvm, the kernel handed over directly.
    expect(line).toMatch(/^qemu-system-x86_64 -machine microvm,rtc=on,ioapic2=off -kernel \S+ -global virtio-mmio.force-legacy=false -accel tcg /);
    expect(line).toContain(`'if=none,id=hd0,format=raw,file=${out}'`); // quoted: the path has a space
    const boot = await execa('sh', ['-c', line], { reject: false, timeout: 120_000 });
    expect(boot.stdout).toContain('Hello from Python inside a Nanos unikernel!');
    expect(boot.exitCode).toBe(1); // (0 << 1) | 1: isa-debug-exit
  });

  test('yaml: its own Dockerfile (FROM the same local base, python3-yaml from Debian apt), PyYAML with libyaml', async () => {
    // As the README runs it, from the repository root with the example's config.json.
    const r = await minops(['run', 'examples/yaml/parse.py', '-c', 'examples/yaml/config.json', '--quiet-kernel', '--verbose'], { cwd: repoRoot });
    expect(r.stderr).toMatch(/^\+ podman .*build .*-f \S*examples\/yaml\/Dockerfile /m);
    expect(r.stdout).toContain('minops with rootfs, elf, python');
    expect(r.stdout).toContain('libyaml True');
    expect(r.exitCode).toBe(0);
  });

  test('every example again on q35 (the machine the tests above did not boot: they took the default, microvm)', { timeout: 600_000 }, async () => {
    const seed = path.join(examples, 'seed');
    const cases: [args: string[], cwd: string, out: string, status: number][] = [
      [['hello.py'], examples, 'Hello from Python inside a Nanos unikernel!', 0],
      [['exit.py'], examples, 'exiting with status 3', 3],
      [['uncaught.py'], examples, 'ZeroDivisionError: division by zero', 1],
      [['args.py', '--', 'one', 'two words'], examples, '2 argument(s)\n1: one\n2: two words', 0],
      [['stdlib_mix.py'], examples, `sha256 ${mixDigest}`, 0],
      [['test.py'], seed, 'PASS print and interpreter: /usr/local/bin/python3.10 3.10.18', 0],
      [['examples/yaml/parse.py', '-c', 'examples/yaml/config.json'], repoRoot, 'libyaml True', 0],
      [['loop.py', '--timeout', '5'], examples, '', 124],
    ];
    for (const [args, cwd, out, status] of cases) {
      const r = await minops(['run', '--machine', 'q35', '--quiet-kernel', '--verbose', ...args], { cwd });
      expect(r.stderr, args[0]).toMatch(/^\+ \S*qemu-system-x86_64 -nodefaults -machine q35 /m);
      expect(r.stdout, args[0]).toContain(out);
      expect(r.exitCode, args[0]).toBe(status);
    }
  });
});

describeWith([needKernel, needQemu], "Debian's Python 3.11 (a dir: rootfs): nothing depends on the minor version", () => {
  const rootfs = () => `dir:${debianPythonRootfs()}`;

  test('hello.py', async () => {
    const r = await minops(['run', 'hello.py', '--rootfs', rootfs(), '--quiet-kernel']);
    expect(r.stdout).toContain('Hello from Python inside a Nanos unikernel!');
    expect(r.exitCode).toBe(0);
  });

  test('json + hashlib + datetime', async () => {
    const r = await minops(['run', 'stdlib_mix.py', '--rootfs', rootfs(), '--quiet-kernel']);
    expect(r.stdout).toContain(`sha256 ${mixDigest}`);
    expect(r.exitCode).toBe(0);
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

/** QEMU processes with a file under `prefix` open. */
function qemuPidsHolding(prefix: string): number[] {
  return readdirSync('/proc')
    .filter((pid) => /^\d+$/.test(pid))
    .filter((pid) => {
      try {
        if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('qemu-system')) return false;
        return readdirSync(`/proc/${pid}/fd`).some((fd) => readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith(prefix));
      } catch {
        return false; // gone meanwhile, or not ours to look at
      }
    })
    .map(Number);
}
