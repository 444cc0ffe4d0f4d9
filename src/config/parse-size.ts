// Image sizes as ops's BaseVolumeSz and mkfs -s write them: a bare number is bytes.
import { bad, ok, type Parsed } from './parsed.js';

const unitBytes: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** "100m" → 104857600; "1g"; "4096" → 4096. Result in bytes. */
export function parseSize(input: string | number): Parsed<number> {
  const text = String(input).trim();
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?$/i.exec(text);
  if (!m) return bad(`"${text}" is not a size; write bytes (4096) or use k, m, g (100m, 1g)`);
  const bytes = Number(m[1]) * unitBytes[m[2]!.toLowerCase()]!;
  if (!Number.isSafeInteger(bytes)) return bad(`"${text}" is not a whole number of bytes`);
  if (bytes === 0) return bad(`"${text}" is zero`);
  return ok(bytes);
}
