import { rmSync } from 'node:fs';
import { afterAll, expect, test } from 'vitest';
import { elfClosure } from '../../src/elf/elf-closure.js';
import { libNotFoundError } from '../../src/elf/lib-not-found-error.js';
import { buildElf, link, makeRoot, patchedCopy, writeGuest } from './build-elf.js';
import { describeWith } from '../support/needs.js';
import { needGcc } from '../support/machine-needs.js';

const roots: string[] = [];
const root = (): string => {
  const r = makeRoot();
  roots.push(r);
  return r;
};
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

/** prog in /app/bin needing libfoo (in /app/lib), which needs libbar (in /app/lib too). */
function appTree(rpath: string, newDtags: boolean): string {
  const r = root();
  const bar = buildElf(r, '/app/lib/libbar.so.1', { soname: 'libbar.so.1' });
  const foo = buildElf(r, '/app/lib/libfoo.so.1', { soname: 'libfoo.so.1', needs: [bar] });
  buildElf(r, '/app/bin/prog', { program: true, needs: [foo], rpath, newDtags });
  return r;
}

const summary = (c: Awaited<ReturnType<typeof elfClosure>>) => ({
  objects: c.objects.map((o) => [o.guest, o.found, o.chain.join(' > ')]),
  missing: c.missing.map((m) => [m.name, m.by]),
});

