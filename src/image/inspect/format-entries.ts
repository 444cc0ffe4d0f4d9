// Text forms of image entries for `minops image ls` and `image tree`, and their JSON form.
import type { TfsEntry } from '../tfs/entries.js';
import { isTfsTuple, tfsToJson, type TfsTuple } from '../tfs/value.js';
import { describeEntry } from '../tfs/entries.js';

export interface EntryJson {
  name: string;
  path: string;
  type: TfsEntry['type'];
  size?: number;
  linktarget?: string;
  keys?: Record<string, unknown>;
}

const byUtf8 = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** Children of a directory entry, sorted by name bytes. */
export function childEntries(dir: TfsEntry): TfsEntry[] {
  const children = dir.node.entries.get('children');
  if (!isTfsTuple(children)) return [];
  const base = dir.path === '/' ? '' : dir.path;
  return [...children.entries]
    .filter((pair): pair is [string, TfsTuple] => isTfsTuple(pair[1]))
    .sort(([a], [b]) => byUtf8(a, b))
    .map(([name, node]) => describeEntry(`${base}/${name}`, node));
}

export const entryName = (e: TfsEntry): string => (e.path === '/' ? '/' : e.path.slice(e.path.lastIndexOf('/') + 1));

export function entryJson(e: TfsEntry): EntryJson {
  const out: EntryJson = { name: entryName(e), path: e.path, type: e.type };
  if (e.type === 'file') out.size = e.size;
  if (e.type === 'symlink') out.linktarget = e.linktarget;
  if (e.keys.size > 0 && e.path !== '/') out.keys = Object.fromEntries([...e.keys].map(([k, v]) => [k, tfsToJson(v)]));
  return out;
}

/** Names are shown as JSON strings when they hold control characters, so a line is one entry. */
const shown = (name: string): string => (/[\u0000-\u001f\u007f]/.test(name) ? JSON.stringify(name) : name);

/** `ls -l`-like lines: type letter, size (files), name, `-> target` for symlinks. */
export function formatListing(entries: readonly TfsEntry[]): string {
  const width = Math.max(1, ...entries.map((e) => (e.type === 'file' ? String(e.size).length : 1)));
  return entries
    .map((e) => {
      const type = e.type === 'dir' ? 'd' : e.type === 'symlink' ? 'l' : '-';
      const size = (e.type === 'file' ? String(e.size) : '-').padStart(width);
      const name = shown(entryName(e)) + (e.type === 'dir' ? '/' : '') + (e.type === 'symlink' ? ` -> ${shown(e.linktarget)}` : '');
      return `${type} ${size}  ${name}\n`;
    })
    .join('');
}

/** An indented tree under `top`; cycles (a directory that contains itself) are cut. */
export function formatTree(top: TfsEntry): string {
  const lines: string[] = [`${shown(top.path)}${top.type === 'dir' && top.path !== '/' ? '/' : ''}`];
  const walk = (dir: TfsEntry, prefix: string, seen: Set<TfsTuple>): void => {
    const kids = childEntries(dir);
    kids.forEach((e, i) => {
      const lastOne = i === kids.length - 1;
      const label =
        e.type === 'dir' ? `${shown(entryName(e))}/` : e.type === 'symlink' ? `${shown(entryName(e))} -> ${shown(e.linktarget)}` : `${shown(entryName(e))} (${e.size})`;
      lines.push(`${prefix}${lastOne ? '└── ' : '├── '}${label}`);
      if (e.type === 'dir' && !seen.has(e.node)) walk(e, prefix + (lastOne ? '    ' : '│   '), new Set(seen).add(e.node));
    });
  };
  if (top.type === 'dir') walk(top, '', new Set([top.node]));
  return `${lines.join('\n')}\n`;
}
