// Named volumes without a guest: create, ls, rm and cp through the CLI, the tree read back with the
// one TFS reader and checked against the real Nanos dump; docker cp's placement rules; and copies
// that must not follow a symlink out of the destination. (What a guest writes into a volume, and
// reading that back, is test/cli/mounts.test.ts.)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { openImage } from '../../src/image/read-image.js';
import { runMain } from '../cli/run-main.js';
import { needDump } from '../support/machine-needs.js';
import { testWith } from '../support/needs.js';
import { sharedDump } from '../support/shared-paths.js';
import { treeOf } from '../support/tree-of.js';

let work: string;
let volumes: string;
beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), 'minops-volume-'));
  process.env.MINOPS_CACHE = path.join(work, 'cache');
  volumes = path.join(work, 'cache', 'volumes');
});

const minops = (...argv: string[]) => runMain(argv, work);
const at = (...p: string[]) => path.join(work, ...p);

function sampleTree(dir: string): void {
  mkdirSync(path.join(dir, 'sub/deeper'), { recursive: true });
  mkdirSync(path.join(dir, 'empty'));
  writeFileSync(path.join(dir, 'a.txt'), 'alpha\n');
  writeFileSync(path.join(dir, 'empty.txt'), '');
  writeFileSync(path.join(dir, 'sub/deeper/big.bin'), Buffer.alloc(3 * 1024 * 1024 + 7, 0xa5));
  writeFileSync(path.join(dir, 'sub/naïve name.txt'), 'unicode and a space\n');
  symlinkSync('../a.txt', path.join(dir, 'sub/link'));
  symlinkSync('/etc/passwd', path.join(dir, 'abs-link'));
}

