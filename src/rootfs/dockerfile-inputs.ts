// What a Dockerfile's build result depends on besides its own bytes: the base images it names
// (FROM, COPY --from=IMAGE) and the context paths it copies (COPY/ADD sources). Read from the text
// alone; anything whose result cannot be pinned this way (a remote ADD, a variable in an image or a
// source, a changed escape character) is reported instead, and such a build is never remembered.
import { baseImagesOf } from './from-engine.js';

export type DockerfileInputs =
  | { readonly kind: 'pinned'; readonly bases: readonly string[]; readonly sources: readonly string[] }
  | { readonly kind: 'unpinned'; readonly why: string };

/** Logical lines: comments and blank lines dropped, `\` continuations joined. */
function instructions(text: string): string[] {
  const out: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (pending === '' && /^\s*#/.test(line)) continue;
    if (/\\\s*$/.test(line)) {
      pending += `${line.replace(/\\\s*$/, '')} `;
      continue;
    }
    const whole = (pending + line).trim();
    pending = '';
    if (whole !== '') out.push(whole);
  }
  if (pending.trim() !== '') out.push(pending.trim());
  return out;
}

/** `["a", "b", "/dest"]` or `a b /dest`, flags (`--chown=…`, `--from=…`) apart. */
function copyArgs(rest: string): { flags: string[]; paths: string[] } | undefined {
  const words = rest.split(/\s+/).filter(Boolean);
  const flags = [];
  while (words[0]?.startsWith('--')) flags.push(words.shift()!);
  const tail = words.join(' ');
  if (tail.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(tail);
      if (Array.isArray(parsed) && parsed.every((p) => typeof p === 'string')) return { flags, paths: parsed as string[] };
    } catch {
      // not JSON after all: the shell form below
    }
  }
  return { flags, paths: words };
}

export function dockerfileInputs(text: string): DockerfileInputs {
  if (/^\s*#\s*escape\s*=/im.test(text)) return { kind: 'unpinned', why: 'it changes the escape character' };
  const bases = new Set(baseImagesOf(text));
  const stages = new Set<string>();
  const sources: string[] = [];
  for (const line of instructions(text)) {
    const m = /^(\w+)\s+(.*)$/s.exec(line);
    if (!m) continue;
    const [op, rest] = [m[1]!.toUpperCase(), m[2]!];
    if (op === 'FROM') {
      const stage = /\s+AS\s+(\S+)\s*$/i.exec(rest)?.[1];
      if (stage) stages.add(stage.toLowerCase());
      if (rest.includes('$')) return { kind: 'unpinned', why: 'a FROM line uses a variable' };
      continue;
    }
    if (op !== 'COPY' && op !== 'ADD') continue;
    const args = copyArgs(rest);
    if (!args) continue;
    const from = args.flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
    if (from !== undefined) {
      if (from.includes('$')) return { kind: 'unpinned', why: `${op} --from uses a variable` };
      if (!stages.has(from.toLowerCase()) && !/^\d+$/.test(from)) bases.add(from);
      continue;
    }
    for (const source of args.paths.slice(0, -1)) {
      // Heredoc bodies are part of the Dockerfile's own bytes.
      if (source.startsWith('<<')) continue;
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source) || /^git@/.test(source)) return { kind: 'unpinned', why: `${op} fetches ${source}` };
      if (source.includes('$')) return { kind: 'unpinned', why: `${op} source ${source} uses a variable` };
      sources.push(source);
    }
  }
  return { kind: 'pinned', bases: [...bases], sources };
}
