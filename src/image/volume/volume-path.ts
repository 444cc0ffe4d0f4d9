// `NAME:/path`, one side of `volume cp` (docker cp's CONTAINER:PATH): a volume name, a colon, and
// a path inside the volume. A host path never reads as one: it has a `/` or a `.` before any `:`.
import { VOLUME_NAME } from '../../config/parse-mount.js';

export interface VolumePath {
  name: string;
  /** Absolute path inside the volume; `/` is its root. */
  path: string;
}

export function parseVolumePath(text: string): VolumePath | undefined {
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  const name = text.slice(0, colon);
  if (!VOLUME_NAME.test(name)) return undefined;
  const inner = text.slice(colon + 1);
  return { name, path: inner.startsWith('/') ? inner : `/${inner}` };
}
