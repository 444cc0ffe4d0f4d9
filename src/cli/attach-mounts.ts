// The host side of -v, checked before anything slow runs: each share's directory (a read-write
// one is made when missing, as docker does; a read-only one must exist), each volume's file, and
// whether the machine can carry them. Gives the VM its shares and extra disks, in settings order.
import { mkdirSync, statSync } from 'node:fs';
import type { BuildSettings } from '../config/build-settings.js';
import { MinopsError } from '../errors.js';
import { findVolume } from '../image/volume/volume-store.js';
import { machineCarries } from '../vm/machine-carries.js';
import type { ExtraDisk, Share } from '../vm/vm-spec.js';

export interface AttachedMount {
  kind: 'share' | 'volume';
  /** The host directory, or the volume's file. */
  host: string;
  /** The volume's name. */
  name?: string;
  guest: string;
  readOnly: boolean;
}

export interface AttachedMounts {
  shares: Share[];
  volumes: ExtraDisk[];
  /** Every mount, in order, for `mkimage --json`. */
  mounts: AttachedMount[];
}

export function attachMounts(settings: BuildSettings): AttachedMounts {
  const shares = settings.mounts.filter((m) => m.kind === 'share');
  // A machine asked for must carry the mounts; without one, chooseMachine takes one that does.
  const carries = settings.machine === undefined ? { ok: true as const } : machineCarries(settings.machine, { shares: shares.length, volumes: settings.mounts.length - shares.length, net: settings.net });
  if (!carries.ok) {
    throw new MinopsError('USAGE', `--machine ${settings.machine}: ${carries.why}`, {
      where: { file: shares[0]?.from ?? '--machine' },
      hint: 'leave out --machine microvm (a run with a host share boots q35 by itself), or use a named volume instead of a host directory',
    });
  }
  const out: AttachedMounts = { shares: [], volumes: [], mounts: [] };
  for (const m of settings.mounts) {
    if (m.kind === 'share') {
      prepareShareDir(m.host, m.readOnly, m.from);
      out.shares.push({ tag: m.tag, hostDir: m.host });
      out.mounts.push({ kind: 'share', host: m.host, guest: m.guest, readOnly: m.readOnly });
    } else {
      if (settings.label === m.name) {
        throw new MinopsError('USAGE', `the image's own label is "${m.name}", the label of this volume too: the guest could mount either`, {
          where: { file: m.from },
          hint: 'choose another --label (or Minops.Label) for the image',
        });
      }
      const file = findVolume(m.name, m.from);
      out.volumes.push({ file });
      out.mounts.push({ kind: 'volume', host: file, name: m.name, guest: m.guest, readOnly: m.readOnly });
    }
  }
  return out;
}

function prepareShareDir(dir: string, readOnly: boolean, from: string): void {
  const st = statSync(dir, { throwIfNoEntry: false });
  if (st?.isDirectory()) return;
  if (st) throw new MinopsError('USAGE', `${dir} is not a directory; a share is a host directory`, { where: { file: from } });
  if (readOnly) {
    throw new MinopsError('INPUT_MISSING', `${dir}: no such directory (a read-only share must exist; only a read-write one is made)`, { where: { file: from } });
  }
  mkdirSync(dir, { recursive: true });
}
