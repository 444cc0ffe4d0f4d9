// The root tuple's `mounts` key: what the kernel mounts where. A 9p share is named `%TAG` (its
// QEMU mount_tag), a volume by its label; `:ro` makes the kernel refuse writes (EROFS).
import type { MountSpec } from '../config/build-settings.js';
import { tuple, type ManifestTuple } from './tuple.js';

export function mountsTuple(mounts: readonly MountSpec[]): ManifestTuple | undefined {
  if (mounts.length === 0) return undefined;
  return tuple(mounts.map((m) => [m.kind === 'share' ? `%${m.tag}` : m.name, `${m.guest}${m.readOnly ? ':ro' : ''}`] as const));
}
