// Our closure against pax-utils' lddtree (`lddtree -R ROOT FILE...`) for every ELF file of the
// Debian python rootfs. lddtree prints the spelling it searched (/lib/x86_64-linux-gnu/libc.so.6);
// both sides are compared as real paths inside the root.
//
// lddtree 1.3.7 puts ROOT in front of an expanded $ORIGIN twice (ParseLdPaths: the object path
// already carries ROOT), so it misses every library found through RUNPATH=$ORIGIN (glibc's gconv
// modules). We hand it a ROOT made of links to the rootfs's top-level entries plus one link back
// to the host's first path component, so ROOT + ROOT + dir names the same directory as ROOT + dir.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { elfClosureIn } from '../../src/elf/elf-closure.js';
import { RootView } from '../../src/resolve-in-root.js';
import { debianPythonRootfs } from '../support/debian-rootfs.js';
import { findElfFiles } from '../../src/elf/find-elf-files.js';
import { describeWith, need } from '../support/needs.js';

// lddtree is a Python script needing pyelftools (Debian: python3-pyelftools); run it with the
// system python, not whatever python3 comes first on PATH.
const env = { ...process.env, PATH: `/usr/bin:/bin:${process.env.PATH ?? ''}` };
const lddtreeWorks = ((): boolean => {
  try {
    execFileSync('lddtree', ['--help'], { env, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

interface Deps {
  found: string[];
  missing: string[];
}

/** Parses lddtree's tree output: `FILE (interpreter => X)` then indented `name => path|None`. */
function parseLddtree(out: string, root: string, view: RootView): Map<string, Deps> {
  const result = new Map<string, Deps>();
  let current: { found: Set<string>; missing: Set<string> } | undefined;
  const real = (host: string): string => {
    let p = host;
    while (p.startsWith(`${root}/`)) p = p.slice(root.length);
    return view.resolve(p).guest;
  };
  for (const line of out.split('\n')) {
    const head = /^(\S.*) \(interpreter => (.*)\)$/.exec(line);
    if (head) {
      current = { found: new Set(), missing: new Set() };
      const file = real(head[1]!);
      if (head[2] !== 'None') current.found.add(real(head[2]!));
      result.set(file, current as unknown as Deps);
      continue;
    }
    const dep = /^\s+(\S+) => (.*)$/.exec(line);
    if (!dep || !current || dep[2]!.includes('circular loop')) continue;
    if (dep[2] === 'None') current.missing.add(dep[1]!);
    else current.found.add(real(dep[2]!));
  }
  for (const [file, d] of result) {
    const s = d as unknown as { found: Set<string>; missing: Set<string> };
    s.found.delete(file);
    result.set(file, { found: [...s.found].sort(), missing: [...s.missing].sort() });
  }
  return result;
}

function shimDir(fallbackParent: string): string {
  try {
    return mkdtempSync('/minops-lddtree-root-');
  } catch {
    return mkdtempSync(path.join(fallbackParent, 'lddtree-root-'));
  }
}

describeWith([need('lddtree', lddtreeWorks, 'lddtree does not run (apt-get install pax-utils python3-pyelftools)')], 'elfClosure equals lddtree', () => {
  test('same resolved files and same missing names for every ELF file of the Debian python rootfs', () => {
    const root = debianPythonRootfs();
    const view = new RootView(root);
    const files = findElfFiles(root);
    expect(files.length).toBeGreaterThan(300);
    // The shim's own first path component must not be a name in the rootfs (a checkout under
    // /tmp would collide with the rootfs's /tmp): at / when we may write there.
    const shim = shimDir(path.dirname(view.root));
    const top = `/${shim.split('/')[1]}`;
    let out: string;
    try {
      expect(readdirSync(root)).not.toContain(top.slice(1));
      for (const name of readdirSync(root)) symlinkSync(path.join(view.root, name), path.join(shim, name));
      symlinkSync(top, path.join(shim, top.slice(1)));
      out = execFileSync('lddtree', ['-R', shim, ...files], { env, maxBuffer: 64 << 20, encoding: 'utf8' });
    } finally {
      rmSync(shim, { recursive: true, force: true });
    }
    const theirs = parseLddtree(out, shim, view);

    const ours = new Map<string, Deps>();
    for (const file of files) {
      const c = elfClosureIn(view, [file]);
      ours.set(file, {
        found: c.objects.map((o) => o.guest).filter((g) => g !== file),
        missing: [...new Set(c.missing.map((m) => m.name))].sort(),
      });
    }
    expect(ours).toEqual(theirs);
    // The comparison is not vacuous: python and the yaml extension have real dependency lists.
    expect(ours.get('/usr/lib/python3/dist-packages/yaml/_yaml.cpython-311-x86_64-linux-gnu.so')?.found).toEqual([
      '/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2', '/usr/lib/x86_64-linux-gnu/libc.so.6', '/usr/lib/x86_64-linux-gnu/libyaml-0.so.2.0.9',
    ]);
  }, 180_000);
});
