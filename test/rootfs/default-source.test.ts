// With no --rootfs: Dockerfile.rootfs when an engine works, else the host, with a notice saying
// which and how to choose.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import type { StageEvent } from '../../src/events.js';
import { defaultRootfsSource } from '../../src/rootfs/pull-rootfs.js';
import { testWith } from '../support/needs.js';
import { needPodman } from '../support/machine-needs.js';

test('no docker and no podman on PATH: the host, with a notice', async () => {
  const emptyPath = fs.mkdtempSync(path.join(os.tmpdir(), 'minops-nopath-'));
  const events: StageEvent[] = [];
  const source = await defaultRootfsSource({ env: { PATH: emptyPath }, onEvent: (e) => events.push(e) });
  expect(source).toEqual({ kind: 'host' });
  expect(events.filter((e) => e.kind === 'notice')).toEqual([
    { kind: 'notice', message: "rootfs: the host's python3, since neither docker nor podman works (choose another with --rootfs SRC)" },
  ]);
  fs.rmSync(emptyPath, { recursive: true });
});

testWith([needPodman], 'podman installed: Dockerfile.rootfs, with a notice', async () => {
  const events: StageEvent[] = [];
  const source = await defaultRootfsSource({ env: { ...process.env, MINOPS_ENGINE: 'podman' }, onEvent: (e) => events.push(e) });
  expect(source).toEqual({ kind: 'dockerfile', path: 'Dockerfile.rootfs' });
  expect(events.filter((e) => e.kind === 'notice').map((e) => (e as { message: string }).message)).toEqual([
    'rootfs: dockerfile:Dockerfile.rootfs built with podman (choose another with --rootfs, e.g. --rootfs host)',
  ]);
});
