// The one place an error becomes text for the user: `minops: <file:line:col>: <message>`, a hint
// line, and the stack only under --verbose. Anything that is not a MinopsError is a bug in minops,
// but for what the machine refuses (a full disk, a read-only path).
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

/** What the machine refused, not a bug in minops: the disk is full, a path is not writable. */
const MACHINE_LIMITS: Readonly<Record<string, { said: string; hint: string }>> = {
  ENOSPC: { said: 'no space left on the device', hint: 'free some space, or put the cache elsewhere with MINOPS_CACHE (images, rootfs trees and volumes live there)' },
  EDQUOT: { said: 'disk quota exceeded', hint: 'free some space, or put the cache elsewhere with MINOPS_CACHE' },
  EROFS: { said: 'the file system is read-only', hint: 'write the output elsewhere, or set MINOPS_CACHE to a writable directory' },
  EACCES: { said: 'permission denied', hint: 'check the permissions of that path (or of MINOPS_CACHE)' },
  EMFILE: { said: 'too many open files', hint: 'raise the limit (ulimit -n)' },
  EIO: { said: 'input/output error from the device', hint: 'the disk may be failing; try another location' },
};

function machineLimitLines(e: unknown): string[] | undefined {
  const err = e as NodeJS.ErrnoException;
  const known = typeof err?.code === 'string' ? MACHINE_LIMITS[err.code] : undefined;
  if (!known) return undefined;
  const where = typeof err.path === 'string' ? `${err.path}: ` : '';
  return [`minops: ${where}${known.said} (${err.code}${err.syscall ? `, ${err.syscall}` : ''})`, `minops: hint: ${known.hint}`];
}

/** The stderr text for an error that ends the command (always ends in a newline). */
export function formatError(e: unknown, verbose: boolean): string {
  const lines = isMinopsError(e)
    ? [...minopsLines(e), ...(e.hint ? [`minops: hint: ${e.hint}`] : [])]
    : (machineLimitLines(e) ?? ['minops: internal error, please report: ' + (e instanceof Error ? e.message : String(e)), ...(verbose ? [] : ['minops: hint: run again with --verbose for the stack trace'])]);
  if (verbose) lines.push(...stackLines(e));
  return lines.join('\n') + '\n';
}
