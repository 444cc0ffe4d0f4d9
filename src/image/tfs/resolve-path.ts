// Resolves a guest path in a decoded tree the way the kernel does: components looked up in
// `children`, symlinks followed (relative targets from the link's directory, absolute ones from
// the root), at most 40 hops (`SYMLINK_HOPS_MAX`).
import { describeEntry, type TfsEntry } from './entries.js';
import { isTfsTuple, type TfsTuple } from './value.js';

const SYMLINK_HOPS_MAX = 40;

export type ResolveResult = { entry: TfsEntry } | { missing: string } | { loop: string };

/** `followLast` false gives the link itself for a final symlink (lstat), true its target (stat). */
export function resolveGuestPath(root: TfsTuple, guestPath: string, followLast = true): ResolveResult {
  let hops = 0;
  // A stack of [name, node] from the root; '..' pops, '.' stays.
  const walk = (stack: [string, TfsTuple][], names: string[]): ResolveResult => {
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      if (name === '' || name === '.') continue;
      if (name === '..') {
        if (stack.length > 1) stack.pop();
        continue;
      }
      const here = stack.at(-1)![1];
      const children = here.entries.get('children');
      const child = isTfsTuple(children) ? children.entries.get(name) : undefined;
      const pathNow = `/${[...stack.slice(1).map(([n]) => n), name].join('/')}`;
      if (!isTfsTuple(child)) return { missing: pathNow };
      const entry = describeEntry(pathNow, child);
      const last = names.slice(i + 1).every((n) => n === '' || n === '.');
      if (entry.type === 'symlink' && (!last || followLast)) {
        if (++hops > SYMLINK_HOPS_MAX) return { loop: pathNow };
        const base: [string, TfsTuple][] = entry.linktarget.startsWith('/') ? [stack[0]!] : [...stack];
        const result = walk(base, entry.linktarget.split('/'));
        if (!('entry' in result)) return result;
        if (last) return result;
        if (result.entry.type !== 'dir') return { missing: pathNow };
        stack = pathStack(root, result.entry.path);
        continue;
      }
      stack.push([name, child]);
    }
    const [, node] = stack.at(-1)!;
    const p = stack.length === 1 ? '/' : `/${stack.slice(1).map(([n]) => n).join('/')}`;
    return { entry: describeEntry(p, node) };
  };
  return walk([['', root]], guestPath.split('/'));
}

/** The [name, node] stack of an existing, symlink-free path. */
function pathStack(root: TfsTuple, p: string): [string, TfsTuple][] {
  const stack: [string, TfsTuple][] = [['', root]];
  for (const name of p.split('/').filter(Boolean)) {
    const children = stack.at(-1)![1].entries.get('children') as TfsTuple;
    stack.push([name, children.entries.get(name) as TfsTuple]);
  }
  return stack;
}
