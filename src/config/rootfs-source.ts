// Where the Python tree comes from, in the transport syntax people know from skopeo/podman.
import { MinopsError } from '../errors.js';

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
export function parseRootfsSource(text: string, flag = '--rootfs'): RootfsSource {
  if (text === 'host') return { kind: 'host' };
  const colon = text.indexOf(':');
  const transport = colon < 0 ? text : text.slice(0, colon);
  const rest = colon < 0 ? '' : text.slice(colon + 1);
  const usage = `expected TRANSPORT:VALUE with TRANSPORT one of ${rootfsTransports.join(', ')} (or just "host")`;
  if (colon < 0 || !(rootfsTransports as readonly string[]).includes(transport)) {
    throw new MinopsError('USAGE', `${flag}: unknown rootfs source "${text}"; ${usage}`, {
      hint: 'for an image in podman write podman:REF, for a directory dir:PATH',
    });
  }
  if (rest === '') throw new MinopsError('USAGE', `${flag}: "${text}" names no ${transport === 'dockerfile' || transport === 'dir' ? 'path' : 'reference'}`);
  switch (transport as RootfsTransport) {
    case 'dockerfile':
      return { kind: 'dockerfile', path: rest };
    case 'docker-daemon':
      return { kind: 'docker-daemon', ref: rest };
    case 'podman':
      return { kind: 'podman', ref: rest };
    case 'docker-archive':
      return { kind: 'docker-archive', file: rest };
    case 'oci-archive':
      return { kind: 'oci-archive', file: rest };
    case 'oci':
      return { kind: 'oci', dir: rest };
    case 'dir':
      return { kind: 'dir', path: rest };
    case 'host':
      throw new MinopsError('USAGE', `${flag}: "host" takes no value, got "${text}"`);
  }
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
