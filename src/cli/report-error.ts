// The one place an error becomes text for the user: `minops: <file:line:col>: <message>`, a hint
// line, and the stack only under --verbose. Anything that is not a MinopsError is a bug in minops.
import { formatWhere, isMinopsError, type MinopsError } from '../errors.js';
import { ConfigInvalidError } from '../config/config-invalid-error.js';

function located(where: string, message: string): string {
  return where === '' ? `minops: ${message}` : `minops: ${where}: ${message}`;
}

function minopsLines(e: MinopsError): string[] {
  if (e instanceof ConfigInvalidError) {
    // Every problem on its own line, each one complete, so editors can jump to all of them.
    return e.problems.map((p) => located(formatWhere({ file: e.file, line: p.pos?.line, column: p.pos?.column }), p.message));
  }
  return [located(formatWhere(e.where), e.message)];
}

function stackLines(e: unknown): string[] {
  const out: string[] = [];
  let cause: unknown = e;
  for (let depth = 0; cause !== undefined && depth < 5; depth++) {
    out.push(cause instanceof Error ? (cause.stack ?? String(cause)) : String(cause));
    cause = cause instanceof Error ? cause.cause : undefined;
    if (cause !== undefined) out.push('caused by:');
  }
  return out;
}

/** The stderr text for an error that ends the command (always ends in a newline). */
export function formatError(e: unknown, verbose: boolean): string {
  const lines = isMinopsError(e)
    ? [...minopsLines(e), ...(e.hint ? [`minops: hint: ${e.hint}`] : [])]
    : ['minops: internal error, please report: ' + (e instanceof Error ? e.message : String(e)), ...(verbose ? [] : ['minops: hint: run again with --verbose for the stack trace'])];
  if (verbose) lines.push(...stackLines(e));
  return lines.join('\n') + '\n';
}
