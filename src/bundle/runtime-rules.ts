// What a DT_NEEDED walk and an import trace cannot see: libraries a kept library loads with
// dlopen() from a known place, and files a kept module or library reads at run time. Each rule
// names what triggers it (a kept library by soname, a kept module, the interpreter, whatever asks
// OpenSSL for a provider or an engine) and says why.
// Pure: the facts are read by runtime-files.ts.

/** What the rules look at. */
export interface RuntimeFacts {
  /** Sonames (or file names) of every kept shared library. */
  readonly libraries: ReadonlySet<string>;
  /** Modules the program loads (start-up set, imports, builtins); 'all' under `--slim stdlib`. */
  readonly modules: ReadonlySet<string> | 'all';
  /** The guest's environment. */
  readonly env: ReadonlyMap<string, string>;
  /** CPython's version, when the program is Python. */
  readonly python?: { readonly major: number; readonly minor: number };
  /** The C library is glibc (locale files, NSS). */
  readonly glibc: boolean;
  /** When libcrypto is kept: the directories it was built with (its OpenSSL_version strings),
   * and what asks it for providers and engines — a kept library that calls OSSL_PROVIDER_load
   * (ENGINE_by_id), or its configuration file (a `providers` or `engines` line). Python's own
   * _ssl and _hashlib ask for neither. */
  /** Libraries kept modules load with ctypes by name (src/python/ctypes-libraries.ts). */
  readonly ctypes?: readonly { readonly library: string; readonly by: string }[];
  readonly openssl?: {
    readonly soname: string;
    readonly dir: string;
    readonly modules?: string;
    readonly engines?: string;
    readonly providersBy?: string;
    readonly enginesBy?: string;
  };
}

/** A path a rule wants: a file or symlink, `DIR/*` (the files in DIR), or `DIR/**` (all below). */
export interface RuntimeWant {
  readonly path: string;
  readonly kind: 'dlopen' | 'data';
  /** The library or module that loads or reads it. */
  readonly by: string;
  readonly why: string;
  /** Only the first of the paths of one rule that exists is kept (`cert.pem`, else `certs/`). */
  readonly firstOf?: string;
}

type Trigger =
  | { readonly library: RegExp }
  | { readonly module: string }
  | { readonly interpreter: true }
  /** Whatever asks libcrypto for them (RuntimeFacts.openssl.providersBy / enginesBy). */
  | { readonly asksOpenssl: 'providers' | 'engines' };

interface Rule {
  readonly trigger: Trigger;
  readonly kind: 'dlopen' | 'data';
  readonly why: string;
  readonly paths: (f: RuntimeFacts) => readonly string[];
  /** The paths are alternatives: the first one present is kept. */
  readonly firstOnly?: boolean;
}

const envPath = (f: RuntimeFacts, key: string): string[] => {
  const v = f.env.get(key);
  return v && v.startsWith('/') ? [v] : [];
};

/** glibc looks for the C.UTF-8 locale under both spellings. */
const C_UTF8 = ['/usr/lib/locale/C.utf8', '/usr/lib/locale/C.UTF-8'];
/** CPython's default TZPATH (Lib/sysconfig, --with-tzpath). */
const TZPATH = ['/usr/share/zoneinfo', '/usr/lib/zoneinfo', '/usr/share/lib/zoneinfo', '/etc/zoneinfo'];

/** The guest's environment names the C.UTF-8 locale (as the official Python images' LANG does).
 * Python ≥ 3.7 then sets it at start-up; without one, its coercion of the C locale (PEP 538) is
 * best effort: when C.UTF-8 is absent it runs in UTF-8 mode (PEP 540), with the same text
 * handling, so the 350 kB are not worth shipping. */
function namesCUtf8(f: RuntimeFacts): boolean {
  if (!f.glibc || !f.python || f.python.major < 3 || (f.python.major === 3 && f.python.minor < 7)) return false;
  const named = f.env.get('LC_ALL') || f.env.get('LC_CTYPE') || f.env.get('LANG') || '';
  return ['C.UTF-8', 'C.utf8'].includes(named);
}

