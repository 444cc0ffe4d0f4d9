// Guest paths are ordered by their UTF-8 bytes (what the image writer and `ls` agree on), not by
// JavaScript's UTF-16 code units, which order some non-ASCII names differently.

/** Compare two guest paths by their UTF-8 bytes. */
export function compareGuest(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** `/a/b/c` → [`/a`, `/a/b`]: every ancestor directory except `/`. */
export function guestAncestors(guest: string): string[] {
  const out: string[] = [];
  for (let i = guest.indexOf('/', 1); i > 0; i = guest.indexOf('/', i + 1)) out.push(guest.slice(0, i));
  return out;
}

/** Join and normalise guest path parts; `..` never climbs above `/` (the rootfs is `/`). */
export function normalizeGuest(...parts: string[]): string {
  const out: string[] = [];
  for (const part of parts.join('/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

