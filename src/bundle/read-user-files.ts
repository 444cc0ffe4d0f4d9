// The user's own files: the script, and the config's Files, Dirs and MapDirs (ops's keys), read
// from the host into plan entries. A relative path keeps its place relative to the guest working
// directory (/app), as it was relative to the config's directory on the host; an absolute path
// keeps its absolute place.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { MinopsError, type Where } from '../errors.js';
import type { PlanEntry, Reason } from './bundle-plan.js';
import { normalizeGuest } from './compare-guest.js';
import { globBase, globToRegExp } from './match-glob.js';
import { hostRootfsView } from './rootfs-view.js';
import { walkView } from './walk-view.js';

/** Where the script and the user's relative files go, and the guest's working directory. */
export const appDir = '/app';

export interface UserFileConfig {
  /** Directory relative host paths resolve against (the config file's directory, or the cwd). */
  readonly baseDir: string;
  readonly configFile?: string;
  readonly files: readonly string[];
  readonly dirs: readonly string[];
  readonly mapDirs: readonly { readonly host: string; readonly guest: string }[];
}

/** Guest path for a config File/Dir as written by the user. */
export const userGuestPath = (written: string): string =>
  path.isAbsolute(written) ? normalizeGuest(written) : normalizeGuest(appDir, written);

export function readUserFiles(config: UserFileConfig): PlanEntry[] {
  const where: Where = { file: config.configFile ?? config.baseDir };
  const entries: PlanEntry[] = [];
  const host = (p: string): string => path.resolve(config.baseDir, p);
  const need = (key: string, p: string): string => {
    const h = host(p);
    if (!existsSync(h)) throw new MinopsError('INPUT_MISSING', `${key}: ${h} does not exist`, { where: { ...where, entry: key }, hint: `relative paths are relative to ${config.baseDir}` });
    return h;
  };
  for (const f of config.files) entries.push(...treeEntries(need('Files', f), userGuestPath(f), { kind: 'user', detail: `Files: ${f}` }));
  for (const d of config.dirs) entries.push(...treeEntries(need('Dirs', d), userGuestPath(d), { kind: 'user', detail: `Dirs: ${d}` }));
  for (const m of config.mapDirs) {
    const glob = host(m.host);
    const base = globBase(glob);
    const re = globToRegExp(glob);
    const matches = [...walkView(hostRootfsView(base, refuseNonUtf8({ kind: 'user', detail: `MapDirs: ${m.host}` })), '/')].filter((w) => re.test(path.join(base, w.guest)));
    if (matches.length === 0) throw new MinopsError('INPUT_MISSING', `MapDirs: ${glob} matches nothing`, { where: { ...where, entry: 'MapDirs' } });
    const reason: Reason = { kind: 'user', detail: `MapDirs: ${m.host} → ${m.guest}` };
    for (const w of matches) entries.push(...treeEntries(path.join(base, w.guest), normalizeGuest(m.guest, w.guest), reason));
  }
  return entries;
}

/** The user asked for this file by name, so leaving it out would be a silent loss. */
const refuseNonUtf8 = (reason: Reason) => (hostPath: string): never => {
  throw new MinopsError('MANIFEST_BAD_NAME', 'the name is not UTF-8, and Nanos takes UTF-8 names only', {
    where: { file: hostPath, ...(reason.kind === 'user' ? { entry: reason.detail } : {}) },
    hint: 'rename it, or move it out of the directory the config names',
  });
};

/** The script itself at /app/<name>. */
export function scriptEntry(scriptHost: string, size: number): PlanEntry {
  return { guest: `${appDir}/${path.basename(scriptHost)}`, source: { kind: 'file', hostPath: scriptHost, size }, reason: { kind: 'script' } };
}

/** A host file, symlink or whole directory placed at `guest`. */
function treeEntries(hostPath: string, guest: string, reason: Reason): PlanEntry[] {
  const view = hostRootfsView(path.dirname(hostPath), refuseNonUtf8(reason));
  const out: PlanEntry[] = [];
  for (const w of walkView(view, `/${path.basename(hostPath)}`)) {
    const g = normalizeGuest(guest, w.guest.slice(path.basename(hostPath).length + 1));
    if (w.node.kind === 'file') out.push({ guest: g, source: { kind: 'file', hostPath: path.join(view.root, w.guest), size: w.node.size }, reason });
    else if (w.node.kind === 'symlink') out.push({ guest: g, source: { kind: 'symlink', target: w.node.target }, reason });
    else if (w.node.kind === 'dir') out.push({ guest: g, source: { kind: 'dir' }, reason });
  }
  return out;
}
