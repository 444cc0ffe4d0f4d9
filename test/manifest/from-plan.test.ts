// manifestFromPlan: the root tuple for a bundle plan, checked as text (exact) and as a tree.
import { describe, expect, test } from 'vitest';
import type { BundlePlan, PlanEntry } from '../../src/bundle/bundle-plan.js';
import { isMinopsError } from '../../src/errors.js';
import { manifestEntries } from '../../src/manifest/manifest-entries.js';
import { manifestFromPlan, nanosTimestamp } from '../../src/manifest/from-plan.js';
import { mkfsUnsafeNames } from '../../src/manifest/mkfs-unsafe-names.js';
import { parseManifest } from '../../src/manifest/parse.js';
import { printManifest } from '../../src/manifest/print.js';
import { manifestToJson } from '../../src/manifest/to-json.js';
import { tuple, vector } from '../../src/manifest/tuple.js';
import { ordered } from './ordered.js';

const reason = { kind: 'rootfs' } as const;
const file = (guest: string, hostPath: string, mtime?: number): PlanEntry => ({
  guest,
  source: { kind: 'file', hostPath, size: 1 },
  reason,
  ...(mtime === undefined ? {} : { mtime }),
});
const dir = (guest: string): PlanEntry => ({ guest, source: { kind: 'dir' }, reason });
const link = (guest: string, target: string): PlanEntry => ({ guest, source: { kind: 'symlink', target }, reason });

const plan = (entries: PlanEntry[], more: Partial<BundlePlan> = {}): BundlePlan => ({
  entries,
  program: '/usr/bin/python3',
  args: ['/usr/bin/python3', '/app/main.py'],
  env: [['PYTHONHOME', '/usr'], ['A', 'x y']],
  cwd: '/app',
  warnings: [],
  ...more,
});

const python = plan([
  dir('/app'),
  file('/app/main.py', '/src/main.py', 1704067200),
  dir('/lib'),
  link('/lib/libz.so.1', 'libz.so.1.2.13'),
  file('/lib/libz.so.1.2.13', '/rootfs/lib/libz.so.1.2.13'),
  dir('/usr'),
  dir('/usr/bin'),
  file('/usr/bin/python3', '/rootfs/usr/bin/python3.11'),
  dir('/var'),
]);

