// What the kernel accepts as a file name (spec §A.4, §A.5, §B.7). The printer applies these rules
// to every tuple key, so whatever minops writes can also be looked up by the guest.
import { loneSurrogateIndex } from './utf8-scan.js';

/** NAME_MAX of the kernel's path resolver, in UTF-8 bytes. */
export const NAME_MAX_BYTES = 255;

/** Why `name` cannot be a name in a Nanos filesystem, or undefined when it can. */
export function nameProblem(name: string): string | undefined {
  if (name === '') return 'is empty';
  if (name === '.' || name === '..') return `is "${name}", which the kernel resolves itself`;
  if (name.includes('/')) return "contains '/'";
  if (name.includes('\0')) return 'contains NUL';
  if (loneSurrogateIndex(name) >= 0) return 'is not valid UTF-8 (it holds a lone surrogate)';
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > NAME_MAX_BYTES) return `is ${bytes} bytes long; the kernel allows at most ${NAME_MAX_BYTES}`;
  return undefined;
}
