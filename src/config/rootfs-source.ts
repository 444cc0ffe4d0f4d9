// Where the Python tree comes from, in the transport syntax people know from skopeo/podman.
import { MinopsError } from '../errors.js';
import { closestKey } from './closest-key.js';
import { bad, ok, type Parsed } from './parsed.js';

export type RootfsSource =
  | { kind: 'dockerfile'; path: string }
  | { kind: 'docker-daemon'; ref: string }
  | { kind: 'podman'; ref: string }
  | { kind: 'docker-archive'; file: string }
  | { kind: 'oci-archive'; file: string }
  | { kind: 'oci'; dir: string }
  | { kind: 'dir'; path: string }
  | { kind: 'host' };

export type RootfsTransport = RootfsSource['kind'];

export const defaultRootfsSource: RootfsSource = { kind: 'dockerfile', path: 'Dockerfile.rootfs' };

export const rootfsTransports: readonly RootfsTransport[] = [
  'dockerfile',
  'docker-daemon',
  'podman',
  'docker-archive',
  'oci-archive',
  'oci',
  'dir',
  'host',
];

/** `podman:python:3.10-slim` → `{kind:'podman', ref:'python:3.10-slim'}`. Only the first `:` splits,
 * because image references and paths may contain more. */
export function parseRootfsSourceText(text: string): Parsed<RootfsSource> {
  if (text === 'host') return ok({ kind: 'host' });
  const colon = text.indexOf(':');
  const transport = colon < 0 ? text : text.slice(0, colon);
  const rest = colon < 0 ? '' : text.slice(colon + 1);
  if (!(rootfsTransports as readonly string[]).includes(transport)) {
    // `docker:REF` is the usual slip: suggest docker-daemon (a prefix), else a near spelling.
    const near = colon < 0 ? undefined : (rootfsTransports.find((t) => t.startsWith(`${transport}-`)) ?? closestKey(transport, rootfsTransports));
    const withValue = rootfsTransports.filter((t) => t !== 'host').join(', ');
    return bad(`unknown rootfs source "${text}"; ${near ? `did you mean "${near}:${rest}"? ` : ''}write TRANSPORT:VALUE with TRANSPORT one of ${withValue}, or just "host"`);
  }
  if (rest === '') return bad(`"${text}" names no ${transport === 'dockerfile' || transport === 'dir' || transport === 'oci' ? 'path' : 'image'} after "${transport}:"`);
  switch (transport as RootfsTransport) {
    case 'dockerfile':
      return ok({ kind: 'dockerfile', path: rest });
    case 'docker-daemon':
      return ok({ kind: 'docker-daemon', ref: rest });
    case 'podman':
      return ok({ kind: 'podman', ref: rest });
    case 'docker-archive':
      return ok({ kind: 'docker-archive', file: rest });
    case 'oci-archive':
      return ok({ kind: 'oci-archive', file: rest });
    case 'oci':
      return ok({ kind: 'oci', dir: rest });
    case 'dir':
      return ok({ kind: 'dir', path: rest });
    case 'host':
      return bad(`"host" takes no value, got "${text}"`);
  }
}

/** parseRootfsSourceText for a flag: throws MinopsError USAGE naming the flag. */
export function parseRootfsSource(text: string, flag = '--rootfs'): RootfsSource {
  const parsed = parseRootfsSourceText(text);
  if (!parsed.ok) {
    throw new MinopsError('USAGE', `${flag}: ${parsed.error}`, { hint: 'e.g. --rootfs podman:python:3.10-slim, --rootfs dir:./rootfs, --rootfs host' });
  }
  return parsed.value;
}

/** The inverse of parseRootfsSource, for messages and cache keys. */
export function formatRootfsSource(source: RootfsSource): string {
  switch (source.kind) {
    case 'host':
      return 'host';
    case 'dockerfile':
    case 'dir':
      return `${source.kind}:${source.path}`;
    case 'docker-daemon':
    case 'podman':
      return `${source.kind}:${source.ref}`;
    case 'docker-archive':
    case 'oci-archive':
      return `${source.kind}:${source.file}`;
    case 'oci':
      return `oci:${source.dir}`;
  }
}
