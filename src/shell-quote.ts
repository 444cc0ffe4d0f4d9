// One argv as a line a user can paste into a POSIX shell: the `--verbose` lines for every external
// command, and the qemu line `mkimage` prints.

const safe = /^[\w./:@%+=,-]+$/;

function quoteArg(arg: string): string {
  if (arg === '') return "''";
  if (safe.test(arg)) return arg;
  // Control characters cannot live inside '...'; ANSI-C $'...' can spell them.
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(arg)) {
    const body = [...arg]
      .map((c) => {
        const code = c.codePointAt(0)!;
        if (c === '\\' || c === "'") return `\\${c}`;
        if (c === '\n') return '\\n';
        if (c === '\t') return '\\t';
        if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
        return c;
      })
      .join('');
    return `$'${body}'`;
  }
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** `['qemu-system-x86_64', '-drive', 'file=a b.img']` → `qemu-system-x86_64 -drive 'file=a b.img'`. */
export function shellQuote(argv: readonly string[]): string {
  return argv.map(quoteArg).join(' ');
}
