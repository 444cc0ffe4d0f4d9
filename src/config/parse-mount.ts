// `-v SRC:GUESTDIR[:ro|rw]` as docker reads it: SRC is a named volume when it is a plain name
// (no `/`, not starting with `.`), otherwise a host directory. The guest side becomes a mount
// point in the image and the value of the manifest's `mounts` key, where a `:` would start the
// kernel's own options: so a guest directory holds no `:`.
import type { ShareMount, VolumeMount } from './build-settings.js';
import { bad, ok, type Parsed } from './parsed.js';

/** docker's volume name rule; the name is also the volume's TFS label (at most 31 bytes). */
export const VOLUME_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
export const VOLUME_NAME_MAX = 31;

const OPTIONS = new Set(['ro', 'rw']);

/** A volume name, or why it cannot be one. */
export function volumeNameProblem(name: string): string | undefined {
  if (!VOLUME_NAME.test(name)) return `"${name}" is not a volume name (letters, digits, _ . -; starting with a letter or digit)`;
  if (Buffer.byteLength(name) > VOLUME_NAME_MAX) return `"${name}" is longer than ${VOLUME_NAME_MAX} bytes (a volume name is its disk label)`;
  return undefined;
}

/** Parses one mount; `from` names where it was written (`-v …`, `Minops.Volumes[0]`) in errors
 * later stages raise. Host paths stay as written: the caller makes them absolute. */
export function parseMount(text: string, from: string): Parsed<Omit<ShareMount, 'tag'> | VolumeMount> {
  const parts = text.split(':');
  let readOnly = false;
  if (parts.length >= 3 && OPTIONS.has(parts.at(-1)!)) readOnly = parts.pop() === 'ro';
  else if (parts.length >= 3 && /^[a-z,]+$/.test(parts.at(-1)!) && !parts.at(-1)!.startsWith('/')) {
    return bad(`"${text}": unknown option "${parts.at(-1)}"; write ro or rw`);
  }
  if (parts.length < 2) return bad(`"${text}" is not HOSTDIR:GUESTDIR or NAME:GUESTDIR (with :ro for read-only)`);
  const guestText = parts.pop()!;
  const source = parts.join(':');
  if (source === '') return bad(`"${text}" names no host directory or volume before the ':'`);
  const guest = checkGuestDir(guestText);
  if (!guest.ok) return bad(`"${text}": ${guest.error}`);
  if (isPathLike(source)) return ok({ kind: 'share', host: source, guest: guest.value, readOnly, from });
  const problem = volumeNameProblem(source);
  if (problem) return bad(`"${text}": ${problem}; write ./${source} for a directory`);
  return ok({ kind: 'volume', name: source, guest: guest.value, readOnly, from });
}

/** docker's rule: anything with a `/`, or starting with `.` or `~`, is a path. */
const isPathLike = (source: string): boolean => source.includes('/') || source.startsWith('.') || source.startsWith('~');

/** An absolute guest directory below `/`, without `..`; `.` parts, doubled and trailing slashes go. */
export function checkGuestDir(text: string): Parsed<string> {
  if (!text.startsWith('/')) return bad(`the guest directory "${text}" is not absolute (write /${text})`);
  const names = text.split('/').filter((n) => n !== '' && n !== '.');
  if (names.includes('..')) return bad(`the guest directory "${text}" holds "..", which would climb out of it`);
  if (names.length === 0) return bad(`the guest directory is "/": a mount cannot hide the whole image`);
  return ok(`/${names.join('/')}`);
}