describe('minops volume', () => {
  test('create: a bare TFS labelled with the name, of the size asked; again with the same name changes nothing', async () => {
    expect(await minops('volume', 'create', 'data', '--size', '8m')).toEqual({ status: 0, stdout: 'data\n', stderr: '' });
    const file = path.join(volumes, 'data.img');
    expect(statSync(file).size).toBe(8 << 20);
    const image = await openImage(file);
    try {
      expect(image.kind).toBe('bare');
      expect(image.root.label).toBe('data');
      expect([...(image.root.root.entries.get('children') as { entries: Map<string, unknown> }).entries.keys()]).toEqual([]);
    } finally {
      await image.close();
    }
    const before = readFileSync(file);
    expect((await minops('volume', 'create', 'data')).status).toBe(0);
    expect(readFileSync(file).equals(before)).toBe(true);
    const bigger = await minops('volume', 'create', 'data', '--size', '1g');
    expect(bigger.status).toBe(125);
    expect(bigger.stderr.split('\n')[0]).toBe(`minops: ${file}: volume "data" exists with 8388608 bytes, less than --size 1g`);
  });

  test('ls lists name, size, bytes used and file; rm removes; unknown names are 125 with the ls hint', async () => {
    await minops('volume', 'create', 'b', '--size', '4m');
    await minops('volume', 'create', 'a', '--size', '3m');
    writeFileSync(at('f.txt'), 'x'.repeat(2000));
    await minops('volume', 'cp', 'f.txt', 'a:/');
    const ls = await minops('volume', 'ls');
    expect(ls.stdout.split('\n').map((l) => l.split(/\s{2,}/))).toEqual([
      ['NAME', 'SIZE', 'USED', 'FILE'],
      ['a', '3.1 MB', '0.0 MB', path.join(volumes, 'a.img')],
      ['b', '4.2 MB', '0.0 MB', path.join(volumes, 'b.img')],
      [''],
    ]);
    const json = JSON.parse((await runMain(['volume', 'ls', '--json'], work)).stdout) as { volumes: { name: string; usedBytes: number }[] };
    expect(json.volumes.map((v) => [v.name, v.usedBytes])).toEqual([['a', 2000], ['b', 0]]);
    const missing = await minops('volume', 'rm', 'b', 'nope');
    expect(missing.status).toBe(125);
    expect(missing.stderr).toBe('minops: nope: no volume named "nope"\nminops: hint: `minops volume ls` lists the volumes; `minops volume create nope` makes this one\n');
    expect(existsSync(path.join(volumes, 'b.img'))).toBe(true); // nothing removed when one name is wrong
    expect(await minops('volume', 'rm', 'b')).toMatchObject({ status: 0, stdout: 'b\n' });
    expect((await minops('volume', 'ls')).stdout).not.toMatch(/^b /m);
  });

  test('cp into a volume and back out gives the same tree (files, empty ones, a 3 MiB one, symlinks verbatim, empty dirs); size, label and UUID stay', async () => {
    await minops('volume', 'create', 'data', '--size', '16m');
    const file = path.join(volumes, 'data.img');
    const uuidBefore = (await openImage(file).then(async (i) => (await i.close(), i.root.uuid)));
    sampleTree(at('tree'));
    const into = await minops('volume', 'cp', 'tree', 'data:/');
    expect(into).toMatchObject({ status: 0, stderr: `copied 4 file(s), ${3 * 1024 * 1024 + 7 + 6 + 20} bytes to data:/\n` });
    const out = await minops('volume', 'cp', 'data:/tree', 'back');
    expect(out.status).toBe(0);
    expect(treeOf(at('back'))).toEqual(treeOf(at('tree')));
    const image = await openImage(file);
    await image.close();
    expect([statSync(file).size, image.root.label, image.root.uuid]).toEqual([16 << 20, 'data', uuidBefore]);
  });

  testWith([needDump], 'a volume minops wrote is read by the real Nanos dump', async () => {
    await minops('volume', 'create', 'data', '--size', '8m');
    mkdirSync(at('tree/sub'), { recursive: true });
    writeFileSync(at('tree/sub/x.txt'), 'from the host\n');
    await minops('volume', 'cp', 'tree/.', 'data:/');
    const text = execFileSync(sharedDump!, ['-t', path.join(volumes, 'data.img')], { encoding: 'utf8' });
    expect(text).toContain('Label: data');
    execFileSync(sharedDump!, ['-d', at('dumped'), path.join(volumes, 'data.img')]);
    expect(readFileSync(at('dumped/sub/x.txt'), 'utf8')).toBe('from the host\n');
  });

  test('docker cp placement: into an existing directory under its own name, `/.` copies contents, a new name becomes the copy, a file replaces a file', async () => {
    await minops('volume', 'create', 'v', '--size', '16m');
    sampleTree(at('t'));
    await minops('volume', 'cp', 't', 'v:/'); // → /t
    await minops('volume', 'cp', 't/.', 'v:/flat'); // parent exists, /flat is new → the contents
    await minops('volume', 'cp', 't/a.txt', 'v:/t/sub'); // → /t/sub/a.txt
    writeFileSync(at('new.txt'), 'replaced\n');
    await minops('volume', 'cp', 'new.txt', 'v:/t/a.txt');
    mkdirSync(at('out'));
    await minops('volume', 'cp', 'v:/', 'out'); // a volume's root: its contents
    expect(Object.keys(treeOf(at('out'))).filter((k) => !k.includes('/'))).toEqual(['flat', 't']);
    expect(treeOf(at('out/flat'))).toEqual(treeOf(at('t')));
    expect(readFileSync(at('out/t/a.txt'), 'utf8')).toBe('replaced\n');
    expect(readFileSync(at('out/t/sub/a.txt'), 'utf8')).toBe('alpha\n');
    await minops('volume', 'cp', 'v:/t/sub/link', 'out/link-copy'); // a final symlink is copied as a link
    expect(readlinkSync(at('out/link-copy'))).toBe('../a.txt');
  });

  test.each([
    [['volume', 'cp', 't', 'v:/t/a.txt'], 'minops: v:/t/a.txt: is a file; a directory cannot be copied onto it'],
    [['volume', 'cp', 't', 'v:/no/such/dir'], 'minops: v:/no/such/dir: its parent directory does not exist in the volume'],
    [['volume', 'cp', 'v:/t', 'no/such/dir'], 'minops: no/such/dir: its parent directory does not exist'],
    [['volume', 'cp', 'v:/nothing', 'x'], 'minops: v:/nothing: no such file or directory (/nothing is missing)'],
    [['volume', 'cp', 'missing-here', 'v:/'], 'minops: missing-here: no such file or directory'],
    [['volume', 'cp', 'v:/t', 'w:/t'], 'minops: both sides are volumes; copy through a host directory'],
    [['volume', 'cp', 't', 'u'], 'minops: neither side is a volume (NAME:/path)'],
    [['volume', 'cp', 'nope:/', 'x'], 'minops: nope:/: no volume named "nope"'],
    [['volume', 'create', 'bad/name'], 'minops: bad/name: "bad/name" is not a volume name'],
    [['volume', 'create', 'tiny', '--size', '1m'], 'volume "tiny" is too small: it has 1048576 bytes, its content needs 2621440 bytes'],
  ])('%j: 125, %s', async (argv, line) => {
    await minops('volume', 'create', 'v', '--size', '8m');
    sampleTree(at('t'));
    await minops('volume', 'cp', 't', 'v:/');
    const r = await minops(...argv);
    expect(r.status).toBe(125);
    expect(r.stderr.split('\n')[0]).toContain(line);
  });

  test('a symlink in the destination is never followed: not on the host (cp out), not in the unpacked volume (cp in)', async () => {
    const victim = at('victim');
    mkdirSync(victim);
    // Out: the volume has a directory `d`; on the host, `d` is a symlink to the victim.
    await minops('volume', 'create', 'v', '--size', '8m');
    mkdirSync(at('src/d'), { recursive: true });
    writeFileSync(at('src/d/payload'), 'x');
    await minops('volume', 'cp', 'src/.', 'v:/');
    mkdirSync(at('dest'));
    symlinkSync(victim, at('dest/d'));
    const out = await minops('volume', 'cp', 'v:/', 'dest');
    expect(out.status).toBe(125);
    expect(out.stderr.split('\n')[0]).toBe(`minops: ${at('dest/d')}: exists and is not a directory; a directory cannot replace it`);
    // In: the volume has `escape -> <victim>`; the host source has escape/payload.
    mkdirSync(at('evil'));
    symlinkSync(victim, at('evil/escape'));
    await minops('volume', 'cp', 'evil/.', 'v:/');
    mkdirSync(at('src2/escape'), { recursive: true });
    writeFileSync(at('src2/escape/payload'), 'x');
    const into = await minops('volume', 'cp', 'src2/.', 'v:/');
    expect(into.status).toBe(125);
    expect(into.stderr.split('\n')[0]).toMatch(/\/escape: exists and is not a directory; a directory cannot replace it$/);
    expect(readdirSync(victim)).toEqual([]);
  });

  test('a copy that does not fit: 125 saying so, and the volume is left exactly as it was', async () => {
    await minops('volume', 'create', 'small', '--size', '3m');
    const file = path.join(volumes, 'small.img');
    const before = readFileSync(file);
    writeFileSync(at('big.bin'), Buffer.alloc(3 << 20, 1));
    const r = await minops('volume', 'cp', 'big.bin', 'small:/');
    expect(r.status).toBe(125);
    expect(r.stderr.split('\n')[0]).toBe(`minops: ${file}: volume "small" is too small: it has ${3 << 20} bytes, its content needs ${5.5 * (1 << 20)} bytes`);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(volumes)).toEqual(['small.img']); // no temporary files left
    // What the message asks for is enough.
    expect((await minops('volume', 'create', 'enough', '--size', String(5.5 * (1 << 20)))).status).toBe(0);
    expect(await minops('volume', 'cp', 'big.bin', 'enough:/')).toMatchObject({ status: 0 });
  });
});
