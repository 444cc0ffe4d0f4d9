// Rootfs paths kept by the config or the slim level rather than by a dependency: include globs
// and `--slim none`'s whole tree.
import type { KeptPath } from './plan-facts.js';
import { globBase, matchAny } from './match-glob.js';
import { resolveGuest } from './resolve-guest.js';
import type { RootfsView } from './rootfs-view.js';
import { hostVirtualDirs, walkView } from './walk-view.js';

/** Every non-directory path matching `glob` (a directory match keeps what is below it). The walk
 * starts at the glob's real base directory, so a glob through /lib → usr/lib works and keeps the
 * symlink. */
export function includeKept(view: RootfsView, glob: string): KeptPath[] {
  const matches = matchAny([glob]);
  const base = globBase(glob);
  const real = resolveGuest(view, base).real;
  if (!real) return [];
  const reason = { kind: 'config', key: `include ${glob}` } as const;
  const out: KeptPath[] = [];
  for (const w of walkView(view, real.guest)) {
    const asAsked = base + w.guest.slice(real.guest.length);
    if (w.node.kind !== 'dir' && (matches(asAsked) || matches(w.guest))) out.push({ guest: asAsked, reason });
  }
  return out;
}

/** `--slim none`: every path of the rootfs but sockets, fifos and devices (and a live host's
 * /proc, /sys, /dev, /run, /tmp). */
export function* wholeRootfsKept(view: RootfsView): Generator<KeptPath> {
  const skip = view.root === '/' ? hostVirtualDirs : new Set<string>();
  for (const w of walkView(view, '/', skip)) {
    if (w.node.kind !== 'special') yield { guest: w.guest, reason: { kind: 'rootfs' } };
  }
}
