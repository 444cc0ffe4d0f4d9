// A C-extension package that dlopens an OpenSSL provider at import, booted on the real kernel with
// the default slim level. The package (ossl_legacy, built here with gcc against the 3.10 image's
// own headers and libcrypto) loads OpenSSL 3's legacy provider — MODULESDIR/legacy.so, which no
// DT_NEEDED names — and computes MD4, which only that provider has.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { derivedRootfs } from '../support/derived-rootfs.js';
import { bootNeeds, needCommand } from '../support/machine-needs.js';
import { describeWith } from '../support/needs.js';
import { python310Needs, python310Rootfs } from '../support/python310-rootfs.js';
import { runMinops } from '../support/run-minops.js';

const SITE = '/usr/local/lib/python3.10/site-packages/ossl_legacy';
const LIB = '/usr/lib/x86_64-linux-gnu';
const C_SOURCE = String.raw`/* No OpenSSL headers: the four functions as OpenSSL 3 exports them. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
extern void *OSSL_PROVIDER_load(void *libctx, const char *name);
extern void *EVP_MD_fetch(void *libctx, const char *algorithm, const char *properties);
extern int EVP_Digest(const void *data, size_t count, unsigned char *md, unsigned int *size, const void *type, void *impl);
extern void EVP_MD_free(void *md);

static PyObject *md4(PyObject *self, PyObject *arg) {
    Py_buffer b;
    if (PyObject_GetBuffer(arg, &b, PyBUF_SIMPLE) < 0) return NULL;
    void *md = EVP_MD_fetch(NULL, "MD4", NULL);
    unsigned char out[64];
    unsigned int n = 0;
    int ok = md != NULL && EVP_Digest(b.buf, (size_t)b.len, out, &n, md, NULL);
    if (md) EVP_MD_free(md);
    PyBuffer_Release(&b);
    if (!ok) { PyErr_SetString(PyExc_RuntimeError, "MD4 is not available"); return NULL; }
    return PyBytes_FromStringAndSize((const char *)out, n);
}
static PyMethodDef methods[] = { {"md4", md4, METH_O, "MD4 (OpenSSL legacy provider)"}, {NULL, NULL, 0, NULL} };
static struct PyModuleDef module = { PyModuleDef_HEAD_INIT, "_ossl", NULL, -1, methods };
PyMODINIT_FUNC PyInit__ossl(void) {
    if (OSSL_PROVIDER_load(NULL, "legacy") == NULL || OSSL_PROVIDER_load(NULL, "default") == NULL) {
        PyErr_SetString(PyExc_ImportError, "OpenSSL's legacy provider could not be loaded");
        return NULL;
    }
    return PyModule_Create(&module);
}
`;
/** MD4("abc"), RFC 1320 A.5. */
const MD4_ABC = 'a448017aaf21d8525fc10ae87aa6729d';

describeWith([...bootNeeds, ...python310Needs, needCommand('bwrap', 'bubblewrap')], 'a C extension that loads an OpenSSL provider at import (Python 3.10 image)', () => {
  let rootfs = '';
  const cache = mkdtempSync(path.join(tmpdir(), 'minops-ossl-cache-'));
  const work = mkdtempSync(path.join(tmpdir(), 'minops-ossl-'));
  beforeAll(async () => {
    const base = await python310Rootfs();
    rootfs = derivedRootfs(base, 'py310-ossl-legacy', { [`${SITE}/_ossl.c`]: C_SOURCE, [`${SITE}/__init__.py`]: 'from ._ossl import md4\n' }, (dir) => {
      execFileSync('gcc', ['-shared', '-fPIC', '-O2', `-I${dir}/usr/local/include/python3.10`, `${dir}${SITE}/_ossl.c`, '-o', `${dir}${SITE}/_ossl.cpython-310-x86_64-linux-gnu.so`, `-L${dir}${LIB}`, '-l:libcrypto.so.3']);
    });
    writeFileSync(path.join(work, 'md4.py'), 'import ossl_legacy\nprint("md4", ossl_legacy.md4(b"abc").hex())\n');
  }, 180_000);

  test('--slim imports (the default): legacy.so is kept, by a rule naming the extension that asks for it, and the guest computes MD4', async () => {
    const r = await runMinops(['run', 'md4.py', '--rootfs', `dir:${rootfs}`, '--quiet-kernel'], { cwd: work, env: { MINOPS_CACHE: cache } });
    expect(r.stdout).toContain(`md4 ${MD4_ABC}`);
    expect(r.exitCode).toBe(0);
    const report = await runMinops(['rootfs', 'report', 'md4.py', '--rootfs', `dir:${rootfs}`, '--json'], { cwd: work, env: { MINOPS_CACHE: cache } });
    const kept = (JSON.parse(report.stdout) as { kept: { guest: string; reasonKind: string; why: string }[] }).kept;
    expect(kept.find((k) => k.guest === `${LIB}/ossl-modules/legacy.so`)).toMatchObject({ reasonKind: 'dlopen', why: expect.stringMatching(/^loaded by _ossl\.cpython-310-x86_64-linux-gnu\.so at run time: it asks OpenSSL 3 for a provider/) });
  });

  test('without legacy.so (Minops.Exclude) the same image fails at import: the rule is what makes it work', async () => {
    writeFileSync(path.join(work, 'config.json'), JSON.stringify({ Minops: { Exclude: [`${LIB}/ossl-modules/legacy.so`] } }));
    const r = await runMinops(['run', 'md4.py', '--rootfs', `dir:${rootfs}`, '--quiet-kernel'], { cwd: work, env: { MINOPS_CACHE: cache } });
    expect(r.stdout).toContain("ImportError: OpenSSL's legacy provider could not be loaded");
    expect(r.exitCode).toBe(1);
  });
});
