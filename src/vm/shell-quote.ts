// A command line a user can paste into a POSIX shell (what `mkimage` prints and `-v` shows).

const SAFE = /^[A-Za-z0-9_\-+=.,:/@%^]+$/;

/** Quotes one argument: bare when it is safe, else single quotes; control characters as $'\xNN'. */
export function shellQuoteArg(arg: string): string {
  if (SAFE.test(arg)) return arg;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(arg)) {
    const body = [...arg]
      .map((c) => {
        const code = c.charCodeAt(0);
        if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
        return c === "'" || c === '\\' ? `\\${c}` : c;
      })
      .join('');
    return `$'${body}'`;
  }
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

export const shellQuote = (argv: readonly string[]): string => argv.map(shellQuoteArg).join(' ');
