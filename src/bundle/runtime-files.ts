// The read edge of runtime-rules.ts: gather the facts (which libraries and modules are kept,
// where libcrypto was built to look), then turn each wanted path into rootfs paths to keep.
// Libraries kept this way are returned too: their own DT_NEEDED closure is the planner's to add.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ElfObject } from '../elf/elf-closure-types.js';
import type { CtypesLibrary } from '../python/ctypes-libraries.js';
import { isElfFile } from './is-elf-file.js';
import { globToRegExp } from './match-glob.js';
import type { Reason } from './bundle-plan.js';
import type { KeptPath } from './plan-facts.js';
import { resolveGuest } from './resolve-guest.js';
import { hostPathOf, type RootfsView } from './rootfs-view.js';
import { runtimeWants, type RuntimeFacts, type RuntimeWant } from './runtime-rules.js';
import { walkView } from './walk-view.js';

export interface RuntimeInput {
  readonly objects: readonly ElfObject[];
  readonly modules: ReadonlySet<string> | 'all';
  readonly env: readonly (readonly [string, string])[];
  readonly python?: { readonly major: number; readonly minor: number };
  readonly ctypes?: readonly CtypesLibrary[];
}

export interface RuntimeFiles {
  readonly kept: KeptPath[];
  /** Real guest paths of the shared libraries kept by a dlopen rule. */
  readonly libraries: string[];
}

export function runtimeFiles(view: RootfsView, input: RuntimeInput): RuntimeFiles {
  const wants = runtimeWants(runtimeFacts(view, input));
  const kept: KeptPath[] = [];
  const libraries: string[] = [];
  const doneGroups = new Set<string>();
  for (const want of wants) {
    if (want.firstOf !== undefined && doneGroups.has(want.firstOf)) continue;
    // What dlopen() loads is an ELF shared object; a linker script named libc.so (libc6-dev) is
    // not one, whatever its name says.
    const paths = expand(view, want.path).filter((p) => want.kind !== 'dlopen' || isElfFile(hostPathOf(view.root, p.real)));
    if (paths.length === 0) continue;
    if (want.firstOf !== undefined) doneGroups.add(want.firstOf);
    const reason: Reason = { kind: want.kind, by: want.by, why: want.why };
    for (const p of paths) {
      kept.push({ guest: p.guest, reason });
      if (want.kind === 'dlopen' && /\.so(\.\d+)*$/.test(p.real)) libraries.push(p.real);
    }
  }
  return { kept, libraries: [...new Set(libraries)].sort() };
}

function runtimeFacts(view: RootfsView, input: RuntimeInput): RuntimeFacts {
  const libraries = new Set<string>();
  for (const o of input.objects) {
    if (o.soname) libraries.add(o.soname);
    libraries.add(path.posix.basename(o.guest));
  }
  const crypto = input.objects.find((o) => /^libcrypto\.so\./.test(o.soname ?? path.posix.basename(o.guest)));
  const openssl = crypto ? opensslFacts(view, crypto, input.objects, new Map(input.env).get('OPENSSL_CONF')) : undefined;
  return {
    libraries,
    modules: input.modules,
    env: new Map(input.env),
    glibc: input.objects.some((o) => o.soname === 'libc.so.6'),
    ...(input.python ? { python: input.python } : {}),
    ...(input.ctypes?.length ? { ctypes: input.ctypes } : {}),
    ...(openssl ? { openssl } : {}),
  };
}

/** `OPENSSLDIR: "/usr/lib/ssl"` and its MODULESDIR/ENGINESDIR siblings are strings in libcrypto
 * (what `openssl version -a` prints): the places this build reads and loads from. Who asks for
 * providers and engines: a kept object that links libcrypto and imports OSSL_PROVIDER_load
 * (ENGINE_by_id) — its dynamic string table names it —, else the configuration file. */
function opensslFacts(view: RootfsView, crypto: ElfObject, objects: readonly ElfObject[], configEnv: string | undefined): RuntimeFacts['openssl'] {
  const text = readText(hostPathOf(view.root, crypto.guest), 'latin1');
  const field = (name: string): string | undefined => new RegExp(`${name}: "(/[^"\\0]*)"`).exec(text)?.[1];
  const dir = field('OPENSSLDIR');
  if (dir === undefined) return undefined;
  const modules = field('MODULESDIR');
  const engines = field('ENGINESDIR');
  const soname = crypto.soname ?? path.posix.basename(crypto.guest);
  const callers = objects.filter((o) => o !== crypto && o.needed.includes(soname)).map((o) => ({ name: path.posix.basename(o.guest), text: readText(hostPathOf(view.root, o.guest), 'latin1') }));
  const caller = (symbols: RegExp): string | undefined => callers.find((c) => symbols.test(c.text))?.name;
  const configFile = configEnv?.startsWith('/') ? configEnv : `${dir}/openssl.cnf`;
  const config = resolveGuest(view, configFile).real;
  const cnf = config?.node.kind === 'file' ? readText(hostPathOf(view.root, config.guest), 'utf8') : '';
  const providersBy = caller(/\0OSSL_PROVIDER_(try_)?load\0/) ?? (/^\s*providers\s*=/m.test(cnf) ? configFile : undefined);
  const enginesBy = caller(/\0ENGINE_(by_id|load_builtin_engines)\0/) ?? (/^\s*engines\s*=/m.test(cnf) ? configFile : undefined);
  return { soname, dir, ...(modules ? { modules } : {}), ...(engines ? { engines } : {}), ...(providersBy ? { providersBy } : {}), ...(enginesBy ? { enginesBy } : {}) };
}

function readText(hostPath: string, encoding: BufferEncoding): string {
  try {
    return readFileSync(hostPath, encoding);
  } catch {
    return '';
  }
}

/** A wanted path as rootfs paths (as asked, so symlinks on the way are kept) and their real paths. */
function expand(view: RootfsView, want: RuntimeWant['path']): { guest: string; real: string }[] {
  const name = path.posix.basename(want);
  if (name !== '*' && name !== '**' && name.includes('*')) {
    // `DIR/libmagic.so*`: the files of DIR whose names match, symlinks included.
    const dir = resolveGuest(view, path.posix.dirname(want)).real;
    if (dir?.node.kind !== 'dir') return [];
    const match = globToRegExp(name);
    return view
      .list(dir.guest)
      .filter((n) => match.test(n))
      .flatMap((n) => expand(view, `${dir.guest}/${n}`));
  }
  const whole = want.endsWith('/**');
  const files = want.endsWith('/*');
  const base = whole ? want.slice(0, -3) : files ? want.slice(0, -2) : want;
  const resolved = resolveGuest(view, base).real;
  if (!resolved) return [];
  if (!whole && !files) return [{ guest: base, real: resolved.guest }];
  if (resolved.node.kind !== 'dir') return [];
  const out: { guest: string; real: string }[] = [];
  for (const w of walkView(view, resolved.guest)) {
    const rel = w.guest.slice(resolved.guest.length);
    if (files && rel.lastIndexOf('/') > 0) continue;
    if (w.node.kind === 'dir' || w.node.kind === 'special') continue;
    const real = w.node.kind === 'symlink' ? resolveGuest(view, w.guest).real : { guest: w.guest, node: w.node };
    if (real && real.node.kind === 'file') out.push({ guest: base + rel, real: real.guest });
  }
  return out;
}
