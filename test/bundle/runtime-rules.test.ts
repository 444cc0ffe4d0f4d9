import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { ElfObject } from '../../src/elf/elf-closure-types.js';
import { hostRootfsView } from '../../src/bundle/rootfs-view.js';
import { runtimeFiles } from '../../src/bundle/runtime-files.js';
import { runtimeWants, type RuntimeFacts } from '../../src/bundle/runtime-rules.js';

const facts = (more: Partial<RuntimeFacts> = {}): RuntimeFacts => ({
  libraries: new Set(['libc.so.6', 'libcrypto.so.3']),
  modules: new Set(['ssl', 'time', 'pwd']),
  env: new Map(),
  python: { major: 3, minor: 10 },
  glibc: true,
  openssl: { soname: 'libcrypto.so.3', dir: '/usr/lib/ssl', modules: '/usr/lib/x86_64-linux-gnu/ossl-modules', engines: '/usr/lib/x86_64-linux-gnu/engines-3', providersBy: '_ossl.so' },
  ...more,
});
const summary = (f: RuntimeFacts) => runtimeWants(f).map((w) => `${w.kind} ${w.by} ${w.path}`);

describe('run-time rules (pure)', () => {
  test('each rule names its trigger: what asks for a provider, libcrypto, ssl, time, pwd and the interpreter', () => {
    expect(summary(facts({ env: new Map([['LANG', 'C.UTF-8']]) }))).toEqual([
      'dlopen _ossl.so /usr/lib/x86_64-linux-gnu/ossl-modules/*',
      'data libcrypto.so.3 /usr/lib/ssl/openssl.cnf',
      'data ssl /usr/lib/ssl/cert.pem',
      'data ssl /usr/lib/ssl/certs/**',
      'data time /etc/localtime',
      'data python3.10 /usr/lib/locale/C.utf8/LC_CTYPE',
      'data python3.10 /usr/lib/locale/C.UTF-8/LC_CTYPE',
      'data pwd /etc/nsswitch.conf',
      'data pwd /etc/passwd',
    ]);
  });

  test('a library a module loads with ctypes by name: the first of dlopen\'s directories that has it; libmagic then its database', () => {
    const wants = runtimeWants(facts({ ctypes: [{ library: 'libmagic.so.1', by: 'magic.loader' }] })).filter((w) => w.by === 'magic.loader');
    expect(wants.map((w) => w.path)).toEqual([
      '/usr/lib/x86_64-linux-gnu/libmagic.so.1', '/lib/x86_64-linux-gnu/libmagic.so.1', '/usr/local/lib/libmagic.so.1',
      '/usr/lib64/libmagic.so.1', '/lib64/libmagic.so.1', '/usr/lib/libmagic.so.1', '/lib/libmagic.so.1',
    ]);
    expect(new Set(wants.map((w) => `${w.kind} ${w.firstOf}`)).size).toBe(1);
    expect(summary(facts({ libraries: new Set(['libmagic.so.1']), env: new Map([['MAGIC', '/opt/m']]) })).filter((w) => w.includes('libmagic'))).toEqual([
      'data libmagic.so.1 /opt/m.mgc',
      'data libmagic.so.1 /opt/m',
      'data libmagic.so.1 /usr/share/misc/magic.mgc',
    ]);
  });

  test('certifi: the system CA bundle its Debian and Fedora builds point at', () => {
    expect(summary(facts({ modules: new Set(['certifi']) })).filter((w) => w.startsWith('data certifi'))).toEqual([
      'data certifi /etc/ssl/certs/ca-certificates.crt',
      'data certifi /etc/pki/tls/certs/ca-bundle.crt',
    ]);
  });

  test('providers and engines only when something asks for them (Python itself never does)', () => {
    const { providersBy: _, ...nobody } = facts().openssl!;
    expect(summary(facts({ openssl: nobody })).filter((w) => w.startsWith('dlopen'))).toEqual([]);
    expect(summary(facts({ openssl: { ...nobody, enginesBy: '/usr/lib/ssl/openssl.cnf' } }))).toContain('dlopen /usr/lib/ssl/openssl.cnf /usr/lib/x86_64-linux-gnu/engines-3/*');
  });

  test('nothing triggers without the library or module: a hello.py without ssl keeps no CA bundle', () => {
    const got = summary(facts({ libraries: new Set(['libc.so.6']), modules: new Set(['time']), openssl: undefined }));
    expect(got.filter((w) => /ssl|crypto/.test(w))).toEqual([]);
  });

  test('the environment steers them: TZ, OPENSSL_CONF, SSL_CERT_FILE, another locale, coercion off', () => {
    const env = new Map([['TZ', ':Europe/Paris'], ['OPENSSL_CONF', '/app/openssl.cnf'], ['SSL_CERT_FILE', '/app/ca.pem'], ['LANG', 'de_DE.UTF-8']]);
    const got = summary(facts({ env }));
    expect(got).toContain('data time /usr/share/zoneinfo/Europe/Paris');
    expect(got).not.toContain('data time /etc/localtime');
    expect(got).toContain('data libcrypto.so.3 /app/openssl.cnf');
    expect(got).toContain('data ssl /app/ca.pem');
    expect(got.filter((w) => w.includes('LC_CTYPE'))).toEqual([]); // de_DE is for the probe run to find
    // No locale named: Python's best-effort coercion falls back to UTF-8 mode, nothing to keep.
    expect(summary(facts()).filter((w) => w.includes('locale'))).toEqual([]);
    expect(summary(facts({ env: new Map([['LC_ALL', 'C.UTF-8']]), python: { major: 3, minor: 6 } })).filter((w) => w.includes('LC_CTYPE'))).toEqual([]);
  });

  test('--slim stdlib: every module counts', () => {
    const got = summary(facts({ modules: 'all', env: new Map([['LANG', 'C.utf8']]) }));
    expect(got).toContain('data locale /usr/lib/locale/C.utf8/**');
    expect(got).toContain('data zoneinfo /usr/share/zoneinfo/**');
    expect(got).toContain('data socket /etc/hosts');
  });
});

