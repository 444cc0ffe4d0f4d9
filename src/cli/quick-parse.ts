// `minops run …` and `minops mkimage …` without yargs: yargs itself costs more to load and set up
// (it renders the whole help text on every command) than a warm run has for everything. The same parser yargs uses
// (yargs-parser) reads argv with the same option table (build-options.ts) and the configuration
// yargs gives it; whenever yargs would have anything to say — help, version, an unknown or bad
// flag, a missing script — this returns undefined and yargs takes over, so messages stay its own.
import yargsParser from 'yargs-parser';
import type { Options } from 'yargs';
import { buildOptions, globalOptions, mkimageOptions, runOptions } from './build-options.js';

type Table = Record<string, Options>;
export type QuickCommand = 'run' | 'mkimage';

/** Each command's flags, and its positionals as yargs names them (undefined: yargs would object). */
const commands: Record<QuickCommand, { table: Table; positionals: (words: string[]) => Record<string, unknown> | undefined }> = {
  // run <script> [args..]
  run: { table: { ...globalOptions, ...buildOptions, ...runOptions }, positionals: ([script, ...args]) => (script === undefined ? undefined : { script, args }) },
  // mkimage <script> <out>
  mkimage: { table: { ...globalOptions, ...buildOptions, ...mkimageOptions }, positionals: (words) => (words.length === 2 ? { script: words[0], out: words[1] } : undefined) },
};

const isQuick = (name: string | undefined): name is QuickCommand => name === 'run' || name === 'mkimage';

/** The command and the argv its handler would get from yargs, or undefined to let yargs parse. */
export function quickParse(argv: readonly string[]): { command: QuickCommand; args: Record<string, unknown> } | undefined {
  const command = argv[0];
  if (!isQuick(command)) return undefined;
  const { table, positionals } = commands[command];
  const parsed = yargsParser.detailed([...argv], parserOptions(table));
  // "Not enough arguments following: m" and the like: yargs words them.
  if (parsed.error) return undefined;
  const a = parsed.argv as Record<string, unknown> & { _: (string | number)[] };
  const known = new Set(['_', '--', ...Object.keys(table), ...Object.values(table).flatMap((o) => aliasesOf(o))]);
  if (Object.keys(a).some((key) => !known.has(key))) return undefined;
  for (const [name, option] of Object.entries(table)) {
    const value = a[name];
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    if (option.choices && values.some((v) => !(option.choices as unknown[]).includes(v))) return undefined;
  }
  const named = positionals(a._.slice(1).map(String));
  return named && { command, args: { ...a, ...named } };
}

const aliasesOf = (o: Options): string[] => (o.alias === undefined ? [] : typeof o.alias === 'string' ? [o.alias] : [...o.alias]);

function parserOptions(table: Table): yargsParser.Options {
  const entries = Object.entries(table);
  return {
    alias: Object.fromEntries(entries.filter(([, o]) => o.alias !== undefined).map(([k, o]) => [k, aliasesOf(o)])),
    string: entries.filter(([, o]) => o.type === 'string').map(([k]) => k),
    // help and version are booleans to yargs; either one given means "let yargs answer".
    boolean: [...entries.filter(([, o]) => o.type === 'boolean').map(([k]) => k), 'help', 'h', 'version'],
    narg: Object.fromEntries(entries.filter(([, o]) => o.requiresArg).map(([k]) => [k, Number.NaN])),
    configuration: { 'populate--': true, 'camel-case-expansion': false, 'parse-positional-numbers': false },
  };
}
