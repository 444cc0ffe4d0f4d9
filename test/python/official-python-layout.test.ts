// Python 3.10 as the official python:3.10-slim image lays it out, from the default rootfs (no
// --rootfs: Dockerfile.rootfs built by podman from the base loaded out of ../shared/images):
// /usr/local/bin/python3.10 with python3/python links, libpython3.10.so.1.0 in /usr/local/lib
// reached through the interpreter's RUNPATH $ORIGIN/../lib, the stdlib in /usr/local/lib/python3.10,
// CPython's bundled expat, 3.10 bytecode and start-up modules (3.10 freezes only importlib).
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { elfClosure } from '../../src/elf/elf-closure.js';
import { readElfSync } from '../../src/elf/read-elf.js';
import { repoRoot } from '../support/debian-rootfs.js';
import { describeWith } from '../support/needs.js';
import { defaultRootfsNeeds, ensurePythonImage } from '../support/python-image.js';
import { runMinops, runMinopsBytes } from '../support/run-minops.js';

// One cache for the file: the rootfs is exported once.
const cache = mkdtempSync(path.join(tmpdir(), 'minops-py310-'));
const work = mkdtempSync(path.join(tmpdir(), 'minops-py310-work-'));
const env = { MINOPS_CACHE: cache, MINOPS_ENGINE: 'podman' };
const examples = path.join(repoRoot, 'examples');

interface Kept {
  guest: string;
  reasonKind: string;
  why: string;
}
interface Report {
  root: string;
  program: string;
  args: string[];
  selection: string;
  kept: Kept[];
}

