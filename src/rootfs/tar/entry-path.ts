// Pure decision on what an archive name means inside the target, made before any syscall:
// strict UTF-8, no NUL, leading '/' stripped (as docker and containerd do for layers), '.' and
// empty segments dropped, any '..' refused, NAME_MAX/PATH_MAX enforced so a 10,000-deep name is
// refused without creating a single directory.

export const NAME_MAX = 255;
export const PATH_MAX = 4095;

export type EntryPath = { ok: true; parts: string[] } | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes name bytes strictly; null when they are not UTF-8 (Nanos refuses such names). */
export function decodeName(bytes: Buffer): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

/** The path segments of an archive name relative to the target root ([] is the root itself). */
export function entryPath(bytes: Buffer): EntryPath {
  const name = decodeName(bytes);
  if (name === null) return { ok: false, reason: 'the name is not valid UTF-8' };
  if (name.includes('\0')) return { ok: false, reason: 'the name contains a NUL byte' };
  if (bytes.length > PATH_MAX) return { ok: false, reason: `the name is longer than ${PATH_MAX} bytes` };
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return { ok: false, reason: "the name contains '..'" };
    if (Buffer.byteLength(part) > NAME_MAX) return { ok: false, reason: `a path segment is longer than ${NAME_MAX} bytes` };
    parts.push(part);
  }
  return { ok: true, parts };
}

/** What a layer entry's base name means under the OCI whiteout rules. */
export type Whiteout = { kind: 'none' } | { kind: 'opaque' } | { kind: 'remove'; name: string } | { kind: 'invalid'; reason: string };

export const WHITEOUT_PREFIX = '.wh.';
const OPAQUE = '.wh..wh..opq';

export function whiteoutOf(base: string): Whiteout {
  if (!base.startsWith(WHITEOUT_PREFIX)) return { kind: 'none' };
  if (base === OPAQUE) return { kind: 'opaque' };
  const name = base.slice(WHITEOUT_PREFIX.length);
  if (name === '' || name === '.' || name === '..') return { kind: 'invalid', reason: `the whiteout "${base}" names no entry` };
  return { kind: 'remove', name };
}
