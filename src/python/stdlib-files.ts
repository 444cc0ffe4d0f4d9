// `--slim stdlib`: the whole stdlib but what no program imports, every extension module, and
// site-packages but the installer. Stale bytecode (__pycache__, *.pyc beside sources) is never kept: compileBytecode
// makes fresh bytecode.
import path from 'node:path';
import type { ModuleFile } from './module-selection.js';
import { kindOf } from './module-files.js';
import type { PythonLayout } from './python-layout.js';
import { hostOf } from './resolve-in-root.js';
import { walkGuestDir } from './walk-guest-dir.js';

/** Top-level stdlib dirs left out: tests, GUI/IDE, pip bootstrap, 2to3, and `config-3.X-<arch>`
 * (static libpython and Makefile for building extensions; nothing imports it). */
const EXCLUDED_TOP = new Set(['test', 'idlelib', 'tkinter', 'ensurepip', 'lib2to3', 'turtledemo', 'site-packages', 'dist-packages']);
/** Test packages nested in the stdlib (unittest/test, ctypes/test, distutils/tests, ...). */
const EXCLUDED_NESTED = new Set(['test', 'tests']);
/** Extension modules only the left-out parts use: _tkinter (tkinter/; the official images ship it
 * without Tcl/Tk, so its libraries are not even there), CPython's test helpers and its xxlimited
 * examples. */
const EXCLUDED_EXTENSION = /^(_tkinter|_test\w*|_ctypes_test|_xxtestfuzz|xxlimited\w*)$/;
/** site-packages entries of the installer that images carry beside the stdlib (python:3.x has pip,
 * setuptools and wheel; the .pth starts setuptools's distutils shim): left out like ensurepip/. */
const INSTALLER = /^(pip|setuptools|pkg_resources|wheel|_distutils_hack|distutils-precedence\.pth|(pip|setuptools|wheel)-[^/]+\.dist-info)$/;
const isExcludedExtension = (guest: string): boolean => kindOf(guest) === 'extension' && EXCLUDED_EXTENSION.test(path.posix.basename(guest).split('.')[0]!);

export async function stdlibFiles(layout: PythonLayout): Promise<ModuleFile[]> {
  const { root, stdlib } = layout;
  const skip = (guest: string): boolean => {
    const rel = guest.slice(stdlib.length + 1).split('/');
    if (rel.length === 1) return EXCLUDED_TOP.has(rel[0]!) || rel[0]!.startsWith('config-');
    return EXCLUDED_NESTED.has(rel.at(-1)!) || guest.endsWith('.pyc') || isExcludedExtension(guest);
  };
  const files: ModuleFile[] = [];
  for (const guest of await walkGuestDir(root, stdlib, skip)) {
    if (guest.endsWith('.pyc')) continue;
    files.push({ guest, host: hostOf(root, guest), module: moduleName(guest, stdlib), kind: kindOf(guest), reason: { kind: 'stdlib' } });
  }
  if (layout.libDynload && !layout.libDynload.startsWith(`${stdlib}/`)) {
    for (const guest of await walkGuestDir(root, layout.libDynload, isExcludedExtension)) {
      files.push({ guest, host: hostOf(root, guest), module: moduleName(guest, layout.libDynload), kind: kindOf(guest), reason: { kind: 'stdlib' } });
    }
  }
  for (const site of layout.sitePackages) {
    const isInstaller = (guest: string): boolean => path.posix.dirname(guest) === site && INSTALLER.test(path.posix.basename(guest));
    for (const guest of await walkGuestDir(root, site, isInstaller)) {
      if (guest.endsWith('.pyc')) continue;
      files.push({ guest, host: hostOf(root, guest), module: moduleName(guest, site), kind: kindOf(guest), reason: { kind: 'site-packages' } });
    }
  }
  return files;
}

/** `<dir>/json/decoder.py` → `json.decoder`; `.../_ssl.cpython-311-x86_64-linux-gnu.so` → `_ssl`;
 * '' for data files. */
export function moduleName(guest: string, dir: string): string {
  const rel = guest.slice(dir.length + 1);
  const kind = kindOf(guest);
  if (kind === 'data') return '';
  const parts = rel.split('/');
  const last = parts.pop()!;
  if (kind !== 'package') parts.push(last.split('.')[0]!);
  return parts.join('.');
}
