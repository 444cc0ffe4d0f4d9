// Planning runs package code from the rootfs (each imported module's top level). A canary module
// whose import writes a host file and connects to a host port: under minops's sandbox the host
// file stays as it was, nothing connects, the rootfs is not written, and the trace completes.
// The canary reports what it met the only way the sandbox lets out: by what it imports
// (colorsys when its write was refused, sched when its connection was), which the plan shows.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { debianPythonRootfs, testCacheDir } from '../support/debian-rootfs.js';
import { derivedRootfs } from '../support/derived-rootfs.js';
import { needCommand } from '../support/machine-needs.js';
import { describeWith } from '../support/needs.js';
import { minopsArgv, runMinops } from '../support/run-minops.js';

const CANARY = String.raw`import os, socket
try:
    with open(os.environ['CANARY_FILE'], 'w') as f:
        f.write('the canary was here\n')
except OSError:
    import colorsys
try:
    with open(__file__ + '.written', 'w') as f:
        f.write('the canary was here\n')
except OSError:
    pass
try:
    socket.create_connection(('127.0.0.1', int(os.environ['CANARY_PORT'])), timeout=5).close()
except OSError:
    import sched
`;
const SITE = '/usr/lib/python3/dist-packages';

describeWith([needCommand('bwrap', 'bubblewrap')], 'a module that writes a host file and opens a connection at import (canary)', () => {
  let rootfs = '';
  let server: Server;
  let port = 0;
  let connections = 0;
  const work = mkdtempSync(path.join(tmpdir(), 'minops-canary-'));
  // Not under /tmp: the sandbox has its own empty /tmp, which would hide the test's point.
  const victim = path.join(mkdtempSync(path.join(testCacheDir, 'canary-victim-')), 'host-file.txt');
  beforeAll(async () => {
    rootfs = derivedRootfs(debianPythonRootfs(), 'debian-canary', { [`${SITE}/canary.py`]: CANARY });
    writeFileSync(victim, 'untouched\n');
    writeFileSync(path.join(work, 'main.py'), 'import canary\nprint("imported")\n');
    server = createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  }, 120_000);
  afterAll(() => server?.close());

  test('the host file is untouched, no connection arrives, the rootfs is not written, and the plan is made', async () => {
    const r = await runMinops(['manifest', 'main.py', '--rootfs', `dir:${rootfs}`, '-e', `CANARY_FILE=${victim}`, '-e', `CANARY_PORT=${port}`], {
      cwd: work,
      env: { MINOPS_CACHE: path.join(work, 'cache') },
    });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('untouched\n');
    expect(connections).toBe(0);
    expect(existsSync(path.join(rootfs, `${SITE}/canary.py.written`))).toBe(false);
    // The trace imported the canary (it is kept), and the canary met a refusal both times.
    for (const kept of ['canary.py', 'colorsys.py', 'sched.py']) expect(r.stdout).toContain(`"${kept}":("contents":`);
  });

  test('where bwrap cannot make namespaces, minops stops with 125 and says so: nothing runs unsandboxed', async () => {
    // minops itself in a user namespace that may not make more (bwrap --disable-userns): the
    // bwrap it starts then fails to create its namespaces, as on a host that forbids them.
    const [cmd, ...args] = minopsArgv(['manifest', 'main.py', '--rootfs', `dir:${rootfs}`, '-e', `CANARY_FILE=${victim}`, '-e', `CANARY_PORT=${port}`]);
    const r = await execa('bwrap', ['--dev-bind', '/', '/', '--unshare-user', '--disable-userns', '--', cmd!, ...args], {
      cwd: work,
      reject: false,
      env: { MINOPS_CACHE: path.join(work, 'cache-nons') },
    });
    expect(r.exitCode).toBe(125);
    expect(r.stderr).toMatch(/^minops: .*: bwrap could not set up the sandbox minops runs the rootfs's Python in: bwrap: Creating new namespace failed/m);
    expect(readFileSync(victim, 'utf8')).toBe('untouched\n');
    expect(connections).toBe(0);
  });
});
