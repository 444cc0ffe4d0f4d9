// The containerDisk round trip as a cluster would do it: mkimage --format containerdisk, push to a
// registry (a real docker-registry on 127.0.0.1, on a free port, with its own storage and config,
// stopped afterwards whatever happens), pull it back by reference and boot it: the program's own
// exit status comes back.
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { containerDiskName } from '../../../src/image/format/write-image-as.js';
import { describeWith } from '../../support/needs.js';
import { bootNeeds, needCommand, needPodman } from '../../support/machine-needs.js';
import { runMinops } from '../../support/run-minops.js';
import { ARGS_PROGRAM, staticProgram } from '../../vm/support/nanos-test-image.js';


function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForRegistry(url: string, registry: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (registry.exitCode !== null) throw new Error(`docker-registry exited with ${registry.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`docker-registry did not answer at ${url}`);
}

const podman = (...args: string[]) => execFileSync('podman', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describeWith([...bootNeeds, needPodman, needCommand('qemu-img', 'qemu-utils'), needCommand('docker-registry')], 'containerDisk through a local registry', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'minops-registry-'));
  const env = { MINOPS_CACHE: path.join(dir, 'cache') };
  let registry: ChildProcess | undefined;
  let host = '';
  const program = staticProgram(ARGS_PROGRAM);
  const loadedName = containerDiskName(program);

  beforeAll(async () => {
    const port = await freePort();
    host = `127.0.0.1:${port}`;
    const config = path.join(dir, 'config.yml');
    writeFileSync(config, `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${path.join(dir, 'storage')}\nhttp:\n  addr: ${host}\n`);
    registry = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
    await waitForRegistry(`http://${host}/v2/`, registry);
  }, 60_000);

  afterAll(() => {
    registry?.kill('SIGTERM');
    for (const name of [loadedName, `${host}/minops-round-trip:1`]) {
      try {
        podman('rmi', '-f', name);
      } catch {
        // not there
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test('mkimage → push → pull by reference → boot: the exit status comes back', async () => {
    const out = path.join(dir, 'app.containerdisk');
    const built = await runMinops(['mkimage', program, out, '--rootfs', 'host', '--format', 'containerdisk', '--', '5'], { cwd: dir, env });
    expect(built.exitCode).toBe(0);
    expect(built.stdout).toBe(`minops run --image ${out}`);

    const ref = `${host}/minops-round-trip:1`;
    const pushed = await runMinops(['push', out, ref, '--tls-verify=false'], { cwd: dir, env });
    expect(pushed.stderr).toBe(`pushed ${out} to ${ref}`);
    expect(pushed.stdout).toMatch(new RegExp(`^${ref.replace(/\./g, '\\.')}@sha256:[0-9a-f]{64}$`));
    expect(pushed.exitCode).toBe(0);
    expect(await (await fetch(`http://${host}/v2/minops-round-trip/tags/list`)).json()).toEqual({ name: 'minops-round-trip', tags: ['1'] });

    // Nothing local is left to find: the run has to pull from the registry.
    podman('rmi', '-f', loadedName);
    expect(() => podman('image', 'exists', ref)).toThrow();
    const r = await runMinops(['run', '--image', ref, '--tls-verify=false', '--accel', 'tcg', '--quiet-kernel', '--', '9'], { cwd: dir, env });
    expect(r.stdout).toBe('argc=3 [5] [9]');
    expect(r.exitCode).toBe(5);
    expect(podman('image', 'inspect', '--format', '{{.Id}}', ref).trim()).toMatch(/^[0-9a-f]{64}$/); // pulled back
  });
});
