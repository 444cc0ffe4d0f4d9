// Stage events → what the user sees on stderr: an ora spinner for slow steps (TTY only, never with
// --json), `+ cmd ...` lines for external commands under --verbose, and warnings. ora is imported only
// when a spinner is really shown, to keep `minops --help` fast.
import type { OnEvent, StageEvent } from '../events.js';
import { shellQuote } from '../shell-quote.js';

export interface ProgressOptions {
  /** Where lines go (stderr). */
  write: (text: string) => void;
  /** The stream ora draws on; only used when `spinner` is true. */
  stream?: NodeJS.WriteStream;
  /** Draw a spinner: stderr is a TTY and not --json. */
  spinner: boolean;
  verbose: boolean;
}

interface Spinner {
  text: string;
  start(): unknown;
  stop(): unknown;
  clear(): unknown;
  render(): unknown;
  isSpinning: boolean;
}

export interface Progress {
  onEvent: OnEvent;
  /** Remove the spinner (before printing the result or an error). */
  stop(): void;
}

const mib = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MiB`;

export function progressText(event: Extract<StageEvent, { kind: 'progress' }>): string {
  if (event.total === undefined || event.total === 0) return `${event.step} ${mib(event.done)}`;
  const pct = Math.min(100, Math.floor((event.done / event.total) * 100));
  return `${event.step} ${pct}% (${mib(event.done)} of ${mib(event.total)})`;
}

export function createProgress(options: ProgressOptions): Progress {
  let spinner: Spinner | undefined;
  let loading: Promise<void> | undefined;
  let text = '';
  let active = 0;

  const show = () => {
    if (!options.spinner) return;
    if (spinner) {
      spinner.text = text;
      if (!spinner.isSpinning) spinner.start();
      return;
    }
    loading ??= import('ora').then(({ default: ora }) => {
      spinner = ora({ stream: options.stream ?? process.stderr, text }) as unknown as Spinner;
      if (active > 0) spinner.start();
    });
  };

  // Lines must not be drawn over by the spinner: clear it, print, redraw.
  const line = (s: string) => {
    const spinning = spinner?.isSpinning ?? false;
    if (spinning) spinner!.clear();
    options.write(s.endsWith('\n') ? s : `${s}\n`);
    if (spinning) spinner!.render();
  };

  const onEvent: OnEvent = (event) => {
    switch (event.kind) {
      case 'command':
        if (options.verbose) line(`+ ${shellQuote(event.argv)}`);
        return;
      case 'start':
        active++;
        text = event.step;
        if (options.verbose && !options.spinner) line(`minops: ${event.step}...`);
        show();
        return;
      case 'progress':
        text = progressText(event);
        if (spinner) spinner.text = text;
        return;
      case 'end':
        active = Math.max(0, active - 1);
        if (active === 0 && spinner?.isSpinning) spinner.stop();
        return;
      case 'notice':
        line(`minops: ${event.message}`);
        return;
      case 'warning':
        line(`minops: warning: ${event.where ? `${event.where}: ` : ''}${event.message}`);
        return;
      case 'debug':
        if (options.verbose) line(`minops: debug: ${event.message}`);
        return;
    }
  };

  return {
    onEvent,
    stop() {
      active = 0;
      if (spinner?.isSpinning) spinner.stop();
    },
  };
}
