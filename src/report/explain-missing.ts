// `run --trace-missing`: the paths the guest failed to open, as a person can act on them. Noise
// is left out — bytecode looked for beside a source the image ships, the interpreter's and the
// loader's start-up probes, and paths looked up at one place and found at another (library and
// sys.path searches, locale spellings) — and each remaining path says whether the rootfs has it.
// Pure: the rootfs is asked through `lookup`.

/** What the rootfs has at a guest path, and where it has files of that name. */
export interface RootfsLookup {
  at(guest: string): 'file' | 'dir' | undefined;
  byName(names: readonly string[]): ReadonlyMap<string, readonly string[]>;
}

export interface MissingLine {
  readonly path: string;
  /** In the rootfs at that very path, elsewhere under that name, or nowhere. */
  readonly rootfs: { readonly kind: 'here' } | { readonly kind: 'elsewhere'; readonly paths: readonly string[] } | { readonly kind: 'nowhere' };
}

export interface ExplainedMissing {
  readonly lines: readonly MissingLine[];
  /** How many paths were left out, per reason. */
  readonly noise: { readonly bytecode: number; readonly probes: number; readonly foundElsewhere: number };
  /** Paths to keep (those the rootfs has at that very path), for one Minops.Include line. */
  readonly include: readonly string[];
}

const base = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

/** Files CPython and glibc's loader look for at start-up whose absence is the normal case. */
const PROBE = /^(pyvenv\.cfg|pybuilddir\.txt|python\d+\.zip|python[\d.]*\._pth|ld\.so\.preload|ld\.so\.cache)$/;
/** CPython's coercion of the C locale (PEP 538: C.UTF-8, C.utf8, UTF-8, as glibc spells them)
 * and glibc's locale lookups around it: without them Python runs in UTF-8 mode (PEP 540). */
const LOCALE_PROBE = /^\/usr\/(lib\/locale\/(C|C\.UTF-8|C\.utf8|UTF-8|utf8)\/LC_CTYPE|lib\/locale\/locale-archive|share\/locale\/locale\.alias)$/;
const PYCACHE = /^(.*)\/__pycache__\/([^/]+?)\.[^./]+\.pyc$/;

export function explainMissing(missing: readonly string[], found: readonly string[], shipped: ReadonlySet<string>, lookup: RootfsLookup): ExplainedMissing {
  const foundNames = new Set(found.map(base));
  const noise = { bytecode: 0, probes: 0, foundElsewhere: 0 };
  const kept: string[] = [];
  for (const p of missing) {
    const pyc = PYCACHE.exec(p);
    if (pyc && (shipped.has(`${pyc[1]}/${pyc[2]}.py`) || found.includes(`${pyc[1]}/${pyc[2]}.py`))) noise.bytecode++;
    else if (PROBE.test(base(p)) || LOCALE_PROBE.test(p)) noise.probes++;
    else if (foundNames.has(base(p))) noise.foundElsewhere++;
    else kept.push(p);
  }
  const names = lookup.byName([...new Set(kept.filter((p) => !lookup.at(p)).map(base))]);
  const lines = kept.map((p): MissingLine => {
    if (lookup.at(p)) return { path: p, rootfs: { kind: 'here' } };
    const elsewhere = names.get(base(p)) ?? [];
    return { path: p, rootfs: elsewhere.length > 0 ? { kind: 'elsewhere', paths: elsewhere } : { kind: 'nowhere' } };
  });
  return { lines, noise, include: lines.filter((l) => l.rootfs.kind === 'here').map((l) => l.path) };
}

/** The lines `run` prints on stderr. */
export function renderMissing(e: ExplainedMissing): string[] {
  const out: string[] = [];
  const left = e.noise.bytecode + e.noise.probes + e.noise.foundElsewhere;
  if (e.lines.length === 0) out.push('minops: the guest found every file it opened');
  else out.push(`minops: the guest failed to open ${e.lines.length} path(s) that are not in the image:`);
  const width = Math.min(60, Math.max(0, ...e.lines.map((l) => l.path.length)));
  for (const l of e.lines) {
    const where =
      l.rootfs.kind === 'here'
        ? 'the rootfs has it'
        : l.rootfs.kind === 'nowhere'
          ? 'not in the rootfs either'
          : `not there in the rootfs either; it has ${l.rootfs.paths.slice(0, 3).join(', ')}${l.rootfs.paths.length > 3 ? ` and ${l.rootfs.paths.length - 3} more` : ''}`;
    out.push(`  ${l.path.padEnd(width)}  ${where}`);
  }
  if (left > 0) {
    const parts = [
      e.noise.bytecode > 0 ? `${e.noise.bytecode} bytecode file(s) looked for beside a source the image has` : '',
      e.noise.probes > 0 ? `${e.noise.probes} start-up probe(s) of the interpreter and loader` : '',
      e.noise.foundElsewhere > 0 ? `${e.noise.foundElsewhere} looked up at one place and found at another` : '',
    ].filter(Boolean);
    out.push(`minops: left out as noise: ${parts.join('; ')}`);
  }
  if (e.include.length > 0) out.push(`minops: to keep those the rootfs has, add to config.json: "Minops": { "Include": ${JSON.stringify(e.include)} }`);
  return out;
}
