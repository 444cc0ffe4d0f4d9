// The real engine, end to end: a base image made with `podman import` from the Debian python
// rootfs, a Dockerfile FROM it, `pullRootfs(dockerfile:…)` building, creating and exporting
// straight into the cache; then again, answered from the cache without extracting. A private
// podman storage under a temp dir keeps the machine's own images untouched.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import type { StageEvent } from '../../src/events.js';
import { podmanEngine, type Engine } from '../../src/rootfs/engine/engine.js';
import { pullRootfs } from '../../src/rootfs/pull-rootfs.js';
import { debianPythonName, debianPythonRootfs, hasCommand } from '../support/debian-rootfs.js';
import { describeWith } from '../support/needs.js';
import { needPodman } from '../support/machine-needs.js';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'minops-engine-'));
const storage = ['--root', path.join(scratch, 'storage'), '--runroot', path.join(scratch, 'run')];
afterAll(() => {
  // Let podman unmount and delete its own layers first; `system reset` would also touch
  // machine-wide podman state, so it is not used.
  if (hasCommand('podman')) spawnSync('podman', [...storage, 'rmi', '--all', '--force'], { stdio: 'ignore' });
  fs.rmSync(scratch, { recursive: true, force: true });
});

const subcommands = (events: StageEvent[]): string[] =>
  events.flatMap((e) => (e.kind === 'command' && e.argv[0] === 'podman' ? [e.argv.find((a, i) => i > 0 && !a.startsWith('-') && !e.argv[i - 1]!.startsWith('--r'))!] : []));

describeWith([needPodman], 'podman end to end', () => {
  let engine: Engine;

  test('dockerfile: builds, exports into the cache, then hits the cache', { timeout: 600_000 }, async () => {
    const events: StageEvent[] = [];
    const onEvent = (e: StageEvent) => events.push(e);
    engine = await podmanEngine(storage, onEvent);
    const base = path.join(scratch, 'base.tar');
    execFileSync('tar', ['-C', debianPythonRootfs(), '-cf', base, '.']);
    execFileSync('podman', [...engine.globalArgs, 'import', base, 'localhost/minops-test-base:1'], { stdio: 'ignore' });
    fs.rmSync(base);

    const context = path.join(scratch, 'context');
    fs.mkdirSync(context);
    fs.writeFileSync(path.join(context, 'hello.py'), 'print("hello from the image")\n');
    const dockerfile = path.join(context, 'Dockerfile');
    fs.writeFileSync(dockerfile, 'FROM localhost/minops-test-base:1\nCOPY hello.py /app/hello.py\n');
    const cacheDir = path.join(scratch, 'cache');

    const first = await pullRootfs({ kind: 'dockerfile', path: dockerfile }, { cacheDir, engine, onEvent });
    expect(first.cached).toBe(false);
    expect(fs.readFileSync(path.join(first.root, 'app/hello.py'), 'utf8')).toBe('print("hello from the image")\n');
    const name = debianPythonName(debianPythonRootfs());
    expect(first.record.python).toEqual({ path: `/usr/bin/${name}`, version: name.slice('python'.length) });
    expect(first.record.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(first.root).toBe(path.join(cacheDir, first.record.imageId!.slice(7), 'tree'));
    // The usr-merge symlinks come through verbatim.
    expect(fs.readlinkSync(path.join(first.root, 'lib'))).toBe('usr/lib');
    // build; (info: where podman keeps image names) image inspect of the base, remembered with the
    // build's ID; image inspect of the image's size; then create, export, rm.
    expect(subcommands(events).filter((c) => c !== 'info')).toEqual(['build', 'image', 'image', 'create', 'export', 'rm']);
    const progress = events.filter((e) => e.kind === 'progress' && e.step === 'extract') as { done: number; total?: number }[];
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)!.total).toBeGreaterThanOrEqual(progress.at(-1)!.done);

    // Unchanged Dockerfile, context file and base, and podman's image names untouched since: the
    // image ID is remembered and nothing is asked of podman.
    events.length = 0;
    const second = await pullRootfs({ kind: 'dockerfile', path: dockerfile }, { cacheDir, engine, onEvent });
    expect(second).toMatchObject({ cached: true, root: first.root, record: first.record });
    expect(subcommands(events)).toEqual([]);
    expect(events).toContainEqual({ kind: 'debug', message: expect.stringMatching(/image sha256:[0-9a-f]{64}, remembered .*images\.json is as it was\)$/) });

    // Another image tagged in the same storage: the base's ID is asked (one `image inspect`) and
    // found unchanged, so still no build.
    execFileSync('podman', [...engine.globalArgs, 'tag', 'localhost/minops-test-base:1', 'localhost/minops-test-other:1']);
    events.length = 0;
    await pullRootfs({ kind: 'dockerfile', path: dockerfile }, { cacheDir, engine, onEvent });
    expect(subcommands(events)).toEqual(['image']);

    // A file the Dockerfile copies changes: built again, and the tree has the new bytes.
    fs.writeFileSync(path.join(context, 'hello.py'), 'print("hello, changed")\n');
    events.length = 0;
    const third = await pullRootfs({ kind: 'dockerfile', path: dockerfile }, { cacheDir, engine, onEvent });
    expect(subcommands(events)[0]).toBe('build');
    expect(fs.readFileSync(path.join(third.root, 'app/hello.py'), 'utf8')).toBe('print("hello, changed")\n');

    // The base's tag now names another image: built again, though nothing in the context changed.
    const retag = path.join(scratch, 'Dockerfile.retag');
    fs.writeFileSync(retag, 'FROM localhost/minops-test-base:1\nLABEL minops.test=retagged\n');
    execFileSync('podman', [...engine.globalArgs, 'build', '-q', '-t', 'localhost/minops-test-base:1', '-f', retag, scratch], { stdio: 'ignore' });
    events.length = 0;
    await pullRootfs({ kind: 'dockerfile', path: dockerfile }, { cacheDir, engine, onEvent });
    expect(subcommands(events)[0]).toBe('image');
    expect(subcommands(events)[1]).toBe('build');
  });

  test('a base image whose registry cannot be reached is an error naming the image', { timeout: 300_000 }, async () => {
    const dockerfile = path.join(scratch, 'Dockerfile.unreachable');
    fs.writeFileSync(dockerfile, 'FROM registry.invalid/minops/nothing:1\n');
    const engineHere = engine ?? (await podmanEngine(storage));
    await expect(pullRootfs({ kind: 'dockerfile', path: dockerfile }, { cacheDir: path.join(scratch, 'c2'), engine: engineHere })).rejects.toMatchObject({
      code: 'ENGINE_FAILED',
      message: expect.stringContaining('could not get the base image registry.invalid/minops/nothing:1'),
    });
  });
});
