// The one exit point: parse argv, run the command, turn the outcome into an exit status.
// main never calls process.exit; bin/minops.js sets process.exitCode from what it returns.
import { MinopsError } from '../errors.js';
import { globalOptions } from './build-options.js';
import { defineCommands, quickHandlers, type CommandContext } from './define-commands.js';
import type { CliIo } from './io.js';
import { packageVersion } from '../package-root.js';
import { createProgress } from './progress.js';
import { quickParse } from './quick-parse.js';
import { topHelp, topHelpWidth } from './top-help.js';
import { volumeFlagHint } from './volume-flag-hint.js';

const topCommands = ['run', 'mkimage', 'push', 'manifest', 'rootfs', 'cache', 'image', 'volume', 'kernel', 'config'];

/** minops's own failures (and bad usage), as docker/podman do. */
export const failureStatus = 125;

export interface MainEnv {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  cwd: string;
}

const defaultEnv = (): MainEnv => ({ stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() });

// --verbose/--json must be known before yargs runs (they shape how even a usage error is printed).
const flagGiven = (argv: readonly string[], names: string[]) => {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => names.includes(a));
};

/** Widest help text; narrower terminals get help wrapped to their width. */
const helpWidth = 100;

export async function main(argv: string[], env: MainEnv = defaultEnv()): Promise<number> {
  // `minops --help` is the one command people time: print the text yargs would print (test/cli/
  // top-help.test.ts keeps it identical) without loading yargs, whose string-width dependencies
  // alone cost more than the 150 ms budget on a slow machine.
  const columns = (env.stdout as NodeJS.WriteStream).columns ?? helpWidth;
  if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h') && columns >= topHelpWidth) {
    env.stdout.write(topHelp);
    return 0;
  }
  return parseAndRun(argv, env);
}

/** main without the --help shortcut: a plain `run` or `mkimage` on the fast path, everything else
 * through yargs. */
export async function parseAndRun(argv: string[], env: MainEnv): Promise<number> {
  const verbose = flagGiven(argv, ['--verbose']);
  const json = flagGiven(argv, ['--json']);
  const progressOptions = {
    write: (s: string) => env.stderr.write(s),
    stream: env.stderr as NodeJS.WriteStream,
    spinner: env.stderr.isTTY === true && !json,
    verbose,
  };
  const progress = createProgress(progressOptions);
  const io: CliIo = { out: (s) => env.stdout.write(s), err: (s) => env.stderr.write(s), onEvent: progress.onEvent, verbose, json };
  const ctx: CommandContext = {
    io,
    cwd: env.cwd,
    // RunConfig.Verbose in config.json is known only once the config is read.
    setVerbose: () => {
      io.verbose = true;
      progressOptions.verbose = true;
    },
  };

  try {
    // A plain `minops run …` or `mkimage …` does not wait for yargs (see quick-parse.ts).
    const quick = quickParse(argv);
    if (quick) {
      await quickHandlers[quick.command](ctx, quick.args);
      progress.stop();
      return ctx.status ?? 0;
    }
    const printed = await parseWithYargs(argv, ctx, (env.stdout as NodeJS.WriteStream).columns);
    progress.stop();
    // --help / --version: yargs hands back the text instead of printing it.
    if (printed !== '') io.out(printed.endsWith('\n') ? printed : `${printed}\n`);
    return ctx.status ?? 0;
  } catch (e) {
    progress.stop();
    const { formatError } = await import('./report-error.js');
    io.err(formatError(e, io.verbose));
    return failureStatus;
  }
}

/** Every command through yargs; returns what yargs printed instead of running a handler
 * (--help, --version). */
export async function parseWithYargs(argv: string[], ctx: CommandContext, columns: number | undefined): Promise<string> {
  const { default: yargs } = await import('yargs');
  const parser = defineCommands(
    yargs()
      .scriptName('minops')
      // minops's own words are English; yargs's should match them whatever LANG says.
      .locale('en')
      .usage('$0 <command> [options]\n\nTurn a Python script into a Nanos unikernel image and boot it in QEMU.')
      // No -v: as in docker, -v mounts a volume (run, mkimage, manifest, rootfs report).
      .options(globalOptions)
      // No camelCase copies: handlers read kebab-case keys, and "Unknown arguments" stays readable.
      .parserConfiguration({ 'populate--': true, 'camel-case-expansion': false })
      .exitProcess(false)
      .strict()
      .recommendCommands()
      .demandCommand(1, 'name a command')
      .fail((message: string | undefined, error: Error | undefined) => {
        // yargs's own complaints (unknown flag, missing argument) are usage errors: 125, not 1.
        // It reports some as a YError; anything else came from a handler and goes on as it is.
        if (error && error.name !== 'YError') throw error;
        const said = message ?? error?.message ?? 'bad usage';
        const text = said.startsWith('Did you mean') ? `unknown command "${argv[0]}". ${said}` : said;
        const command = argv[0] !== undefined && topCommands.includes(argv[0]) ? `${argv[0]} ` : '';
        const hint = flagGiven(argv, ['-v']) ? volumeFlagHint : `see \`minops ${command}--help\``;
        throw new MinopsError('USAGE', text, { hint });
      })
      .help()
      .alias('help', 'h')
      .version(packageVersion())
      .wrap(Math.min(helpWidth, columns ?? helpWidth))
      .epilogue('Exit status: run passes the script’s status through; 125 means minops itself failed.'),
    ctx,
  );
  let printed = '';
  await parser.parseAsync(argv, {}, (_err, _args, output) => {
    printed = output;
  });
  return printed;
}
