// The fast path of `minops run` and `minops mkimage` must hand the command exactly what yargs
// would, and step aside whenever yargs would say something (help, version, a bad or unknown flag,
// a missing or extra positional).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import type { CommandContext } from '../../src/cli/define-commands.js';
import { quickHandlers } from '../../src/cli/define-commands.js';
import { parseWithYargs } from '../../src/cli/main.js';
import { quickParse } from '../../src/cli/quick-parse.js';

const handed = vi.hoisted(() => [] as unknown[]);
vi.mock('../../src/cli/commands/run.js', () => ({
  runCommand: async (options: unknown) => {
    handed.push({ run: options });
    return 0;
  },
}));
vi.mock('../../src/cli/commands/mkimage.js', () => ({
  mkimageCommand: async (options: unknown) => {
    handed.push({ mkimage: options });
    return 0;
  },
}));

const cwd = mkdtempSync(join(tmpdir(), 'minops-quick-'));
writeFileSync(join(cwd, 'app.py'), 'print("hi")\n');
writeFileSync(join(cwd, 'other.json'), '{ "Env": { "FROM": "config" } }\n');

const context = (): CommandContext => ({ io: { out: () => {}, err: () => {}, onEvent: () => {}, verbose: false, json: false }, cwd, setVerbose: () => {} });

/** What yargs hands the run command, or how it declined. */
async function throughYargs(argv: string[]): Promise<unknown> {
  handed.length = 0;
  try {
    const printed = await parseWithYargs(argv, context(), 100);
    return handed.length === 1 ? handed[0] : { printed: printed !== '' };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

async function throughQuick(argv: string[]): Promise<unknown> {
  const parsed = quickParse(argv);
  if (!parsed) return undefined;
  handed.length = 0;
  try {
    await quickHandlers[parsed.command](context(), parsed.args);
    return handed[0];
  } catch (e) {
    return { error: (e as Error).message };
  }
}

const plain: string[][] = [
  ['run', 'app.py'],
  ['run', 'app.py', 'a', 'two words'],
  ['run', 'app.py', '--', '--flag', 'b'],
  ['run', 'app.py', '--', '-v', '--help'],
  ['run', '--verbose', 'app.py', '-m', '1G', '-e', 'A=1', '-e', 'B=x=y', '-p', '8080', '-p', '53/udp', '--smp', '2'],
  ['run', 'app.py', '-v', 'data:/data', '-v', './in:/in:ro', '--net', 'user'],
  ['run', 'app.py', '--network=user', '--volume', 'data:/data'],
  ['run', 'app.py', '--rootfs', 'dir:/tmp', '--accel', 'tcg', '--machine', 'microvm', '--timeout', '5', '--persist', '--quiet-kernel'],
  ['run', '--memory=256', 'app.py', 'x', '--slim', 'stdlib'],
  ['run', 'app.py', '-m512', '--no-persist', '--json'],
  ['run', 'app.py', 'one', '-e', 'K=V', 'two', '5', '007', '-1'],
  ['run', 'app.py', '--trace-missing', '--allow-missing', '--kernel-dir', '/k', '-c', 'other.json'],
  ['run', 'app.py', '--env', 'A=1', '--env=B=2', '--port=8080:80'],
  // Parsed alike, refused alike (by the settings, not the parser).
  ['run', 'app.py', '--memory='],
  ['run', 'app.py', '--smp', 'two'],
  ['mkimage', 'app.py', 'out.img'],
  ['mkimage', '--size', '1g', 'app.py', 'out.img', '--uefi', '--label', 'app', '--mkfs', 'bin/mkfs', '-e', 'A=1', '--', 'x'],
  ['mkimage', 'app.py', 'out.img', '--machine', 'q35', '--uuid', '01234567-89AB-cdef-0123-456789abcdef'],
];

const declined: string[][] = [
  ['run'],
  ['run', 'app.py', '--bogus'],
  ['run', 'app.py', '--help'],
  ['run', 'app.py', '-h'],
  ['run', '--version'],
  ['run', 'app.py', '--slim', 'fat'],
  ['run', 'app.py', '--machine', 'pc'],
  ['run', 'app.py', '-m'],
  ['run', 'app.py', '--memory', '--persist'],
  ['run', 'app.py', '--mkfs', 'auto'],
  ['mkimage', 'app.py'],
  ['mkimage', 'app.py', 'out.img', 'extra'],
  ['mkimage', 'app.py', 'out.img', '--persist'],
  ['mkimage', 'app.py', 'out.img', '--help'],
  ['manifest', 'app.py'],
  ['rnu', 'app.py'],
];

describe('quickParse', () => {
  test.each(plain.map((argv) => [argv]))('%j: the run command gets what yargs would give it', async (argv) => {
    const quick = await throughQuick(argv);
    expect(quick).toBeDefined();
    expect(quick).toEqual(await throughYargs(argv));
  });

  test('`run -- SCRIPT ARGS`: the first word after -- is the script (a name that starts with a dash needs it)', async () => {
    // The fast path leaves a run with no script before -- to yargs; both end in the same handler.
    expect(quickParse(['run', '--', 'app.py'])).toBeUndefined();
    const handedTo = (await throughYargs(['run', '--quiet-kernel', '--', 'app.py', 'a b', '--flag'])) as { run: { script: string; scriptArgs: string[] } };
    expect(handedTo.run.script).toBe('app.py');
    expect(handedTo.run.scriptArgs).toEqual(['a b', '--flag']);
  });

  test.each(declined.map((argv) => [argv]))('%j: left to yargs, which answers it itself', async (argv) => {
    expect(quickParse(argv)).toBeUndefined();
    if (argv[0] !== 'run' && argv[0] !== 'mkimage') return;
    const asks = argv.includes('--help') || argv.includes('-h') || argv.includes('--version');
    expect(await throughYargs(argv)).toEqual(asks ? { printed: true } : { error: expect.any(String) });
  });
});
