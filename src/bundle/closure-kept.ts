// ELF closure → rootfs paths to keep, each with the chain that pulled it in. Every path a library
// was asked for by is kept (symlinks such as libz.so.1 → libz.so.1.2.13 stay symlinks).
import type { ElfClosure } from '../elf/elf-closure.js';
import type { Reason } from './bundle-plan.js';
import type { KeptPath } from './plan-facts.js';

export function closureKept(closure: ElfClosure, roots: { program: string }): KeptPath[] {
  const out: KeptPath[] = [];
  for (const obj of closure.objects) {
    const reason = reasonOf(obj.guest, obj.found, obj.chain, roots.program);
    if (reason === undefined) continue;
    for (const guest of [obj.guest, ...obj.requested]) out.push({ guest, reason });
  }
  return out;
}

/** undefined for a start other than the program: an extension module, whose reason is its import. */
function reasonOf(guest: string, found: string, chain: readonly string[], program: string): Reason | undefined {
  if (guest === program) return { kind: 'interpreter' };
  if (found === 'start') return undefined;
  if (found === 'interp') return { kind: 'loader', by: chain[chain.length - 2] ?? program };
  return { kind: 'needed', chain: [...chain] };
}
