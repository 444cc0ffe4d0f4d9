// An engine whose export goes wrong: a stand-in `docker` on PATH (a shell script, so the failures
// are exact and need no daemon) that says no before streaming, cuts the stream, or exits while
// something it started still holds the stream open. minops exits 125 with the engine's own words,
// never waits for ever, removes its container and leaves nothing in the cache.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runMinops } from '../support/run-minops.js';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'minops-fake-engine-'));
const bin = path.join(scratch, 'bin');
const held = path.join(scratch, 'held.pid');
afterAll(() => {
  // The process the `held` export left behind, if the test did not get to it.
  if (fs.existsSync(held)) killHeld();
  fs.rmSync(scratch, { recursive: true, force: true });
});

const imageId = `sha256:${'7'.repeat(64)}`;
const fakeDocker = `#!/bin/sh
# $1 is the subcommand (no global flags: MINOPS_ENGINE=docker uses none).
case "$1" in
  info) echo 20.10.24 ;;
  image) case "$4" in *Id*) echo ${imageId} ;; *) echo 4096 ;; esac ;;
  create) echo c0ffee ;;
  rm) ;;
  export)
    case "$FAKE_EXPORT" in
      refused) echo "Error response from daemon: No such container: $2" >&2; exit 1 ;;
      silent) exit 1 ;;
      cut) head -c 1536 "$FAKE_TAR"; echo "Error: unexpected EOF" >&2; exit 1 ;;
      cut-ok) head -c 1536 "$FAKE_TAR"; exit 0 ;;
      garbage) yes not-a-tar-header | head -c 100000000 ;;
      held) head -c 1024 "$FAKE_TAR"; sleep 120 & echo $! > "$FAKE_HELD"; echo "Error: lost the connection to the daemon" >&2; exit 1 ;;
    esac ;;
esac
`;
fs.mkdirSync(bin);
fs.writeFileSync(path.join(bin, 'docker'), fakeDocker, { mode: 0o755 });
const tarFile = path.join(scratch, 'rootfs.tar');
fs.mkdirSync(path.join(scratch, 'tree/usr/bin'), { recursive: true });
fs.writeFileSync(path.join(scratch, 'tree/usr/bin/data'), Buffer.alloc(8192, 1));
execFileSync('tar', ['-C', path.join(scratch, 'tree'), '-cf', tarFile, 'usr']);

function killHeld(): void {
  try {
    process.kill(Number(fs.readFileSync(held, 'utf8')), 'SIGKILL');
  } catch {
    // already gone
  }
  fs.rmSync(held, { force: true });
}

async function pullWith(mode: string) {
  const cache = fs.mkdtempSync(path.join(scratch, 'cache-'));
  const started = Date.now();
  const r = await runMinops(['rootfs', 'pull', '--verbose', 'docker-daemon:example/python:3.10'], {
    cwd: scratch,
    env: { PATH: `${bin}:${process.env.PATH}`, MINOPS_ENGINE: 'docker', MINOPS_CACHE: cache, FAKE_EXPORT: mode, FAKE_TAR: tarFile, FAKE_HELD: held },
    timeout: 60_000,
  });
  const lines = r.stderr.split('\n');
  return {
    exitCode: r.exitCode,
    seconds: (Date.now() - started) / 1000,
    /** The error line (after the --verbose command lines). */
    error: lines.find((l) => l.startsWith('minops: ') && l !== 'minops: extract...'),
    commands: lines.filter((l) => l.startsWith('+ docker ')).map((l) => l.split(' ')[2]),
    cacheEntries: fs.readdirSync(path.join(cache, 'rootfs')),
  };
}

describe('a failing engine export: exit 125 in the engine words, no hang, nothing left', () => {
  test('the engine refuses before streaming anything', async () => {
    const r = await pullWith('refused');
    expect(r.error).toMatch(new RegExp(`^minops: docker export of ${imageId} failed: Error response from daemon: No such container: minops-rootfs-\\S+$`));
    expect(r.exitCode).toBe(125);
    expect(r.commands).toEqual(['info', 'image', 'image', 'create', 'export', 'rm']);
    expect(r.cacheEntries).toEqual([]);
  });

  test('the engine fails without a word: its status is named', async () => {
    const r = await pullWith('silent');
    expect(r.error).toBe(`minops: docker export of ${imageId} failed: exit status 1, and no message`);
    expect(r.exitCode).toBe(125);
  });

  test('the engine cuts the stream and says why', async () => {
    const r = await pullWith('cut');
    expect(r.error).toBe(`minops: docker export of ${imageId} failed: Error: unexpected EOF`);
    expect(r.exitCode).toBe(125);
    expect(r.commands.at(-1)).toBe('rm');
    expect(r.cacheEntries).toEqual([]);
  });

  test('the engine cuts the stream and reports success: the archive is named truncated', async () => {
    const r = await pullWith('cut-ok');
    expect(r.error).toBe(`minops: docker export ${imageId}: the archive ends inside "usr/bin/data": 0 of 8192 bytes`);
    expect(r.exitCode).toBe(125);
    expect(r.cacheEntries).toEqual([]);
  });

  test('the stream is not a tar: the reader says so, and the engine still writing is stopped', async () => {
    const r = await pullWith('garbage');
    expect(r.error).toBe(`minops: docker export ${imageId}: invalid tar header: the checksum field "ader?not" is not an octal number`);
    expect(r.exitCode).toBe(125);
    expect(r.seconds).toBeLessThan(30);
    expect(r.cacheEntries).toEqual([]);
    expect(spawnSync('pgrep', ['-f', 'yes not-a-tar-header']).stdout.toString()).toBe('');
  });

  test('the engine exits while something it started holds the stream open: 125 within seconds, not a hang', async () => {
    const r = await pullWith('held');
    expect(fs.existsSync(held)).toBe(true); // the holder really was there
    killHeld();
    expect(r.error).toMatch(/^minops: docker export minops-rootfs-\S+: docker exited \(status 1\) but its export stream did not end: Error: lost the connection to the daemon$/);
    expect(r.exitCode).toBe(125);
    expect(r.seconds).toBeLessThan(30);
    expect(r.cacheEntries).toEqual([]);
  });
});
