// Python stage figures on the Debian rootfs: how long selection and compiling take, and how many
// bytes of Python (sources + fresh bytecode, before the bundle drops frozen modules) each script keeps.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileBytecode } from '../src/python/compile-bytecode.js';
import { findPython } from '../src/python/find-python.js';
import type { SlimLevel } from '../src/python/module-selection.js';
import { selectModules } from '../src/python/select-modules.js';
import { debianPythonRootfs } from '../test/support/debian-rootfs.js';

const SCRIPTS: Record<string, string> = {
  hello: 'print("hello")\n',
  jsonHashlibDatetime: 'import json, hashlib, datetime\nprint(json.dumps(hashlib.sha256(b"x").hexdigest()), datetime.date.today())\n',
  yaml: 'import yaml\nprint(yaml.dump({"a": 1}))\n',
};

export async function bench(): Promise<Record<string, number | string>> {
  const root = debianPythonRootfs();
  const layout = await findPython(root);
  const dir = mkdtempSync(path.join(tmpdir(), 'minops-bench-python-'));
  const out: Record<string, number | string> = { python: `${layout.version.major}.${layout.version.minor}` };
  try {
    const cases: [string, SlimLevel][] = [...Object.keys(SCRIPTS).map((n) => [n, 'imports'] as [string, SlimLevel]), ['hello', 'stdlib']];
    for (const [name, slim] of cases) {
      const script = path.join(dir, `${name}_main.py`); // not yaml.py: it would import itself
      writeFileSync(script, SCRIPTS[name]!);
      const t0 = performance.now();
      const sel = await selectModules({ root, layout, script, scriptGuest: '/app/main.py', slim });
      const t1 = performance.now();
      const key = `${name}.${slim}`;
      out[`${key}.selectMs`] = Math.round(t1 - t0);
      out[`${key}.files`] = sel.files.length;
      out[`${key}.sourceBytes`] = sel.files.reduce((n, f) => n + statSync(f.host).size, 0);
      if (slim === 'imports') {
        // A fresh cache each time: the cold compile is what a first build pays.
        const compiled = await compileBytecode({ layout, files: sel.files, cacheDir: path.join(dir, `cache-${name}`) });
        out[`${key}.compileColdMs`] = Math.round(performance.now() - t1);
        out[`${key}.bytecodeBytes`] = compiled.compiled.reduce((n, c) => n + statSync(c.host).size, 0);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