describe('runtimeFiles (a rootfs on disk)', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'minops-runtime-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const put = (guest: string, body = 'x') => {
    mkdirSync(path.dirname(path.join(root, guest)), { recursive: true });
    writeFileSync(path.join(root, guest), body);
  };
  const link = (guest: string, target: string) => {
    mkdirSync(path.dirname(path.join(root, guest)), { recursive: true });
    symlinkSync(target, path.join(root, guest));
  };
  const lib = '/usr/lib/x86_64-linux-gnu';
  // What `openssl version -a` prints comes from these strings inside libcrypto.
  put(`${lib}/libcrypto.so.3`, `\x7fELF...\0OPENSSLDIR: "/usr/lib/ssl"\0ENGINESDIR: "${lib}/engines-3"\0MODULESDIR: "${lib}/ossl-modules"\0`);
  put(`${lib}/ossl-modules/legacy.so`, '\x7fELF...');
  put('/etc/ssl/openssl.cnf');
  link('/usr/lib/ssl/openssl.cnf', '/etc/ssl/openssl.cnf');
  put('/etc/ssl/certs/ca-certificates.crt');
  link('/usr/lib/ssl/cert.pem', '/etc/ssl/certs/ca-certificates.crt');
  link('/usr/lib/ssl/certs', '/etc/ssl/certs');
  put('/usr/share/zoneinfo/Etc/UTC');
  link('/etc/localtime', '/usr/share/zoneinfo/Etc/UTC');

  const object = (guest: string, soname: string): ElfObject => ({ guest, requested: [guest], links: [], chain: [guest], needed: [], soname, size: 1, found: 'default' });

  // A package's extension that asks for a provider: its dynamic string table names the function.
  put('/site/_ossl.so', '\x7fELF...\0OSSL_PROVIDER_load\0EVP_MD_fetch\0');
  put('/site/_other.so', '\x7fELF...\0EVP_MD_fetch\0');

  test('a library loaded with ctypes: only ELF files, never the linker script libc6-dev names libc.so', () => {
    put(`${lib}/libc.so`, '/* GNU ld script */\nGROUP ( /lib/x86_64-linux-gnu/libc.so.6 )\n');
    put(`${lib}/libc.so.6`, '\x7fELF...');
    const got = runtimeFiles(hostRootfsView(root), { objects: [], modules: new Set(), env: [], ctypes: [{ library: 'libc.so*', by: 'ctypes.util' }] });
    expect(got.kept.map((k) => k.guest)).toEqual([`${lib}/libc.so.6`]);
    expect(got.libraries).toEqual([`${lib}/libc.so.6`]);
  });

  test('paths as asked (symlinks kept), the first present of alternatives, and the dlopened libraries', () => {
    const got = runtimeFiles(hostRootfsView(root), {
      objects: [
        object(`${lib}/libcrypto.so.3`, 'libcrypto.so.3'),
        object(`${lib}/libc.so.6`, 'libc.so.6'),
        { ...object('/site/_other.so', '_other.so'), needed: ['libcrypto.so.3'] },
        { ...object('/site/_ossl.so', '_ossl.so'), needed: ['libcrypto.so.3'] },
      ],
      modules: new Set(['ssl', 'time']),
      env: [],
      python: { major: 3, minor: 10 },
    });
    expect(got.kept.map((k) => `${k.guest} (${k.reason.kind === 'dlopen' || k.reason.kind === 'data' ? k.reason.by : ''})`)).toEqual([
      `${lib}/ossl-modules/legacy.so (_ossl.so)`,
      '/usr/lib/ssl/openssl.cnf (libcrypto.so.3)',
      '/usr/lib/ssl/cert.pem (ssl)', // not certs/ as well: cert.pem is there
      '/etc/localtime (time)',
    ]);
    expect(got.libraries).toEqual([`${lib}/ossl-modules/legacy.so`]);
  });
});
