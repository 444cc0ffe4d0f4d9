// Sizes as mkfs reads `-s` and `imagesize` (`parse_size`): strtoll with base 0 (0x… hex, leading 0
// octal), then an optional k/K, m/M or g/G suffix.
import { MinopsError } from '../../errors.js';

export function parseImageSize(text: string, where: string): number {
  const m = /^\s*(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)([kKmMgG]?)$/.exec(text);
  if (!m) throw new MinopsError('CONFIG_INVALID', `${where}: "${text}" is not a size (a number with an optional k, m or g)`, { where: { file: where } });
  const n = m[1]!.length > 1 && m[1]!.startsWith('0') && !/^0[xX]/.test(m[1]!) ? parseInt(m[1]!, 8) : Number(m[1]);
  const shift = { '': 0, k: 10, m: 20, g: 30 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return n * 2 ** shift;
}