describeWith([needGcc], 'elfClosure search order (gcc-built files; needs gcc)', () => {
  test('DT_RPATH $ORIGIN/../lib of the program also serves the libraries it loads', async () => {
    const c = await elfClosure(appTree('$ORIGIN/../lib', false), ['/app/bin/prog']);
    expect(summary(c)).toEqual({
      objects: [
        ['/app/bin/prog', 'start', '/app/bin/prog'],
        ['/app/lib/libbar.so.1', 'rpath', '/app/bin/prog > /app/lib/libfoo.so.1 > /app/lib/libbar.so.1'],
        ['/app/lib/libfoo.so.1', 'rpath', '/app/bin/prog > /app/lib/libfoo.so.1'],
      ],
      missing: [['/lib64/ld-linux-x86-64.so.2', '/app/bin/prog']],
    });
    expect(c.objects[2]!.requested).toEqual(['/app/lib/libfoo.so.1']); // '/app/bin/../lib' tidied
  });

  test('DT_RUNPATH ${ORIGIN}/../lib serves only the program, not what its libraries need', async () => {
    const c = await elfClosure(appTree('${ORIGIN}/../lib', true), ['/app/bin/prog']);
    expect(summary(c).objects.map((o) => o[0])).toEqual(['/app/bin/prog', '/app/lib/libfoo.so.1']);
    const bar = c.missing.find((m) => m.name === 'libbar.so.1');
    expect(bar).toEqual({ name: 'libbar.so.1', by: '/app/lib/libfoo.so.1', searched: ['/lib', '/usr/lib'] }); // no lib64 dirs: /lib, /usr/lib
  });

  test('a candidate of the wrong class or machine is passed over', async () => {
    const r = appTree('$ORIGIN/../lib32:$ORIGIN/../arm:$ORIGIN/../lib', false);
    patchedCopy(r, `${r}/app/lib/libfoo.so.1`, '/app/lib32/libfoo.so.1', { 4: 1 });
    patchedCopy(r, `${r}/app/lib/libfoo.so.1`, '/app/arm/libfoo.so.1', { 18: 183, 19: 0 });
    writeGuest(r, '/app/lib32/libbar.so.1', 'not an ELF file\n');
    const c = await elfClosure(r, ['/app/bin/prog']);
    expect(c.objects.map((o) => o.guest)).toEqual(['/app/bin/prog', '/app/lib/libbar.so.1', '/app/lib/libfoo.so.1']);
  });

  test('LD_LIBRARY_PATH, then ld.so.conf with an include glob, then the default dirs', async () => {
    const r = root();
    const a = buildElf(r, '/opt/env/liba.so.1', { soname: 'liba.so.1' });
    const b = buildElf(r, '/opt/conf/libb.so.1', { soname: 'libb.so.1' });
    const d = buildElf(r, '/usr/lib64/libd.so.1', { soname: 'libd.so.1' });
    buildElf(r, '/usr/lib64/liba.so.1', { soname: 'liba.so.1' }); // shadowed by LD_LIBRARY_PATH
    buildElf(r, '/bin/prog', { program: true, needs: [a, b, d] });
    writeGuest(r, '/etc/ld.so.conf', '# comment\ninclude ld.so.conf.d/*.conf\n');
    writeGuest(r, '/etc/ld.so.conf.d/x.conf', '/opt/conf/  # trailing slash and comment\n');
    writeGuest(r, '/etc/ld.so.conf.d/.hidden.conf', '/nowhere\n');
    const c = await elfClosure(r, ['/bin/prog'], { ldLibraryPath: ['/opt/env'] });
    expect(summary(c).objects).toEqual([
      ['/bin/prog', 'start', '/bin/prog'],
      ['/opt/conf/libb.so.1', 'ld.so.conf', '/bin/prog > /opt/conf/libb.so.1'],
      ['/opt/env/liba.so.1', 'ld_library_path', '/bin/prog > /opt/env/liba.so.1'],
      ['/usr/lib64/libd.so.1', 'default', '/bin/prog > /usr/lib64/libd.so.1'],
    ]);
  });

  test('symlinks resolve inside the rootfs: usrmerge dir link, relative and absolute file links', async () => {
    const r = root();
    const real = buildElf(r, '/usr/lib/x86_64-linux-gnu/libz.so.1.2.13', { soname: 'libz.so.1' });
    link(r, '/lib', 'usr/lib');
    link(r, '/usr/lib/x86_64-linux-gnu/libz.so.1', 'libz.so.1.2.13');
    buildElf(r, '/opt/real/libq.so.9', { soname: 'libq.so.9' });
    link(r, '/usr/lib/x86_64-linux-gnu/libq.so.9', '/opt/real/libq.so.9'); // absolute: inside the root
    const q = `${r}/opt/real/libq.so.9`;
    buildElf(r, '/usr/bin/prog', { program: true, needs: [real, q] });
    const c = await elfClosure(r, ['/usr/bin/prog']);
    const z = c.objects.find((o) => o.soname === 'libz.so.1');
    expect(z).toMatchObject({
      guest: '/usr/lib/x86_64-linux-gnu/libz.so.1.2.13',
      requested: ['/lib/x86_64-linux-gnu/libz.so.1'],
      links: [{ guest: '/lib', target: 'usr/lib' }, { guest: '/usr/lib/x86_64-linux-gnu/libz.so.1', target: 'libz.so.1.2.13' }],
      found: 'default',
    });
    expect(c.objects.find((o) => o.soname === 'libq.so.9')).toMatchObject({
      guest: '/opt/real/libq.so.9',
      links: [{ guest: '/lib', target: 'usr/lib' }, { guest: '/usr/lib/x86_64-linux-gnu/libq.so.9', target: '/opt/real/libq.so.9' }],
    });
  });

  test('$LIB and $PLATFORM expand as Debian multiarch glibc does', async () => {
    const r = root();
    const p = buildElf(r, '/app/lib/x86_64-linux-gnu/libp.so.1', { soname: 'libp.so.1' });
    const x = buildElf(r, '/app/x86_64/libx.so.1', { soname: 'libx.so.1' });
    writeGuest(r, '/usr/lib/x86_64-linux-gnu/.keep', '');
    buildElf(r, '/bin/prog', { program: true, needs: [p, x], rpath: '/app/$LIB:/app/${PLATFORM}', newDtags: true });
    const c = await elfClosure(r, ['/bin/prog']);
    expect(summary(c).objects.map((o) => [o[0], o[1]])).toEqual([
      ['/app/lib/x86_64-linux-gnu/libp.so.1', 'runpath'],
      ['/app/x86_64/libx.so.1', 'runpath'],
      ['/bin/prog', 'start'],
    ]);
  });

  test('an unresolved DT_NEEDED becomes LIB_NOT_FOUND naming it, its requester and every dir searched', async () => {
    const r = root();
    const gone = buildElf(r, '/tmp/libgone.so.3', { soname: 'libgone.so.3' });
    buildElf(r, '/bin/prog', { program: true, needs: [gone], rpath: '/nope', newDtags: false });
    rmSync(gone);
    const c = await elfClosure(r, ['/bin/prog'], { ldLibraryPath: ['/env'] });
    const err = libNotFoundError(c.missing);
    expect(err.code).toBe('LIB_NOT_FOUND');
    expect(err.message).toBe(
      'shared libraries not found in the rootfs: /lib64/ld-linux-x86-64.so.2, libgone.so.3\n' +
        '  /lib64/ld-linux-x86-64.so.2 (needed by /bin/prog; searched /lib64)\n' +
        '  libgone.so.3 (needed by /bin/prog; searched /nope, /env, /lib, /usr/lib)',
    );
    expect(err.where).toEqual({ file: '/bin/prog', entry: 'DT_NEEDED' });
  });

  test('musl: RUNPATH is inherited down the chain, ld-musl-ARCH.path, libc names are the loader', async () => {
    const r = root();
    const ld = buildElf(r, '/lib/ld-musl-x86_64.so.1', { soname: 'libc.musl-x86_64.so.1' });
    link(r, '/lib/libc.musl-x86_64.so.1', 'ld-musl-x86_64.so.1');
    const bar = buildElf(r, '/opt/run/libbar.so.1', { soname: 'libbar.so.1' });
    const foo = buildElf(r, '/opt/path/libfoo.so.1', { soname: 'libfoo.so.1', needs: [bar, ld] });
    buildElf(r, '/usr/local/bin/prog', { program: true, interp: '/lib/ld-musl-x86_64.so.1', needs: [foo, ld], rpath: '/opt/run', newDtags: true });
    writeGuest(r, '/etc/ld-musl-x86_64.path', '/opt/path\n/lib:/usr/lib\n');
    const c = await elfClosure(r, ['/usr/local/bin/prog']);
    expect(summary(c)).toEqual({
      objects: [
        ['/lib/ld-musl-x86_64.so.1', 'interp', '/usr/local/bin/prog > /lib/ld-musl-x86_64.so.1'],
        // glibc would not find libbar: a RUNPATH serves only its own object there.
        ['/opt/path/libfoo.so.1', 'default', '/usr/local/bin/prog > /opt/path/libfoo.so.1'],
        ['/opt/run/libbar.so.1', 'runpath', '/usr/local/bin/prog > /opt/path/libfoo.so.1 > /opt/run/libbar.so.1'],
        ['/usr/local/bin/prog', 'start', '/usr/local/bin/prog'],
      ],
      missing: [],
    });
  });

  test("the executable's DT_RPATH serves a dlopen()ed start (an extension module); its DT_RUNPATH does not", async () => {
    for (const newDtags of [false, true]) {
      const r = root();
      const x = buildElf(r, '/app/lib/libx.so.1', { soname: 'libx.so.1' });
      buildElf(r, '/app/bin/python', { program: true, rpath: '$ORIGIN/../lib', newDtags });
      buildElf(r, '/app/lib/ext/_mod.so', { needs: [x] });
      const c = await elfClosure(r, ['/app/bin/python', '/app/lib/ext/_mod.so']);
      if (newDtags) expect(c.missing.map((m) => [m.name, m.by])).toContainEqual(['libx.so.1', '/app/lib/ext/_mod.so']);
      else expect(c.objects.find((o) => o.guest === '/app/lib/libx.so.1')).toMatchObject({ found: 'rpath', chain: ['/app/lib/ext/_mod.so', '/app/lib/libx.so.1'] });
    }
  });

  test('a DT_NEEDED with a slash is a path ($ORIGIN expanded); DF_1_NODEFLIB skips ld.so.conf and the default dirs', async () => {
    const r = root();
    buildElf(r, '/usr/lib64/libd.so.1', { soname: 'libd.so.1' });
    const d = `${r}/usr/lib64/libd.so.1`;
    const p = buildElf(r, '/app/plug/libp.so', { soname: '$ORIGIN/plug2/libp.so' });
    buildElf(r, '/app/plug2/libp.so', { soname: 'libp-real.so' });
    buildElf(r, '/app/nodef', { program: true, needs: [d, p], ld: ['-z,nodefaultlib'] });
    const c = await elfClosure(r, ['/app/nodef']);
    expect(c.objects.find((o) => o.guest === '/app/plug2/libp.so')).toMatchObject({ found: 'path', requested: ['/app/plug2/libp.so'] });
    expect(c.missing.find((m) => m.name === 'libd.so.1')).toEqual({ name: 'libd.so.1', by: '/app/nodef', searched: [] });
  });

  test('a start that is not there is INPUT_MISSING', async () => {
    await expect(elfClosure(root(), ['/bin/none'])).rejects.toMatchObject({ code: 'INPUT_MISSING', message: '/bin/none: no such file in the rootfs' });
  });
});
