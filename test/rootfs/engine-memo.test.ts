// The engine probes (`docker info`, `podman --version`, `podman info`) are asked once per run and
// remembered across runs until something they depend on changes. Stand-in docker and podman log
// every call; a fresh module instance stands for a new minops process.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, vi } from 'vitest';
import type { StageEvent } from '../../src/events.js';

const dir = mkdtempSync(path.join(tmpdir(), 'minops-engine-memo-'));
const log = path.join(dir, 'calls.log');
const tool = (name: string, body: string): void => {
  writeFileSync(path.join(dir, name), `#!/bin/sh\necho "${name} $*" >> '${log}'\n${body}\n`);
  chmodSync(path.join(dir, name), 0o755);
};
tool('docker', 'echo "Cannot connect to the Docker daemon" >&2; exit 1');
tool('podman', 'case "$1" in --version) echo "podman version 4.3.1";; info) echo overlay;; esac');
const env = { PATH: `${dir}:/usr/bin:/bin`, HOME: dir, MINOPS_CACHE: path.join(dir, 'cache'), DOCKER_HOST: `unix://${path.join(dir, 'docker.sock')}` };
// podman's own probes run with this process's PATH, as minops's do.
vi.stubEnv('PATH', env.PATH);

const calls = (): string[] => {
  try {
    return readFileSync(log, 'utf8').trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

/** detectEngine as a new minops process would run it: a module instance of its own. */
async function detectInNewRun(events: StageEvent[] = []) {
  vi.resetModules();
  const { detectEngine } = await import('../../src/rootfs/engine/engine.js');
  writeFileSync(log, '');
  const engine = await detectEngine({ env, onEvent: (e) => events.push(e) });
  return { engine, calls: calls(), again: async () => (await detectEngine({ env }), calls()) };
}

test('asked once, remembered across runs, asked again when podman changes', async () => {
  const first = await detectInNewRun();
  expect(first.engine).toMatchObject({ name: 'podman', command: 'podman' });
  expect(first.calls).toEqual(['docker info --format {{.ServerVersion}}', 'podman --version', 'podman info --format {{.Store.GraphDriverName}}']);
  // The same run asks nothing twice.
  expect(await first.again()).toEqual(first.calls);

  const events: StageEvent[] = [];
  const second = await detectInNewRun(events);
  expect(second.calls).toEqual([]);
  expect({ ...second.engine, remembered: undefined }).toEqual({ ...first.engine, remembered: undefined });
  expect(second.engine?.remembered).toBe(true);
  expect(events).toContainEqual({ kind: 'debug', message: expect.stringMatching(/^engine: podman.*, remembered \(nothing it depends on changed\)$/) });

  // A new podman binary (another size and mtime): its answers are asked for again.
  tool('podman', 'case "$1" in --version) echo "podman version 5.0.0";; info) echo overlay;; esac');
  expect((await detectInNewRun()).calls).toEqual(['docker info --format {{.ServerVersion}}', 'podman --version', 'podman info --format {{.Store.GraphDriverName}}']);

  // A docker daemon starting creates its socket: docker is asked again (and now answers).
  tool('docker', 'echo 24.0.5');
  writeFileSync(path.join(dir, 'docker.sock'), '');
  const docker = await detectInNewRun();
  expect(docker.calls).toEqual(['docker info --format {{.ServerVersion}}']);
  expect(docker.engine).toMatchObject({ name: 'docker' });
});