async function report(script: string, ...flags: string[]): Promise<Report> {
  const r = await runMinops(['rootfs', 'report', script, '--json', ...flags], { cwd: path.dirname(script), env });
  if (r.exitCode !== 0) throw new Error(`rootfs report ${script} exited ${r.exitCode}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Report;
}

const STDLIB = '/usr/local/lib/python3.10';
const LIBPYTHON = '/usr/local/lib/libpython3.10.so.1.0';
/** The modules CPython 3.10 imports from files before the script runs (site, encodings, io, os...). */
const STARTUP = ['abc', 'codecs', 'encodings/__init__', 'encodings/aliases', 'encodings/utf_8', 'io', 'os', 'posixpath', 'genericpath', 'stat', 'site', '_collections_abc', '_sitebuiltins'];

describeWith(defaultRootfsNeeds, 'Python 3.10 laid out as the official image does (the default rootfs)', () => {
  let hello: Report;
  beforeAll(async () => {
    ensurePythonImage();
    hello = await report(path.join(examples, 'hello.py'));
  });

  test('the exported tree: python3.10 and its links, libpython through RUNPATH $ORIGIN/../lib, stdlib in /usr/local/lib/python3.10, no libexpat1', async () => {
    const root = hello.root;
    expect(readlinkSync(path.join(root, 'usr/local/bin/python3'))).toBe('python3.10');
    expect(readlinkSync(path.join(root, 'usr/local/bin/python'))).toBe('python3');
    const python = readElfSync(path.join(root, 'usr/local/bin/python3.10')).info;
    expect(python.runpath).toBe('$ORIGIN/../lib');
    expect(python.needed).toContain('libpython3.10.so.1.0');
    // minops's own closure finds libpython the way ld.so does: through RUNPATH, not ld.so.cache.
    const closure = await elfClosure(root, ['/usr/local/bin/python3.10']);
    expect(closure.missing).toEqual([]);
    expect(closure.objects.find((o) => o.guest === LIBPYTHON)).toMatchObject({ found: 'runpath', requested: [LIBPYTHON] });
    expect(readFileSync(path.join(root, 'etc/ld.so.conf.d/libc.conf'), 'utf8')).toMatch(/^\/usr\/local\/lib$/m);
    expect(readdirSync(path.join(root, STDLIB))).toContain('os.py');
    // CPython's bundled expat: pyexpat needs no libexpat, and the image has none.
    const pyexpat = readElfSync(path.join(root, STDLIB, 'lib-dynload/pyexpat.cpython-310-x86_64-linux-gnu.so')).info;
    expect(pyexpat.needed.filter((n) => n.includes('expat'))).toEqual([]);
    expect(readdirSync(path.join(root, 'usr/lib/x86_64-linux-gnu')).filter((n) => n.includes('expat'))).toEqual([]);
    expect(readFileSync(path.join(root, 'var/lib/dpkg/status'), 'utf8')).not.toContain('Package: libexpat1');
  });

  test('rootfs report: python3.10 is the program, libpython and the start-up modules are kept with their reasons', () => {
    expect(hello.program).toBe('/usr/local/bin/python3.10');
    expect(hello.args).toEqual(['/usr/local/bin/python3.10', '/app/hello.py']);
    expect(hello.selection).toBe("python 3.10: imports found by tracing them in the rootfs's own interpreter");
    const kept = new Map(hello.kept.map((k) => [k.guest, k]));
    expect(kept.get(LIBPYTHON)?.why).toBe('python3.10 → libpython3.10.so.1.0');
    for (const m of STARTUP) {
      const [dir, base] = m.includes('/') ? [`${STDLIB}/${path.dirname(m)}`, path.basename(m)] : [STDLIB, m];
      expect(kept.get(`${dir}/${base}.py`)?.reasonKind, m).toBe('startup');
      expect(kept.get(`${dir}/__pycache__/${base}.cpython-310.pyc`)?.reasonKind, m).toBe('generated');
    }
    // 3.10 freezes importlib's bootstrap (as _frozen_importlib): its file is never read.
    expect([...kept.keys()].filter((g) => g.startsWith(`${STDLIB}/importlib/`))).toEqual([]);
    // Found through RUNPATH, so the loader needs no ld.so.cache.
    expect(kept.has('/etc/ld.so.cache')).toBe(false);
  });

  test("the image's bytecode has 3.10's magic number and is unchecked-hash; python3 stays a link", async () => {
    const img = path.join(work, 'hello.img');
    const made = await runMinops(['mkimage', path.join(examples, 'hello.py'), img], { cwd: work, env });
    expect(made.exitCode).toBe(0);
    const pyc = await runMinopsBytes(['image', 'cat', img, `${STDLIB}/__pycache__/os.cpython-310.pyc`], { cwd: work, env });
    expect(pyc.exitCode).toBe(0);
    const head = Buffer.from(pyc.stdout).subarray(0, 8);
    // MAGIC_NUMBER of CPython 3.10 is 3439 (0x0d6f) + b'\r\n'; flags 0b01 = hash-based, unchecked.
    expect([...head]).toEqual([0x6f, 0x0d, 0x0d, 0x0a, 0x01, 0x00, 0x00, 0x00]);
    const ls = await runMinops(['image', 'ls', img, '/usr/local/bin'], { cwd: work, env });
    expect(ls.stdout).toMatch(/^l .* python3 -> python3\.10$/m);
  });

  test('xml.etree: pyexpat and _elementtree are kept with no libexpat in their closure', async () => {
    const script = path.join(work, 'xml_demo.py');
    writeFileSync(script, 'import xml.etree.ElementTree as ET\nprint(ET.fromstring(\'<a b="1"/>\').get("b"))\n');
    const r = await report(script);
    const guests = r.kept.map((k) => k.guest);
    expect(guests).toContain(`${STDLIB}/lib-dynload/pyexpat.cpython-310-x86_64-linux-gnu.so`);
    expect(guests).toContain(`${STDLIB}/lib-dynload/_elementtree.cpython-310-x86_64-linux-gnu.so`);
    expect(guests.filter((g) => g.includes('expat.so'))).toEqual([]);
  });

  test('--slim stdlib takes the official image as it is: _tkinter (no Tcl/Tk there), test modules and the installer are left out', async () => {
    const r = await report(path.join(examples, 'stdlib_mix.py'), '--slim', 'stdlib');
    const guests = r.kept.map((k) => k.guest);
    const dynload = guests.filter((g) => g.startsWith(`${STDLIB}/lib-dynload/`)).map((g) => path.basename(g).split('.')[0]);
    expect(dynload).toContain('_ssl');
    expect(dynload).toContain('pyexpat');
    expect(dynload.filter((m) => /^(_tkinter|_test|xxlimited)/.test(m!))).toEqual([]);
    expect(guests.filter((g) => /\/site-packages\/(pip|setuptools|wheel|_distutils_hack)\//.test(g))).toEqual([]);
    expect(guests).not.toContain(`${STDLIB}/site-packages/distutils-precedence.pth`);
    expect(guests).toContain(`${STDLIB}/json/__init__.py`);
  });
});
