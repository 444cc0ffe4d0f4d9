// What main hands to command handlers, and how it maps what they return or throw.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import type { RunOptions } from '../../src/cli/commands/run.js';
import type { MkimageOptions } from '../../src/cli/commands/mkimage.js';
import { MinopsError } from '../../src/errors.js';
import { runMain } from './run-main.js';

const calls = vi.hoisted(() => ({ run: [] as unknown[], mkimage: [] as unknown[], status: 0, throwing: undefined as unknown }));

vi.mock('../../src/cli/commands/run.js', () => ({
  runCommand: async (options: unknown, io: { onEvent: (e: unknown) => void }) => {
    calls.run.push(options);
    io.onEvent({ kind: 'command', argv: ['qemu-system-x86_64', '-drive', 'file=/tmp/a b.img,format=raw'] });
    io.onEvent({ kind: 'warning', message: 'libfoo.so.1 not found', where: 'lib/_foo.so' });
    io.onEvent({ kind: 'debug', message: 'cache hit' });
    if (calls.throwing !== undefined) throw calls.throwing;
    return calls.status;
  },
}));
vi.mock('../../src/cli/commands/mkimage.js', () => ({
  mkimageCommand: async (options: unknown) => {
    calls.mkimage.push(options);
    return 0;
  },
}));

beforeEach(() => {
  calls.run = [];
  calls.mkimage = [];
  calls.status = 0;
  calls.throwing = undefined;
});

const dir = mkdtempSync(join(tmpdir(), 'minops-handlers-'));
writeFileSync(join(dir, 'config.json'), JSON.stringify({ Env: { A: '1' }, RunConfig: { Memory: '1G', Ports: ['8080'] }, Minops: { Slim: 'stdlib' } }));

describe('run', () => {
  test("the handler's status is minops's status", async () => {
    calls.status = 3;
    expect((await runMain(['run', 'app.py'], dir)).status).toBe(3);
  });

  test('script args from both sides of --, settings from config.json and flags', async () => {
    await runMain(['run', 'app.py', 'one', '-m', '2G', '-e', 'B=x=y', '-e', 'A=2', '--timeout', '9', '--', '--two', '-m'], dir);
    const options = calls.run[0] as RunOptions;
    expect(options.script).toBe('app.py');
    expect(options.scriptArgs).toEqual(['one', '--two', '-m']);
    expect(options.settings).toMatchObject({
      configFile: join(dir, 'config.json'),
      memoryMiB: 2048,
      env: [['A', '2'], ['B', 'x=y']],
      ports: [{ protocol: 'tcp', host: 8080, guest: 8080 }],
      slim: 'stdlib',
      timeoutSeconds: 9,
      verbose: false,
    });
  });

  test('without --verbose: warnings only; with --verbose: every external command, shell-quoted, and debug lines', async () => {
    const quiet = await runMain(['run', 'app.py'], dir);
    expect(quiet.stderr).toBe('minops: warning: lib/_foo.so: libfoo.so.1 not found\n');
    const loud = await runMain(['run', 'app.py', '--verbose'], dir);
    expect(loud.stderr).toBe(
      "+ qemu-system-x86_64 -drive 'file=/tmp/a b.img,format=raw'\nminops: warning: lib/_foo.so: libfoo.so.1 not found\nminops: debug: cache hit\n",
    );
  });

  test('a MinopsError: 125, one line with file:line:col, the hint; the stack only with --verbose', async () => {
    calls.throwing = new MinopsError('LIB_NOT_FOUND', 'libyaml-0.so.2 is needed but not in the rootfs', {
      where: { file: '/rootfs', entry: 'usr/lib/python3/dist-packages/_yaml.so', line: 1 },
      hint: 'install libyaml in the rootfs, or pass --allow-missing',
    });
    const r = await runMain(['run', 'app.py'], dir);
    expect(r.status).toBe(125);
    expect(r.stderr.split('\n').filter((l) => !l.includes('warning'))).toEqual([
      'minops: /rootfs (usr/lib/python3/dist-packages/_yaml.so):1: libyaml-0.so.2 is needed but not in the rootfs',
      'minops: hint: install libyaml in the rootfs, or pass --allow-missing',
      '',
    ]);
    const verbose = await runMain(['run', 'app.py', '--verbose'], dir);
    expect(verbose.status).toBe(125);
    expect(verbose.stderr).toMatch(/^\s+at /m);
  });

  test('any other error: 125, "internal error, please report", stack only with --verbose', async () => {
    calls.throwing = new TypeError("Cannot read properties of undefined (reading 'x')");
    const r = await runMain(['run', 'app.py'], dir);
    expect(r.status).toBe(125);
    expect(r.stderr.split('\n').filter((l) => !l.includes('warning'))).toEqual([
      "minops: internal error, please report: Cannot read properties of undefined (reading 'x')",
      'minops: hint: run again with --verbose for the stack trace',
      '',
    ]);
    const verbose = await runMain(['run', 'app.py', '--verbose'], dir);
    expect(verbose.stderr).toContain('TypeError: Cannot read properties');
    expect(verbose.stderr).toMatch(/^\s+at /m);
  });
});

describe('mkimage', () => {
  test('gets OUT and the image flags', async () => {
    await runMain(['mkimage', 'app.py', 'out.img', '--size', '1g', '--uefi', '--label', 'app', '--uuid', '01234567-89AB-cdef-0123-456789abcdef', '--mkfs', 'bin/mkfs'], dir);
    const options = calls.mkimage[0] as MkimageOptions;
    expect(options.out).toBe('out.img');
    expect(options.settings).toMatchObject({ imageSize: 1024 ** 3, uefi: true, label: 'app', uuid: '01234567-89ab-cdef-0123-456789abcdef', mkfs: join(dir, 'bin/mkfs') });
  });
});

describe('RunConfig.Verbose', () => {
  test('in config.json acts like -v', async () => {
    const verboseDir = mkdtempSync(join(tmpdir(), 'minops-verbose-'));
    writeFileSync(join(verboseDir, 'config.json'), JSON.stringify({ RunConfig: { Verbose: true } }));
    const r = await runMain(['run', 'app.py'], verboseDir);
    expect(r.stderr.split('\n')[0]).toBe("+ qemu-system-x86_64 -drive 'file=/tmp/a b.img,format=raw'");
    expect((calls.run[0] as RunOptions).settings.verbose).toBe(true);
  });
});
