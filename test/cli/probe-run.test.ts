// A script that reads a rootfs file only at run time (/etc/debian_version): no import shows it.
// `--trace-missing` names it with its full path and the Include line to paste; `--slim probe`
// finds it by booting once with the whole rootfs, keeps it, and records what it saw.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { debianPythonRootfs } from '../support/debian-rootfs.js';
import { needCommand, needKernel, needQemu } from '../support/machine-needs.js';
import { describeWith } from '../support/needs.js';
import { runMinops } from '../support/run-minops.js';

describeWith([needKernel, needQemu, needCommand('bwrap', 'bubblewrap')], 'a data file read only at run time', () => {
  let rootfs = '';
  let version = '';
  const work = mkdtempSync(path.join(tmpdir(), 'minops-probe-'));
  const cache = path.join(work, 'cache');
  beforeAll(() => {
    rootfs = `dir:${debianPythonRootfs()}`;
    version = readFileSync(path.join(debianPythonRootfs(), 'etc/debian_version'), 'utf8').trim();
    writeFileSync(path.join(work, 'main.py'), 'import json\nprint(json.dumps({"debian": open("/etc/debian_version").read().strip()}))\n');
  });

  test('--slim imports --trace-missing: the full path, where the rootfs has it, the Include line, no noise', async () => {
    const r = await runMinops(['run', 'main.py', '--rootfs', rootfs, '--quiet-kernel', '--trace-missing'], { cwd: work, env: { MINOPS_CACHE: cache } });
    expect(r.stdout).toContain("FileNotFoundError: [Errno 2] No such file or directory: '/etc/debian_version'");
    expect(r.exitCode).toBe(1);
    const lines = r.stderr.split('\n');
    const listed = lines.slice(lines.findIndex((l) => /^minops: the guest failed to open \d+ path\(s\)/.test(l)) + 1).filter((l) => l.startsWith('  '));
    expect(listed).toContainEqual(expect.stringMatching(/^ {2}\/etc\/debian_version +the rootfs has it$/));
    for (const l of listed) expect(l).toMatch(/^ {2}\/\S+ {2,}(the rootfs has it|not in the rootfs either|not there in the rootfs either; it has \/)/);
    expect(listed.filter((l) => /__pycache__|pyvenv\.cfg|glibc-hwcaps|ld\.so\./.test(l))).toEqual([]);
    expect(r.stderr).toMatch(/^minops: left out as noise: .*start-up probe/m);
    expect(r.stderr).toMatch(/^minops: to keep those the rootfs has, add to config\.json: "Minops": \{ "Include": \[.*"\/etc\/debian_version".*\] \}$/m);
  });

  test('--slim probe: one boot with the whole rootfs, shown as such, then the slim image that has the file; recorded and reused', async () => {
    const r = await runMinops(['run', 'main.py', '--rootfs', rootfs, '--quiet-kernel', '--slim', 'probe'], { cwd: work, env: { MINOPS_CACHE: cache } });
    expect(r.stderr).toContain('minops: probe run: booting the script once with the whole rootfs (--slim none)');
    expect(r.stdout.split('\n').filter((l) => l.includes('"debian"'))).toEqual([`[probe] {"debian": "${version}"}`, `{"debian": "${version}"}`]);
    expect(r.exitCode).toBe(0);
    const recorded = /listed in (\S+\.probe\.json)/.exec(r.stderr)?.[1];
    expect(recorded && existsSync(recorded)).toBe(true);
    const record = JSON.parse(readFileSync(recorded!, 'utf8')) as { status: number; paths: string[] };
    expect(record.status).toBe(0);
    expect(record.paths).toContain('/etc/debian_version');
    expect(record.paths.filter((p) => p.startsWith('/app') || p.startsWith('/proc'))).toEqual([]);
    // The plan made from the record is cached: no second probe run.
    const again = await runMinops(['manifest', 'main.py', '--rootfs', rootfs, '--slim', 'probe'], { cwd: work, env: { MINOPS_CACHE: cache } });
    expect(again.exitCode).toBe(0);
    expect(again.stderr).not.toContain('probe run');
    expect(again.stdout).toContain('"debian_version":("contents":');
  });
});
