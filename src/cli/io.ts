// What a command handler gets to talk to the user with. Only src/cli/ writes to the console;
// stages report through `onEvent`.
import type { OnEvent } from '../events.js';

export interface CliIo {
  /** Write to stdout (no newline added). */
  out(text: string): void;
  /** Write to stderr (no newline added). */
  err(text: string): void;
  /** Stage events: spinner, `--verbose` command lines, warnings. */
  onEvent: OnEvent;
  verbose: boolean;
  json: boolean;
}

/** A command handler: typed options in, exit status out. Throw MinopsError for minops failures. */
export type Command<Options> = (options: Options, io: CliIo) => Promise<number>;
