// The Docker engine path on a real Docker daemon: Debian's dockerd (docker.io), started for this
// file on a private socket and private directories, with the shared Python 3.10 image loaded by
// `docker load`. Every docker CLI on PATH (Debian's 20.10, and a current one when the machine has
// it) exports an image and builds Dockerfile.rootfs with the classic builder and with BuildKit;
// the examples boot from the trees docker exported; docker's and podman's exports of the same
// image give the same plan. The daemon is stopped in afterAll, failed tests or not.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import type { StageEvent } from '../../src/events.js';
import { defaultRootfsSource } from '../../src/rootfs/pull-rootfs.js';
import { hasCommand, repoRoot } from '../support/debian-rootfs.js';
import { startPrivateDockerd } from '../support/dockerd.js';
import { needCommand, needKernel, needPodman, needPythonImage, needQemu, needZstd } from '../support/machine-needs.js';
import { describeWith } from '../support/needs.js';
import { ensurePythonImage } from '../support/python-image.js';
import { runMinops } from '../support/run-minops.js';
import { sharedPythonImage, sharedPythonRef } from '../support/shared-paths.js';

const staticNeeds = [needCommand('dockerd', 'docker.io'), needZstd, needPythonImage];
const started = await startPrivateDockerd(staticNeeds, { load: sharedPythonImage });
const dockerNeeds = [...staticNeeds, started.need];
const host = started.daemon?.host ?? '';
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'minops-docker-test-'));
afterAll(async () => {
  fs.rmSync(scratch, { recursive: true, force: true });
  await started.daemon?.stop();
});

const examples = path.join(repoRoot, 'examples');
const daemonRef = `docker-daemon:${sharedPythonRef}`;

interface DockerCli {
  path: string;
  version: string;
  /** A directory whose `docker` is this CLI, to put first on PATH. */
  bin: string;
}

