// Data a Debian-packaged Python module reads by a path written in its code, outside its package
// directory: Debian's matplotlib looks for /usr/share/matplotlib/mpl-data (and /etc/matplotlibrc),
// installed by its separate python-matplotlib-data package. The rootfs's dpkg database says which
// package owns a module's directory; that package's and its `-data` dependencies' files under
// /usr/share and /etc are kept (documentation and manuals aside). A rootfs without a dpkg database
// (pip, the official images' /usr/local) has nothing to add here.
import { readFile } from 'node:fs/promises';
import { hostOf } from './resolve-in-root.js';

const DPKG = '/var/lib/dpkg';
/** Paths under /usr/share no program reads at run time (documentation, build helpers, desktop
 * entries). */
const NEVER = /^\/usr\/share\/(doc|doc-base|man|info|lintian|bug|menu|bash-completion|zsh|perl5|applications|pixmaps|icons)(\/|$)/;

/** One package's stanza of /var/lib/dpkg/status: its name and the names it depends on (first of
 * each set of alternatives, versions and architectures dropped). */
export interface DpkgPackage {
  readonly name: string;
  readonly depends: readonly string[];
}

export function parseDpkgStatus(text: string): Map<string, DpkgPackage> {
  const out = new Map<string, DpkgPackage>();
  for (const stanza of text.split(/\n\s*\n/)) {
    const field = (key: string): string => new RegExp(`^${key}:[ \\t]*(.*(?:\\n[ \\t].*)*)`, 'm').exec(stanza)?.[1] ?? '';
    const name = field('Package').trim();
    if (name === '') continue;
    const depends = [field('Depends'), field('Pre-Depends')]
      .join(',')
      .split(',')
      .map((alternatives) => alternatives.split('|')[0]!.trim().split(/[\s(:]/)[0]!)
      .filter(Boolean);
    out.set(name, { name, depends });
  }
  return out;
}

/** The files a data dependency brings that a program may read: under /usr/share or /etc. */
export const readableData = (paths: readonly string[]): string[] =>
  paths.filter((p) => (p.startsWith('/usr/share/') || p.startsWith('/etc/')) && !NEVER.test(p));

/** Reads the rootfs's dpkg database once; `forDir` gives the guest paths (files, symlinks and
 * directories as dpkg lists them) of the data that the package owning `guestDir` and its `-data`
 * dependencies install. */
export async function debianData(root: string): Promise<{ forDir(guestDir: string): Promise<string[]> }> {
  const status = await readFile(hostOf(root, `${DPKG}/status`), 'utf8').catch(() => '');
  const packages = parseDpkgStatus(status);
  const lists = new Map<string, string[]>();
  const listOf = async (name: string): Promise<string[]> => {
    let paths = lists.get(name);
    if (paths === undefined) {
      paths = [];
      for (const file of [`${name}.list`, `${name}:amd64.list`]) {
        const text = await readFile(hostOf(root, `${DPKG}/info/${file}`), 'utf8').catch(() => undefined);
        if (text !== undefined) {
          paths = text.split('\n').filter(Boolean);
          break;
        }
      }
      lists.set(name, paths);
    }
    return paths;
  };
  return {
    async forDir(guestDir) {
      for (const owner of packages.values()) {
        if (!(await listOf(owner.name)).includes(guestDir)) continue;
        const names = [owner.name, ...owner.depends.filter((d) => d.endsWith('-data') && packages.has(d))];
        const paths: string[] = [];
        for (const name of names) paths.push(...readableData(await listOf(name)));
        return paths;
      }
      return [];
    },
  };
}
