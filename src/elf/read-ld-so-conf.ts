// The directories /etc/ld.so.conf names, in ldconfig's order: one directory per line, `include`
// with glob patterns (relative ones against the including file's directory), `hwcap` ignored.
// ldconfig turns them into /etc/ld.so.cache, which the loader reads after RUNPATH.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RootView } from '../resolve-in-root.js';

const MAX_INCLUDE_DEPTH = 16;
const MAX_CONF_BYTES = 1 << 20;

export function readLdSoConf(view: RootView, conf = '/etc/ld.so.conf'): string[] {
  const dirs: string[] = [];
  const seen = new Set<string>();
  const visit = (file: string, depth: number): void => {
    const resolved = view.resolve(file);
    if (resolved.kind !== 'file' || seen.has(resolved.guest) || depth > MAX_INCLUDE_DEPTH) return;
    seen.add(resolved.guest);
    let text: string;
    try {
      text = readFileSync(view.host(resolved.guest)).subarray(0, MAX_CONF_BYTES).toString('utf8');
    } catch {
      return;
    }
    for (const raw of text.split('\n')) {
      const line = raw.split('#', 1)[0]!.trim();
      if (line === '') continue;
      const include = /^include[ \t]+(.*)$/.exec(line);
      if (include) {
        for (const pattern of include[1]!.split(/[ \t]+/).filter(Boolean)) {
          const abs = pattern.startsWith('/') ? pattern : path.posix.join(path.posix.dirname(file), pattern);
          for (const match of globInRoot(view, abs)) visit(match, depth + 1);
        }
      } else if (/^hwcap[ \t]/i.test(line)) continue;
      else {
        // `dir=TYPE` is an old form; the type is ignored.
        const dir = line.replace(/=.*$/, '').replace(/\/+$/, '');
        if (dir.startsWith('/') && !dirs.includes(dir)) dirs.push(dir);
      }
    }
  };
  visit(conf, 0);
  return dirs;
}

/** glob(3) over guest paths: `*`, `?` and `[...]` within one component, no leading-dot matches. */
export function globInRoot(view: RootView, pattern: string): string[] {
  let found = ['/'];
  for (const part of pattern.split('/').filter((c) => c !== '' && c !== '.')) {
    const next: string[] = [];
    if (!/[*?[]/.test(part)) {
      for (const dir of found) next.push(path.posix.join(dir, part));
    } else {
      const re = globPartToRegExp(part);
      for (const dir of found) {
        const real = view.resolve(dir);
        if (real.kind !== 'directory') continue;
        for (const name of view.list(real.guest)) if (re.test(name)) next.push(path.posix.join(dir, name));
      }
    }
    found = next;
  }
  return found.filter((p) => view.resolve(p).kind !== 'missing').sort();
}

function globPartToRegExp(part: string): RegExp {
  let re = '';
  for (let i = 0; i < part.length; i++) {
    const c = part[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = part.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        let body = part.slice(i + 1, close).replace(/\\/g, '\\\\');
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        re += `[${body}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^(?!\\.)${re}$`);
}
