// Images from docker or podman: `build` a Dockerfile (or look up an image already there), then
// `create` a container that never runs and stream `export` straight through the extractor into
// the cache: no tar on disk. The cache key is the image ID, so a rebuild the engine answers from
// its own cache extracts nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MinopsError } from '../errors.js';
import type { OnEvent } from '../events.js';
import { engineWords, lastLine, type Engine } from './engine/engine.js';
import { runEngine } from './engine/run-engine.js';
import { streamEngine } from './engine/stream-engine.js';
import { extractTar } from './tar/extract.js';
import { trackTemp } from '../track-temp.js';

const hexOf = (id: string): string => id.trim().replace(/^sha256:/, '');

/** `FROM` images of a Dockerfile (stage names and scratch left out), for error messages. */
export function baseImagesOf(dockerfile: string): string[] {
  const stages = new Set<string>();
  const images: string[] = [];
  for (const line of dockerfile.split('\n')) {
    const m = /^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (!m) continue;
    const image = m[1]!;
    if (image !== 'scratch' && !stages.has(image.toLowerCase())) images.push(image);
    if (m[2]) stages.add(m[2].toLowerCase());
  }
  return images;
}

const UNREACHABLE = /pull|registry|resolv|dial tcp|no such host|lookup |connection refused|i\/o timeout|network is unreachable|manifest unknown|unauthorized|TLS handshake/i;

/** Builds `dockerfile` (context: its directory) and returns the image ID (sha256:…). */
export async function buildImage(engine: Engine, dockerfile: string, onEvent: OnEvent): Promise<string> {
  if (!fs.existsSync(dockerfile)) {
    throw new MinopsError('INPUT_MISSING', `${dockerfile}: no such Dockerfile`, { where: { file: dockerfile } });
  }
  const iidDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minops-iid-'));
  trackTemp(iidDir);
  const iidFile = path.join(iidDir, 'iid');
  try {
    const args = ['build', '-q', ...engine.runArgs, '--iidfile', iidFile, '-f', dockerfile, path.dirname(dockerfile)];
    const r = await runEngine(engine, args, onEvent);
    if (r.exitCode !== 0) {
      const bases = baseImagesOf(fs.readFileSync(dockerfile, 'utf8'));
      const detail = engineWords(r.stderr) || lastLine(r.stdout);
      if (bases.length > 0 && UNREACHABLE.test(r.stderr)) {
        throw new MinopsError('ENGINE_FAILED', `${engine.name} build could not get the base image ${bases.join(', ')}: ${detail}`, {
          where: { file: dockerfile },
          hint: `check the network and the registry, or pull ${bases[0]} yourself; minops does not fall back to another rootfs`,
        });
      }
      throw new MinopsError('ENGINE_FAILED', `${engine.name} build failed: ${detail}`, {
        where: { file: dockerfile },
        hint: /buildx/i.test(r.stderr) ? 'install the docker buildx plugin, or unset DOCKER_BUILDKIT to build with the classic builder' : undefined,
      });
    }
    const id = fs.existsSync(iidFile) ? fs.readFileSync(iidFile, 'utf8') : lastLine(r.stdout);
    return `sha256:${hexOf(id)}`;
  } finally {
    fs.rmSync(iidDir, { recursive: true, force: true });
  }
}

/** The image's size in bytes as the engine reports it, or undefined. */
export async function imageSizeOf(engine: Engine, imageId: string, onEvent: OnEvent): Promise<number | undefined> {
  const r = await runEngine(engine, ['image', 'inspect', '--format', '{{.Size}}', imageId], onEvent);
  const size = Number(lastLine(r.stdout));
  return r.exitCode === 0 && Number.isSafeInteger(size) && size > 0 ? size : undefined;
}

/** The ID of an image already in the engine; never pulls. */
export async function imageIdOf(engine: Engine, ref: string, onEvent: OnEvent): Promise<string> {
  const r = await runEngine(engine, ['image', 'inspect', '--format', '{{.Id}}', ref], onEvent);
  if (r.exitCode !== 0) {
    throw new MinopsError('ENGINE_FAILED', `${engine.name} has no image ${ref}: ${lastLine(r.stderr)}`, {
      hint: `pull or build it first (${engine.name} pull ${ref})`,
    });
  }
  return `sha256:${hexOf(lastLine(r.stdout))}`;
}

export interface ExportOptions {
  onEvent: OnEvent;
  /** The image's size as the engine reports it, for progress (the export is about that big). */
  totalBytes?: number;
  onWarning: (message: string, entry: string) => void;
}

/** Exports the merged filesystem of `imageId` into `target`, streamed through the extractor. */
export async function exportImage(engine: Engine, imageId: string, target: string, options: ExportOptions): Promise<void> {
  const { onEvent } = options;
  const name = `minops-rootfs-${process.pid}-${Date.now().toString(36)}`;
  // The command is never run; it only satisfies engines that refuse images without CMD.
  const created = await runEngine(engine, ['create', '--name', name, imageId, '/minops-never-runs'], onEvent);
  if (created.exitCode !== 0) throw new MinopsError('ENGINE_FAILED', `${engine.name} create ${imageId} failed: ${engineWords(created.stderr)}`);
  try {
    const run = streamEngine(engine, ['export', name], onEvent);
    const total = options.totalBytes;
    onEvent({ kind: 'start', step: 'extract', total });
    let broken: unknown;
    try {
      await extractTar(run.stdout, target, {
        mode: 'flat',
        file: `${engine.name} export ${imageId}`,
        onWarning: options.onWarning,
        onProgress: (done) => onEvent({ kind: 'progress', step: 'extract', done, total: total === undefined ? undefined : Math.max(total, done) }),
      });
    } catch (e) {
      broken = e;
      // Stopped reading mid-stream (an unsafe or malformed entry): that reason is the one to give,
      // and the engine, blocked on a full pipe, is told to go.
      if (!run.ended) run.kill();
      run.stdout.destroy();
    }
    const { exitCode, stderr } = await run.exited;
    // An engine that failed explains a stream that stopped or never started in its own words.
    if (exitCode !== 0 && (broken === undefined || run.ended)) {
      throw new MinopsError('ENGINE_FAILED', `${engine.name} export of ${imageId} failed: ${engineWords(stderr) || `exit status ${exitCode}, and no message`}`, {
        cause: broken,
      });
    }
    if (broken !== undefined) throw broken;
    onEvent({ kind: 'end', step: 'extract' });
  } finally {
    await runEngine(engine, ['rm', '-f', name], onEvent);
  }
}