export const RUNTIME_RULES: readonly Rule[] = [
  {
    trigger: { asksOpenssl: 'providers' },
    kind: 'dlopen',
    why: 'it asks OpenSSL 3 for a provider (legacy, fips), which libcrypto loads from MODULESDIR',
    paths: (f) => (f.openssl?.modules ? [`${f.openssl.modules}/*`] : []),
  },
  {
    trigger: { asksOpenssl: 'engines' },
    kind: 'dlopen',
    why: 'it asks OpenSSL for an engine, which libcrypto loads from ENGINESDIR',
    paths: (f) => (f.openssl?.engines ? [`${f.openssl.engines}/*`] : []),
  },
  {
    trigger: { library: /^libcrypto\.so\./ },
    kind: 'data',
    why: 'OpenSSL reads its configuration (OPENSSLDIR/openssl.cnf, or $OPENSSL_CONF) when it initialises',
    paths: (f) => [...(f.openssl ? [`${f.openssl.dir}/openssl.cnf`] : []), ...envPath(f, 'OPENSSL_CONF')],
  },
  {
    trigger: { module: 'ssl' },
    kind: 'data',
    why: 'ssl.create_default_context() loads OpenSSL\'s default CA bundle (OPENSSLDIR/cert.pem, else OPENSSLDIR/certs)',
    paths: (f) => (f.openssl ? [`${f.openssl.dir}/cert.pem`, `${f.openssl.dir}/certs/**`] : []),
    firstOnly: true,
  },
  {
    trigger: { module: 'ssl' },
    kind: 'data',
    why: 'OpenSSL reads the CA file and directory that $SSL_CERT_FILE and $SSL_CERT_DIR name',
    paths: (f) => [...envPath(f, 'SSL_CERT_FILE'), ...envPath(f, 'SSL_CERT_DIR').map((d) => `${d}/**`)],
  },
  {
    trigger: { module: 'zoneinfo' },
    kind: 'data',
    why: 'zoneinfo reads the system time zone database (TZPATH, $PYTHONTZPATH)',
    paths: (f) => [...(f.env.get('PYTHONTZPATH')?.split(':').filter((d) => d.startsWith('/')) ?? []), ...TZPATH].map((d) => `${d}/**`),
  },
  {
    trigger: { module: 'time' },
    kind: 'data',
    why: 'glibc\'s tzset() reads the local time zone (/etc/localtime, or the zone $TZ names)',
    paths: (f) => {
      const tz = f.env.get('TZ')?.replace(/^:/, '');
      if (!tz) return ['/etc/localtime'];
      return tz.startsWith('/') ? [tz] : /^[\w+-]+(\/[\w+-]+)*$/.test(tz) ? [`/usr/share/zoneinfo/${tz}`] : [];
    },
  },
  {
    trigger: { interpreter: true },
    kind: 'data',
    why: 'the environment names the C.UTF-8 locale, whose LC_CTYPE Python sets at start-up',
    paths: (f) => (namesCUtf8(f) ? C_UTF8.map((d) => `${d}/LC_CTYPE`) : []),
    firstOnly: true,
  },
  {
    trigger: { module: 'locale' },
    kind: 'data',
    why: 'the environment names the C.UTF-8 locale, every category of which locale.setlocale() loads',
    paths: (f) => (namesCUtf8(f) ? C_UTF8.map((d) => `${d}/**`) : []),
    firstOnly: true,
  },
  {
    trigger: { module: 'pwd' },
    kind: 'data',
    why: 'glibc\'s getpwuid() (os.path.expanduser, site\'s user site) reads the user database as nsswitch.conf says',
    paths: (f) => (f.glibc ? ['/etc/nsswitch.conf', '/etc/passwd'] : ['/etc/passwd']),
  },
  {
    trigger: { module: 'grp' },
    kind: 'data',
    why: 'glibc\'s getgrgid() reads the group database as nsswitch.conf says',
    paths: (f) => (f.glibc ? ['/etc/nsswitch.conf', '/etc/group'] : ['/etc/group']),
  },
  {
    trigger: { module: 'certifi' },
    kind: 'data',
    why: 'certifi.where() names the system CA bundle in Debian\'s and Fedora\'s builds of certifi (requests verifies HTTPS with it)',
    paths: () => ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt'],
  },
  {
    trigger: { library: /^libmagic\.so\./ },
    kind: 'data',
    why: 'libmagic reads its compiled database when magic_load() is given no file: $MAGIC, else its default /usr/share/misc/magic (as magic.mgc)',
    paths: (f) => [...envPath(f, 'MAGIC').map((p) => `${p}.mgc`), ...envPath(f, 'MAGIC'), '/usr/share/misc/magic.mgc'],
  },
  {
    trigger: { module: 'socket' },
    kind: 'data',
    why: 'name and service lookup (getaddrinfo, getservbyname) reads the resolver and NSS files',
    paths: () => ['/etc/nsswitch.conf', '/etc/host.conf', '/etc/hosts', '/etc/resolv.conf', '/etc/gai.conf', '/etc/services', '/etc/protocols'],
  },
];

/** The rules that fire, each path with who wants it and why. */
export function runtimeWants(facts: RuntimeFacts): RuntimeWant[] {
  const out: RuntimeWant[] = [];
  for (const rule of RUNTIME_RULES) {
    const by = triggeredBy(rule.trigger, facts);
    if (by === undefined) continue;
    const paths = rule.paths(facts);
    const firstOf = rule.firstOnly && paths.length > 1 ? paths.join(' | ') : undefined;
    for (const path of paths) out.push({ path, kind: rule.kind, by, why: rule.why, ...(firstOf ? { firstOf } : {}) });
  }
  for (const { library, by } of facts.ctypes ?? []) {
    // Where dlopen() looks for a bare name (the multiarch directories first, as Debian's ld.so).
    const paths = CTYPES_DIRS.map((dir) => `${dir}/${library}`);
    const why = 'it loads it with ctypes by name, which no DT_NEEDED entry shows';
    for (const path of paths) out.push({ path, kind: 'dlopen', by, why, firstOf: paths.join(' | ') });
  }
  return out;
}

const CTYPES_DIRS = ['/usr/lib/x86_64-linux-gnu', '/lib/x86_64-linux-gnu', '/usr/local/lib', '/usr/lib64', '/lib64', '/usr/lib', '/lib'];

function triggeredBy(trigger: Trigger, facts: RuntimeFacts): string | undefined {
  if ('interpreter' in trigger) return facts.python ? `python${facts.python.major}.${facts.python.minor}` : undefined;
  if ('asksOpenssl' in trigger) return trigger.asksOpenssl === 'providers' ? facts.openssl?.providersBy : facts.openssl?.enginesBy;
  if ('module' in trigger) {
    if (facts.modules === 'all') return facts.python ? trigger.module : undefined;
    return facts.modules.has(trigger.module) ? trigger.module : undefined;
  }
  return [...facts.libraries].sort().find((name) => trigger.library.test(name));
}
