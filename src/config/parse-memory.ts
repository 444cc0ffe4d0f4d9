// Guest memory as ops and QEMU write it: a bare number is MiB.
import { bad, ok, type Parsed } from './parsed.js';

const unitMiB: Record<string, number> = { '': 1, m: 1, g: 1024 };

/** "512" / 512 → 512; "512M" → 512; "2G" → 2048; "1.5G" → 1536. Result in MiB. */
export function parseMemory(input: string | number): Parsed<number> {
  const text = String(input).trim();
  const m = /^(\d+(?:\.\d+)?)\s*([mg]?)(?:i?b)?$/i.exec(text);
  if (!m) return bad(`"${text}" is not a memory size; write a number of MiB (512) or use M or G (512M, 2G)`);
  const mib = Number(m[1]) * unitMiB[m[2]!.toLowerCase()]!;
  if (!Number.isInteger(mib)) return bad(`"${text}" is not a whole number of MiB`);
  if (mib < 16) return bad(`"${text}" is too little memory for Nanos (at least 16M)`);
  if (mib > 1024 * 1024) return bad(`"${text}" is more memory than QEMU can give (at most 1024G)`);
  return ok(mib);
}
