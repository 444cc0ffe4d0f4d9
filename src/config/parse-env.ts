// `-e KEY=VALUE`: only the first `=` splits, so values may contain `=`.
import { bad, ok, type Parsed } from './parsed.js';

export function parseEnvAssignment(text: string): Parsed<[string, string]> {
  const eq = text.indexOf('=');
  if (eq < 0) return bad(`"${text}" has no "="; write KEY=VALUE`);
  const key = text.slice(0, eq);
  if (key === '') return bad(`"${text}" has an empty name; write KEY=VALUE`);
  if (key.includes('\0') || text.includes('\0')) return bad(`"${key}" contains a NUL byte`);
  return ok([key, text.slice(eq + 1)]);
}
