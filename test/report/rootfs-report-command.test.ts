// The `minops rootfs report` handler with a real rootfs directory: what the user sees on stdout
// for text, --json and --html.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { rootfsReportCommand } from '../../src/cli/commands/rootfs-report.js';
import { resolveSettings } from '../../src/config/resolve-settings.js';
import type { Report } from '../../src/report/report.js';
import { debianPythonName, debianPythonRootfs, repoRoot } from '../support/debian-rootfs.js';
import { needCommand } from '../support/machine-needs.js';
import { testWith } from '../support/needs.js';

function fakeIo(json: boolean): CliIo & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', verbose: false, json, onEvent: () => {}, out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
  return io;
}

describe('minops rootfs report (handler)', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'minops-report-cmd-'));
  const settings = (json: boolean) =>
    resolveSettings({ config: {}, flags: { rootfs: `dir:${debianPythonRootfs()}`, json }, cwd: repoRoot });

  test('text on stdout, and --html writes a file', async () => {
    const io = fakeIo(false);
    const html = path.join(tmp, 'r.html');
    const status = await rootfsReportCommand({ script: path.join(repoRoot, 'examples/hello.py'), scriptArgs: [], settings: settings(false), html }, io);
    expect(status).toBe(0);
    const python = debianPythonName(debianPythonRootfs());
    expect(io.stdout.split('\n')[0]).toBe(`minops rootfs report: /usr/bin/${python} /app/hello.py`);
    expect(io.stdout).toMatch(/^after \(image\) +\d+(\.\d)? MB +\d+ +\d+ \(\d+\.\d% of the rootfs\)$/m);
    expect(io.stdout).toContain(`/usr/bin/${python}  (the program)`);
    expect(io.stderr).toBe(`wrote ${html}\n`);
    expect(existsSync(html) && readFileSync(html, 'utf8').startsWith('<!doctype html>')).toBe(true);
  });

  test('--json prints the Report', async () => {
    const io = fakeIo(true);
    await rootfsReportCommand({ script: path.join(repoRoot, 'examples/hello.py'), scriptArgs: ['a'], settings: settings(true) }, io);
    const report = JSON.parse(io.stdout) as Report;
    expect(report.args.slice(1)).toEqual(['/app/hello.py', 'a']);
    expect(report.kept.find((f) => f.guest === '/app/hello.py')).toMatchObject({ from: 'user', why: 'the script', category: 'user-files' });
    expect(report.after.bytes).toBe(report.kept.reduce((n, f) => n + f.size, 0));
  });

  testWith([needCommand('python3'), needCommand('bwrap', 'bubblewrap')], '--rootfs host: "before" is the Python installation, not every file of /', async () => {
    const io = fakeIo(true);
    const host = resolveSettings({ config: {}, flags: { rootfs: 'host', json: true }, cwd: repoRoot });
    await rootfsReportCommand({ script: path.join(repoRoot, 'examples/stdlib_mix.py'), scriptArgs: [], settings: host }, io);
    const report = JSON.parse(io.stdout) as Report;
    const scope = report.beforeScope ?? [];
    const stdlibDir = path.posix.dirname(report.kept.find((f) => f.guest.endsWith('/json/__init__.py'))!.guest.slice(0, -'/__init__.py'.length));
    expect(scope).toContain(`${stdlibDir}/`);
    expect(scope.some((d) => d.endsWith('/*'))).toBe(true); // the kept libraries' directories, their files only
    // Every file counted is in the scope or kept; nothing of /etc, /home or /var beyond what is kept.
    const kept = new Set(report.kept.map((f) => f.guest));
    const inScope = (g: string) => kept.has(g) || scope.some((d) => (d.endsWith('/*') ? path.posix.dirname(g) === d.slice(0, -2) : g.startsWith(d)));
    expect(report.largestCut.filter((f) => !inScope(f.guest))).toEqual([]);
    expect(report.after.files).toBeLessThanOrEqual(report.before.files);
  });
});
