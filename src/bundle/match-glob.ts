// Guest path globs for the config's include/exclude lists. Node 20's path.matchesGlob prints an
// ExperimentalWarning, and a stage must not print.

/** `*` and `?` stay inside one path component, `**` spans any number of them, `[abc]` is a class. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      const slashAfter = glob[i + 2] === '/';
      re += slashAfter ? '(?:.*/)?' : '.*';
      i += slashAfter ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        const body = glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'u');
}

/** The directory part of a glob before its first wildcard: where a walk for it can start. */
export function globBase(glob: string): string {
  const wild = glob.search(/[*?[]/);
  if (wild < 0) return glob;
  const slash = glob.lastIndexOf('/', wild);
  return slash <= 0 ? '/' : glob.slice(0, slash);
}

/** A predicate true for a guest path matching any of `globs` (a directory glob also covers what is below it). */
export function matchAny(globs: readonly string[]): (guest: string) => boolean {
  const res = globs.map(globToRegExp);
  return (guest) => res.some((re) => re.test(guest)) || res.some((re) => underMatch(re, guest));
}

function underMatch(re: RegExp, guest: string): boolean {
  for (let i = guest.lastIndexOf('/'); i > 0; i = guest.lastIndexOf('/', i - 1)) {
    if (re.test(guest.slice(0, i))) return true;
  }
  return false;
}