describe('manifestFromPlan', () => {
  test('the exact manifest for a small plan', () => {
    expect(printManifest(manifestFromPlan(python))).toBe(
      '("children":(' +
        '"app":("children":("main.py":("contents":("host":"/src/main.py") "mtime":"7318912894186291200"))) ' +
        '"lib":("children":("libz.so.1":("linktarget":"libz.so.1.2.13") "libz.so.1.2.13":("contents":("host":"/rootfs/lib/libz.so.1.2.13")))) ' +
        '"usr":("children":("bin":("children":("python3":("contents":("host":"/rootfs/usr/bin/python3.11")))))) ' +
        '"var":("children":())) ' +
        '"program":"/usr/bin/python3" "arguments":["/usr/bin/python3" "/app/main.py"] ' +
        '"environment":("PYTHONHOME":"/usr" "A":"x y") "cwd":"/app")\n',
    );
  });

  test('the tree lists every plan entry once, with its kind', () => {
    expect(manifestEntries(manifestFromPlan(python)).map((e) => [e.path, e.type])).toEqual([
      ['/', 'dir'],
      ['/app', 'dir'],
      ['/app/main.py', 'file'],
      ['/lib', 'dir'],
      ['/lib/libz.so.1', 'symlink'],
      ['/lib/libz.so.1.2.13', 'file'],
      ['/usr', 'dir'],
      ['/usr/bin', 'dir'],
      ['/usr/bin/python3', 'file'],
      ['/var', 'dir'],
    ]);
  });

  test('deterministic: the same plan prints the same bytes', () => {
    expect(printManifest(manifestFromPlan(python))).toBe(printManifest(manifestFromPlan(structuredClone(python))));
  });

  test('parents missing from the plan become directories', () => {
    const root = manifestFromPlan(plan([file('/a/b/c.txt', '/h/c'), dir('/a')]));
    expect(manifestToJson(root.entries.get('children')!)).toEqual({ a: { children: { b: { children: { 'c.txt': { contents: { host: '/h/c' } } } } } } });
  });

  test('rootKeys come after the plan keys, in order, later ones winning', () => {
    const root = manifestFromPlan(python, {
      rootKeys: [['debug_exit', 't'], ['cwd', '/'], ['expected_exit_code', vector(['0', '3'])], ['debug_exit', 'yes']],
    });
    expect([...root.entries.keys()]).toEqual(['children', 'program', 'arguments', 'environment', 'cwd', 'debug_exit', 'expected_exit_code']);
    expect(root.entries.get('cwd')).toBe('/');
    expect(root.entries.get('debug_exit')).toBe('yes');
  });

  test('a boot filesystem with klibs, and klibs:"bootfs" even over a passthrough value', () => {
    const root = manifestFromPlan(python, {
      rootKeys: [['klibs', 'rootfs']],
      boot: { kernel: '/k/kernel.img', klibs: [{ name: 'tls', hostPath: '/k/klibs/tls' }, { name: 'cloud_init', hostPath: '/k/klibs/cloud_init' }] },
    });
    expect(manifestToJson(root.entries.get('boot')!)).toEqual({
      children: {
        kernel: { contents: { host: '/k/kernel.img' } },
        klib: { children: { cloud_init: { contents: { host: '/k/klibs/cloud_init' } }, tls: { contents: { host: '/k/klibs/tls' } } } },
      },
    });
    expect(root.entries.get('klibs')).toBe('bootfs');
    expect(printManifest(root)).toContain('"boot":("children":("kernel":("contents":("host":"/k/kernel.img")) "klib":("children":("cloud_init":');
  });

  test('a boot filesystem without klibs has no klib directory and no klibs key', () => {
    const root = manifestFromPlan(python, { boot: { kernel: '/k/kernel.img' } });
    expect(manifestToJson(root.entries.get('boot')!)).toEqual({ children: { kernel: { contents: { host: '/k/kernel.img' } } } });
    expect(root.entries.has('klibs')).toBe(false);
  });

  test('hostile names and values survive print → parse', () => {
    const odd = plan([dir('/a b'), file('/a b/"q"\\ #x:(y)[z]\n', '/h/odd "file"'), link('/é日本😀', '../a b')], {
      args: ['/usr/bin/python3', '', ' ', '#', '"'],
      env: [['EMPTY', ''], ['X', 'a:b=c;d']],
    });
    const root = manifestFromPlan(odd);
    expect(ordered(parseManifest(printManifest(root)))).toEqual(ordered(root));
  });

  test.each<[string, PlanEntry[], string, RegExp]>([
    ['a dot-dot component', [file('/a/../b', '/h')], 'MANIFEST_BAD_NAME', /"\/a\/..\/b": the path component ".." is/],
    ['an empty component', [file('/a//b', '/h')], 'MANIFEST_BAD_NAME', /the path component "" is empty/],
    ['a relative path', [file('a', '/h')], 'INTERNAL', /absolute path/],
    ['the same path twice', [file('/a', '/h'), file('/a', '/h2')], 'INTERNAL', /lists this path twice/],
    ['a path under a file', [file('/a', '/h'), file('/a/b', '/h2')], 'INTERNAL', /not a directory/],
  ])('refuses %s', (_name, entries, code, message) => {
    try {
      manifestFromPlan(plan(entries));
      expect.unreachable();
    } catch (e) {
      if (!isMinopsError(e)) throw e;
      expect(e.code).toBe(code);
      expect(e.message).toMatch(message);
    }
  });

  test('refuses a root key named children', () => {
    expect(() => manifestFromPlan(python, { rootKeys: [['children', tuple()]] })).toThrow(/would replace the whole filesystem tree/);
  });
});

describe('nanosTimestamp', () => {
  test.each<[number, string]>([
    [1704067200, '7318912894186291200'],
    [0, '0'],
    [-5, '0'],
    [1.5, String((1n << 32n) | (1n << 31n))],
  ])('%s s → %s', (seconds, expected) => {
    expect(nanosTimestamp(seconds)).toBe(expected);
  });
});

describe('mkfsUnsafeNames', () => {
  test('lists entries named contents, which mkfs would drop silently', () => {
    const root = manifestFromPlan(plan([dir('/a'), file('/a/contents', '/h'), dir('/contents'), file('/contents/contents', '/h'), file('/children', '/h')]));
    expect(mkfsUnsafeNames(root)).toEqual(['/a/contents', '/contents']);
  });

  test('is empty for ordinary trees', () => {
    expect(mkfsUnsafeNames(manifestFromPlan(python))).toEqual([]);
  });
});
