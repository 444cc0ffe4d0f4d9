// Every kind of cache entry, damaged three ways (cut short, a byte flipped, a file deleted): the
// next `minops run` notices, says so in one line, rebuilds what was damaged, and the script runs
// on the real kernel as before. The kernel comes from minops's own cache (fetched from a local
// server holding the shared release tarball), the rootfs from an OCI layout it extracts itself.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { debianPythonOci } from '../support/debian-oci.js';
import { describeWith } from '../support/needs.js';
import { needKernel, needQemu } from '../support/machine-needs.js';
import { runMinops } from '../support/run-minops.js';
import { sharedTarballDir } from '../support/shared-paths.js';

const top = mkdtempSync(path.join(os.tmpdir(), 'minops-cache-damage-'));
const work = path.join(top, 'app');
// Beside the script's directory, not in it: a rootfs under the script's directory would be taken
// for the script's own modules.
const cache = path.join(top, 'cache');
mkdirSync(work);
writeFileSync(path.join(work, 'app.py'), 'import json\nprint("whole", json.dumps([1, 2]))\n');

let server: Server;
let releaseBase = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    const file = path.join(sharedTarballDir ?? '/nonexistent', decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    try {
      res.writeHead(200).end(readFileSync(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  releaseBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(top, { recursive: true, force: true });
});

async function run() {
  const r = await runMinops(['run', 'app.py', '--rootfs', `oci:${debianPythonOci()}`, '--quiet-kernel'], {
    cwd: work,
    // No MINOPS_KERNEL_DIR: the kernel is the one `run` fetched into the cache.
    env: { MINOPS_CACHE: cache, MINOPS_KERNEL_DIR: '', MINOPS_RELEASE_URL: releaseBase, HOME: work },
  });
  expect(r.stdout).toBe('whole [1, 2]');
  expect(r.exitCode).toBe(0);
  return r.stderr.split('\n').filter((l) => l.startsWith('minops: ') && /damaged|fetching/.test(l));
}

type Damage = 'truncate' | 'flip' | 'delete';
function damage(file: string, how: Damage): void {
  if (how === 'delete') return rmSync(file);
  const size = statSync(file).size;
  if (how === 'truncate') return truncateSync(file, Math.floor(size / 2));
  const bytes = readFileSync(file);
  const at = Math.floor(size / 2);
  bytes[at] = bytes[at]! ^ 0x40;
  writeFileSync(file, bytes);
}

const only = (dir: string, pick: (name: string) => boolean = () => true): string => {
  const names = readdirSync(dir).filter((n) => !n.startsWith('.') && pick(n));
  if (names.length !== 1) throw new Error(`expected one entry in ${dir}, found ${names.join(', ')}`);
  return path.join(dir, names[0]!);
};
/** The image the last run used: the most recently used entry. */
const imageFile = () => {
  const dir = path.join(cache, 'images');
  const newest = readdirSync(dir)
    .filter((n) => !n.startsWith('.'))
    .sort((a, b) => statSync(path.join(dir, b)).mtimeMs - statSync(path.join(dir, a)).mtimeMs)[0];
  return path.join(dir, newest!, 'disk.img');
};
const planFile = () => only(path.join(cache, 'bundle/plans'));
/** json/decoder.py's bytecode, found through the plan that ships it. */
function pycFile(): string {
  const plan = JSON.parse(readFileSync(planFile(), 'utf8').split('\n')[1]!) as { plan: { entries: { guest: string; source: { hostPath?: string } }[] } };
  const entry = plan.plan.entries.find((e) => /json\/__pycache__\/decoder\..*\.pyc$/.test(e.guest));
  return entry!.source.hostPath!;
}
const rootfsFile = () => {
  const tree = path.join(only(path.join(cache, 'rootfs')), 'tree/usr/lib');
  return path.join(only(tree, (n) => /^python3\.\d+$/.test(n)), 'json/decoder.py');
};
const kernelFile = () => path.join(only(path.join(cache, 'kernels')), 'kernel.img');

describeWith([needKernel, needQemu], 'a damaged cache entry is rebuilt, with one line saying so', () => {
  test('first run: everything is built and fetched', async () => {
    expect(sharedTarballDir).toBeDefined();
    expect(await run()).toEqual([expect.stringMatching(/^minops: no Nanos kernel found; fetching/)]);
  }, 300_000);

  // Two runs per kind of damage: a new kernel changes every image key, so the image and plan
  // damage get a run of their own, before the kernel, rootfs and bytecode damage.
  test.each(['truncate', 'flip', 'delete'] as const)('%s: image and plan, then kernel, rootfs tree and .pyc', async (how) => {
    damage(imageFile(), how);
    damage(planFile(), how);
    const first = await run();
    expect(first).toContainEqual(expect.stringMatching(/^minops: image cache: \w+ is damaged \(.+\); building it again$/));
    // A deleted plan is simply missing: it is planned again without a word.
    if (how !== 'delete') expect(first).toContainEqual(expect.stringMatching(/^minops: plan cache: \w+ is damaged \(.+\); planning again$/));
    expect(first).toHaveLength(how === 'delete' ? 1 : 2);

    damage(pycFile(), how);
    damage(rootfsFile(), how);
    damage(kernelFile(), how);
    const second = await run();
    expect(second).toContainEqual(expect.stringMatching(/^minops: rootfs cache: \w+ is damaged \(usr\/lib\/python3\.\d+\/json\/decoder\.py: .+\); extracting it again$/));
    expect(second).toContainEqual(expect.stringMatching(/^minops: bytecode cache: 1 \.pyc damaged \(.+\); compiling again$/));
    // A kernel without its kernel.img is no kernel at all: found missing, fetched again.
    expect(second).toContainEqual(
      how === 'delete'
        ? expect.stringMatching(/^minops: no Nanos kernel found; fetching/)
        : expect.stringMatching(/^minops: kernel cache: Nanos [\w.-]+ is damaged \(kernel\.img: .+\); fetching it again$/),
    );
  }, 600_000);
});
