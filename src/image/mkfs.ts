// The real-mkfs route: print the manifest, feed it to Nanos mkfs on stdin, write to a temporary
// file and rename. mkfs's error text is shown with the manifest line it points at. Names mkfs
// cannot carry (a child named `contents`, which mkfs silently drops) are refused up front; host
// paths it cannot open (over 255 bytes) are staged under short ones.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { MinopsError } from '../errors.js';
import { noEvents, type OnEvent } from '../events.js';
import { mkfsUnsafeNames } from '../manifest/mkfs-unsafe-names.js';
import { printManifest, quoteManifestString } from '../manifest/print.js';
import type { ManifestTuple } from '../manifest/tuple.js';
import { MKFS_HOST_PATH_MAX, stageLongHostPaths } from './stage-long-host-paths.js';
import { tiedCommand } from '../tied-command.js';
import { trackTemp } from '../track-temp.js';
import { checkLabel } from './tfs/check-label.js';

export interface WriteImageWithMkfsOptions {
  mkfs: string;
  root: ManifestTuple;
  out: string;
  bootImg?: string;
  kernel?: string;
  label?: string;
  /** Passed as `-t`: each top-level key is set on the root, e.g. `(debug_exit:t)`. */
  extraTuple?: ManifestTuple;
  /** Minimum total image size (`-s`). */
  minSizeBytes?: number;
  /** mkfs's working directory: relative `host:` paths resolve against it. */
  hostDir?: string;
  onEvent?: OnEvent;
}

export interface WriteImageWithMkfsResult {
  bytes: number;
  uuid?: string;
}

/** The argv after the mkfs path; pure, so the CLI can print exactly what runs. */
export function mkfsArgv(o: Omit<WriteImageWithMkfsOptions, 'mkfs' | 'root' | 'onEvent'>, target: string): string[] {
  const argv: string[] = [];
  if (o.label !== undefined && o.label !== '') argv.push('-l', o.label);
  if (o.bootImg !== undefined) argv.push('-b', o.bootImg);
  if (o.kernel !== undefined) argv.push('-k', o.kernel);
  if (o.extraTuple !== undefined) argv.push('-t', printManifest(o.extraTuple).trimEnd());
  if (o.minSizeBytes !== undefined) argv.push('-s', String(o.minSizeBytes));
  argv.push(target);
  return argv;
}

export async function writeImageWithMkfs(options: WriteImageWithMkfsOptions): Promise<WriteImageWithMkfsResult> {
  const onEvent = options.onEvent ?? noEvents;
  const unsafe = mkfsUnsafeNames(options.root);
  if (unsafe.length > 0) {
    throw new MinopsError('MANIFEST_BAD_NAME', `mkfs drops entries named "contents" without a word (${unsafe.length} in this manifest: ${unsafe.slice(0, 3).join(', ')})`, {
      where: { file: '<manifest>', entry: unsafe[0] },
      hint: 'Use the native writer (no --mkfs), which keeps them, or rename the file.',
    });
  }
  if (options.label !== undefined) checkLabel(options.label);
  const tmp = `${options.out}.tmp-${process.pid}`;
  const argv = mkfsArgv(options, tmp);
  const staged = stageLongHostPaths(options.root, { hostDir: options.hostDir });
  if (staged.dir !== undefined) {
    onEvent({ kind: 'debug', message: `mkfs: ${staged.staged} host path(s) over ${MKFS_HOST_PATH_MAX} bytes staged under ${staged.dir}` });
  }
  const manifest = printManifest(staged.root, { pretty: true });
  onEvent({ kind: 'command', argv: [options.mkfs, ...argv] });
  try {
    // Loaded on use: execa costs ~50 ms of start-up that most commands never need.
    const { execa } = await import('execa');
    trackTemp(tmp);
    const tied = tiedCommand(options.mkfs, argv);
    const r = await execa(tied.file, [...tied.args], { input: manifest, cwd: options.hostDir, reject: false, stripFinalNewline: false });
    if (r.failed) {
      // mkfs prints the tree it parsed, then the error, to stdout: the error is the last line.
      const text = `${r.stderr}`.trim() || (`${r.stdout}`.trim().split('\n').at(-1) ?? '');
      const line = pointedLine(text, manifest);
      throw new MinopsError('MKFS_FAILED', `mkfs failed (${r.exitCode === undefined ? r.signal ?? 'did not run' : `exit ${r.exitCode}`}): ${text || r.shortMessage}`, {
        where: { file: '<manifest>', line: line?.number },
        hint: line ? `manifest line ${line.number}: ${line.text.trim()}` : undefined,
        cause: r,
      });
    }
    const fd = openSync(tmp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, options.out);
    const uuid = /UUID: ([0-9a-f-]{36})/.exec(`${r.stdout}`)?.[1];
    return { bytes: statSync(options.out).size, uuid };
  } finally {
    rmSync(tmp, { force: true });
    staged.cleanup();
  }
}

/** The manifest line an mkfs message is about: the line holding a host path or name it quotes. */
export function pointedLine(message: string, manifest: string): { number: number; text: string } | undefined {
  const m = /couldn't (?:stat|open|read) file (.+?): /.exec(message) ?? /line (\d+)/.exec(message);
  if (!m) return undefined;
  const lines = manifest.split('\n');
  if (/^\d+$/.test(m[1]!)) {
    const n = Number(m[1]);
    return lines[n - 1] === undefined ? undefined : { number: n, text: lines[n - 1]! };
  }
  const host = `"host":${quoteManifestString(m[1]!)}`;
  const index = lines.findIndex((l) => l.includes(host));
  return index < 0 ? undefined : { number: index + 1, text: lines[index]! };
}
