import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { repoRoot } from '../support/debian-rootfs.js';
import { runMain } from './run-main.js';

const appDir = (config?: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'minops-cli-'));
  if (config !== undefined) writeFileSync(join(dir, 'config.json'), config);
  writeFileSync(join(dir, 'app.py'), 'print("hi")\n');
  return dir;
};

describe('minops --help', () => {
  test('lists every command and exits 0', async () => {
    const r = await runMain(['--help']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    for (const usage of ['minops run [script] [args..]', 'minops mkimage <script> <out>', 'minops push <image> <ref>', 'minops manifest <script>', 'minops rootfs', 'minops image', 'minops volume', 'minops kernel', 'minops config']) {
      expect(r.stdout).toContain(usage);
    }
  });

  test.each([
    [['rootfs', '--help'], ['minops rootfs pull <src>', 'minops rootfs report <script>', 'minops rootfs ls', 'minops rootfs prune']],
    [['image', '--help'], ['minops image ls <image> [path]', 'minops image tree <image> [path]', 'minops image cat <image> <path>', 'minops image manifest <image>']],
    [['kernel', '--help'], ['minops kernel ls', 'minops kernel fetch [release]']],
    [['volume', '--help'], ['minops volume create <name>', 'minops volume ls', 'minops volume rm <names..>', 'minops volume cp <src> <dst>']],
    [['config', '--help'], ['minops config schema']],
    [['manifest', '--help'], ['minops manifest check <file>']],
  ])('%j lists its subcommands', async (argv, usages) => {
    const r = await runMain(argv);
    expect(r.status).toBe(0);
    for (const usage of usages) expect(r.stdout).toContain(usage);
  });

  test('run --help shows the build flags, the run flags and examples', async () => {
    const r = await runMain(['run', '--help']);
    expect(r.status).toBe(0);
    for (const flag of ['-c, --config', '-m, --memory', '--smp', '-e, --env', '-p, --port', '--rootfs', '--slim', '--kernel-dir', '--accel', '--machine', '--disk-bus', '--timeout', '--persist', '--quiet-kernel', '--trace-missing', '--allow-missing', '--uefi', '--image', '--tls-verify', '-v, --volume', '--net', '--verbose', '--json', 'Examples:']) {
      expect(r.stdout).toContain(flag);
    }
  });

  test('mkimage --help shows the image flags; rootfs report --help shows --html', async () => {
    const mk = await runMain(['mkimage', '--help']);
    for (const flag of ['--format', '--mkfs', '--size', '--uefi', '--uuid', '--label']) expect(mk.stdout).toContain(flag);
    expect((await runMain(['rootfs', 'report', '--help'])).stdout).toContain('--html');
  });

  test('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(await runMain(['--version'])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
  });
});

describe('usage errors exit 125 with one line saying what is wrong', () => {
  test.each([
    [['run', 'app.py', '--bogus'], 'minops: Unknown argument: bogus'],
    [['rnu', 'app.py'], 'minops: unknown command "rnu". Did you mean run?'],
    [[], 'minops: name a command'],
    [['rootfs'], 'minops: name a rootfs command: pull, report, ls or prune'],
    [['volume'], 'minops: name a volume command: create, ls, rm or cp'],
    [['run', 'app.py', '--net', 'bridge'], 'minops: Invalid values:'],
    [['mkimage', 'app.py'], 'minops: Not enough non-option arguments: got 1, need at least 2'],
    [['run', 'app.py', '-m', '12X'], 'minops: -m/--memory: "12X" is not a memory size; write a number of MiB (512) or use M or G (512M, 2G)'],
    [['run', 'app.py', '--smp', 'two'], 'minops: --smp: "two" is not a number'],
    [['run', 'app.py', '-e', 'NOEQUALS'], 'minops: -e: "NOEQUALS" has no "="; write KEY=VALUE'],
    [['run', 'app.py', '--rootfs', 'docker:python'], 'minops: --rootfs: unknown rootfs source "docker:python"; did you mean "docker-daemon:python"?'],
    [['run', 'app.py', '--slim', 'tiny'], 'minops: Invalid values:'],
    [['run', 'app.py', '-m'], 'minops: Not enough arguments following: m'],
    [['rootfs', 'pull', 'nowhere'], 'minops: SRC: unknown rootfs source "nowhere"'],
  ])('%j', async (argv, firstLine) => {
    const r = await runMain(argv, appDir());
    expect(r.status).toBe(125);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toContain(firstLine);
    expect(r.stderr).not.toMatch(/^\s+at /m); // no stack without -v
  });
});

describe('config files', () => {
  test('a typo in ./config.json exits 125 naming the key, where it is, and the closest key', async () => {
    const dir = appDir('{\n  "RunConfig": {\n    "Memroy": "1G"\n  }\n}\n');
    const r = await runMain(['run', 'app.py'], dir);
    expect(r.status).toBe(125);
    expect(r.stderr.split('\n')[0]).toBe(`minops: ${join(dir, 'config.json')}:3:5: RunConfig.Memroy: unknown key; did you mean "RunConfig.Memory"?`);
  });

  test('every problem gets its own line', async () => {
    const dir = appDir('{"Args": "x", "Minops": {"Slim": "tiny"}}');
    const r = await runMain(['mkimage', 'app.py', 'out.img'], dir);
    expect(r.status).toBe(125);
    expect(r.stderr.split('\n').slice(0, 2)).toEqual([
      `minops: ${join(dir, 'config.json')}:1:10: Args: must be an array of strings, not a string`,
      `minops: ${join(dir, 'config.json')}:1:34: Minops.Slim: "tiny" is not one of none, stdlib, imports, probe`,
    ]);
  });

  test('a JSON syntax error names file:line:col', async () => {
    const dir = appDir('{\n  "Args": ["a",]\n}');
    const r = await runMain(['manifest', 'app.py', '-c', 'config.json'], dir);
    expect(r.status).toBe(125);
    expect(r.stderr.split('\n')[0]).toBe(`minops: ${join(dir, 'config.json')}:2:16: invalid JSON: trailing comma before "]"`);
  });

  test('-c naming a missing file exits 125 naming it', async () => {
    const dir = appDir();
    const r = await runMain(['run', 'app.py', '-c', 'missing.json'], dir);
    expect(r.status).toBe(125);
    expect(r.stderr.split('\n')[0]).toBe(`minops: ${join(dir, 'missing.json')}: config file not found`);
  });
});

describe('config schema', () => {
  test('prints the JSON Schema on stdout', async () => {
    const r = await runMain(['config', 'schema']);
    expect(r.status).toBe(0);
    const schema = JSON.parse(r.stdout) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toContain('RunConfig');
    expect(Object.keys(schema.properties)).toContain('Minops');
  });
});
