// List the files under a guest directory of a rootfs, the way selection wants them.
import { readdir } from 'node:fs/promises';
import { hostOf } from './resolve-in-root.js';

/** Every file under a guest dir (not entering __pycache__), sorted; symlinks are listed, not followed. */
export async function walkGuestDir(root: string, guestDir: string, skip: (guest: string) => boolean = () => false): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(hostOf(root, guestDir), { withFileTypes: true }).catch(() => []);
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const guest = `${guestDir}/${e.name}`;
    if (e.name === '__pycache__' || skip(guest)) continue;
    if (e.isDirectory()) out.push(...(await walkGuestDir(root, guest, skip)));
    else out.push(guest);
  }
  return out;
}