/** Every distinct docker CLI on PATH (e.g. Debian's /usr/bin/docker 20.10 and a 28.x in /usr/local/bin). */
function dockerClis(): DockerCli[] {
  const found = spawnSync('sh', ['-c', 'which -a docker'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  const seen = new Set<string>();
  return found.flatMap((p, i) => {
    const real = fs.realpathSync(p);
    if (seen.has(real)) return [];
    seen.add(real);
    const version = /version ([^,\s]+)/.exec(spawnSync(real, ['--version'], { encoding: 'utf8' }).stdout)?.[1] ?? '?';
    const bin = path.join(scratch, `cli-${i}`);
    fs.mkdirSync(bin);
    fs.symlinkSync(real, path.join(bin, 'docker'));
    return [{ path: p, version, bin }];
  });
}
const clis = hasCommand('docker') ? dockerClis() : [];

/** minops with this file's dockerd (and no DOCKER_BUILDKIT of the caller's). */
function minops(args: string[], env: Record<string, string | undefined>, cwd = examples) {
  return runMinops(args, { cwd, env: { DOCKER_HOST: host, DOCKER_BUILDKIT: undefined, MINOPS_ENGINE: undefined, ...env } });
}

const withCli = (cli: DockerCli) => ({ PATH: `${cli.bin}:${process.env.PATH}` });
/** The docker subcommands minops ran, from the `-v` lines. */
const dockerCommands = (stderr: string): string[] => stderr.split('\n').flatMap((l) => (l.startsWith('+ docker ') ? [l.split(' ')[2]!] : []));
const docker = (...args: string[]): string => execFileSync('docker', ['-H', host, ...args], { encoding: 'utf8' }).trim();
// Exports and boots on a loaded 2-core machine take tens of seconds each.
const SLOW = 300_000;
const freshCache = (name: string): string => fs.mkdtempSync(path.join(scratch, `${name}-`));
// Exports are the slow part (an image's worth of tar, twice written under vfs): one cache holds
// the tree docker exported of the shared image, and what needs that tree again reuses it.
const sharedCache = path.join(scratch, 'cache');

describeWith(dockerNeeds, 'a real dockerd: every docker CLI exports and builds', () => {
  for (const [i, cli] of clis.entries()) {
    test(`docker ${cli.version} (${cli.path}): rootfs pull docker-daemon: streams the export into the cache, and --verbose shows every docker command`, async () => {
      const cache = i === 0 ? sharedCache : freshCache('pull');
      const r = await minops(['rootfs', 'pull', '--verbose', '--json', daemonRef], { ...withCli(cli), MINOPS_CACHE: cache });
      expect(r.exitCode).toBe(0);
      const pulled = JSON.parse(r.stdout);
      expect(pulled.cached).toBe(false);
      expect(pulled.record.imageId).toBe(docker('image', 'inspect', '--format', '{{.Id}}', sharedPythonRef));
      expect(pulled.record.python).toEqual({ path: '/usr/local/bin/python3.10', version: '3.10' });
      expect(pulled.root).toBe(path.join(cache, 'rootfs', pulled.record.imageId.slice('sha256:'.length), 'tree'));
      expect(fs.existsSync(path.join(pulled.root, '.dockerenv'))).toBe(true); // docker's own mark on an export
      expect(dockerCommands(r.stderr)).toEqual(['info', 'image', 'image', 'create', 'export', 'rm']);
      expect(r.stderr).toMatch(/^\+ docker export minops-rootfs-\S+$/m);
      expect(docker('ps', '-aq')).toBe(''); // the container is gone
    }, SLOW);

    test(`docker ${cli.version}: Dockerfile.rootfs with the classic builder`, async () => {
      // The classic builder gives a FROM-only image its base's ID: the tree exported above is reused.
      const r = await minops(['rootfs', 'pull', '--verbose', '--json', 'dockerfile:Dockerfile.rootfs'], { ...withCli(cli), MINOPS_ENGINE: 'docker', DOCKER_BUILDKIT: '0', MINOPS_CACHE: sharedCache });
      expect(r.exitCode).toBe(0);
      expect(r.stderr).toContain(`+ docker build -q --iidfile `);
      const { record } = JSON.parse(r.stdout);
      expect(docker('image', 'inspect', '--format', '{{.Id}}', record.imageId)).toBe(record.imageId);
      expect(record.python).toEqual({ path: '/usr/local/bin/python3.10', version: '3.10' });
    }, SLOW);

    // Docker 23 and later build with BuildKit only through the buildx plugin; 20.10 has it built in.
    const major = Number(cli.version.split('.')[0]);
    const buildkit = major < 23 || spawnSync(cli.path, ['buildx', 'version']).status === 0;
    test(`docker ${cli.version}: Dockerfile.rootfs with BuildKit (DOCKER_BUILDKIT=1${buildkit ? '' : ', no buildx: the CLI says so'})`, async () => {
      const r = await minops(['rootfs', 'pull', '--json', 'dockerfile:Dockerfile.rootfs'], { ...withCli(cli), MINOPS_ENGINE: 'docker', DOCKER_BUILDKIT: '1', MINOPS_CACHE: freshCache('buildkit') });
      if (!buildkit) {
        expect(r.stderr.split('\n').slice(0, 2)).toEqual([
          `minops: ${path.join(repoRoot, 'Dockerfile.rootfs')}: docker build failed: ERROR: BuildKit is enabled but the buildx component is missing or broken.`,
          'minops: hint: install the docker buildx plugin, or unset DOCKER_BUILDKIT to build with the classic builder',
        ]);
        expect(r.exitCode).toBe(125);
        return;
      }
      expect(r.exitCode).toBe(0);
      const { record } = JSON.parse(r.stdout);
      expect(docker('image', 'inspect', '--format', '{{.Id}}', record.imageId)).toBe(record.imageId);
      expect(record.python).toEqual({ path: '/usr/local/bin/python3.10', version: '3.10' });
    }, SLOW);
  }

  test('the default engine: docker when its daemon answers, else podman (or the host)', async () => {
    const notices = async (dockerHost: string): Promise<string[]> => {
      const events: StageEvent[] = [];
      await defaultRootfsSource({ env: { PATH: process.env.PATH, DOCKER_HOST: dockerHost }, onEvent: (e) => events.push(e) });
      return events.flatMap((e) => (e.kind === 'notice' ? [e.message] : []));
    };
    expect(await notices(host)).toEqual(['rootfs: dockerfile:Dockerfile.rootfs built with docker (choose another with --rootfs, e.g. --rootfs host)']);
    const silent = `unix://${path.join(scratch, 'nobody-listens.sock')}`;
    expect(await notices(silent)).toEqual([
      hasCommand('podman')
        ? 'rootfs: dockerfile:Dockerfile.rootfs built with podman (choose another with --rootfs, e.g. --rootfs host)'
        : "rootfs: the host's python3, since neither docker nor podman works (choose another with --rootfs SRC)",
    ]);
  }, SLOW);
});

describeWith([...dockerNeeds, needKernel, needQemu], 'the examples boot from a rootfs the real dockerd exported', () => {
  const run = (args: string[], env: Record<string, string> = {}, cwd = examples) => minops(['run', '--quiet-kernel', ...args], { MINOPS_CACHE: sharedCache, DOCKER_BUILDKIT: '0', ...env }, cwd);

  test('hello.py with the default rootfs: docker answers, so docker builds Dockerfile.rootfs', async () => {
    const r = await run(['hello.py']);
    expect(r.stderr).toContain('minops: rootfs: dockerfile:Dockerfile.rootfs built with docker');
    expect(r.stdout).toContain('Hello from Python inside a Nanos unikernel!');
    expect(r.exitCode).toBe(0);
    // The one tree in the cache came out of `docker export` (docker's own mark is in it).
    const trees = fs.readdirSync(path.join(sharedCache, 'rootfs')).filter((d) => fs.existsSync(path.join(sharedCache, 'rootfs', d, 'tree')));
    expect(trees).toEqual([docker('image', 'inspect', '--format', '{{.Id}}', sharedPythonRef).slice('sha256:'.length)]);
    expect(fs.existsSync(path.join(sharedCache, 'rootfs', trees[0]!, 'tree/.dockerenv'))).toBe(true);
  }, SLOW);

  test('exit.py, MINOPS_ENGINE=docker: status 3', async () => {
    const r = await run(['exit.py'], { MINOPS_ENGINE: 'docker' });
    expect(r.stdout).toContain('exiting with status 3');
    expect(r.exitCode).toBe(3);
  }, SLOW);

  test('the seed script, MINOPS_ENGINE=docker: config.json Args, Env and ManifestPassthrough, six checks pass', async () => {
    const r = await run(['test.py', '--', 'extra'], { MINOPS_ENGINE: 'docker' }, path.join(examples, 'seed'));
    const checks = r.stdout.split('\n').filter((l) => /^(PASS|FAIL) /.test(l));
    expect(checks).toHaveLength(6);
    expect(checks.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(r.exitCode).toBe(0);
  }, SLOW);

  test(`stdlib_mix.py with --rootfs ${daemonRef}: extension modules and libcrypto`, async () => {
    const r = await run(['stdlib_mix.py', '--rootfs', daemonRef]);
    expect(r.stdout).toContain('sha256 cd19cbd3c372e9543220bccb4134a7282bcb1cd68d762c0bf5bbe62bc00f7e62');
    expect(r.stdout).toContain('days 60');
    expect(r.exitCode).toBe(0);
  }, SLOW);

  test(`uncaught.py with --rootfs ${daemonRef}: the traceback and status 1`, async () => {
    const r = await run(['uncaught.py', '--rootfs', daemonRef]);
    expect(r.stdout).toContain('ZeroDivisionError: division by zero');
    expect(r.exitCode).toBe(1);
  }, SLOW);
});

describeWith([...dockerNeeds, needPodman], 'docker and podman export the same image: the same plan', () => {
  test('rootfs report hello.py: the same kept files from docker-daemon: and from podman:', async () => {
    ensurePythonImage();
    // Separate caches: both trees are keyed by the same image ID.
    const report = async (source: string, cache: string) => {
      const r = await minops(['rootfs', 'report', 'hello.py', '--json', '--rootfs', source], { MINOPS_CACHE: cache });
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBe(0);
      return JSON.parse(r.stdout);
    };
    const fromDocker = await report(daemonRef, sharedCache);
    const fromPodman = await report(`podman:${sharedPythonRef}`, freshCache('podman'));
    // Two exports, one from each engine (docker marks its own)...
    expect(fs.existsSync(path.join(fromDocker.root, '.dockerenv'))).toBe(true);
    expect(fs.existsSync(path.join(fromPodman.root, '.dockerenv'))).toBe(false);
    // ...of the same image, so the same plan.
    expect(path.basename(path.dirname(fromDocker.root))).toBe(path.basename(path.dirname(fromPodman.root)));
    expect(fromDocker.kept.length).toBeGreaterThan(50);
    for (const key of ['program', 'args', 'kept', 'after', 'symlinks', 'directories', 'selection']) expect([key, fromDocker[key]]).toEqual([key, fromPodman[key]]);
  }, SLOW);
});
