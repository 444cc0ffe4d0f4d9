// A Dockerfile build's image ID, remembered so that an unchanged build costs at most one `image
// inspect` instead of a `build`. The answer is reused only while everything the engine's own build
// cache looks at is unchanged: the Dockerfile's bytes, the context files it copies (size, mtime,
// inode of each, and of each directory, so an added file counts) with the .dockerignore files, and
// the ID each base image has in the engine's storage. That last one is asked (`image inspect`)
// unless the file where the engine keeps its image names (podman: <graphroot>/<driver>-images/
// images.json; docker: <root>/image/<driver>/repositories.json) is the very file it was when the
// IDs were last checked: any pull, tag or removal rewrites it. The memo sits beside the rootfs
// cache (`builds.json`), so `rootfs prune` forgets it too.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { OnEvent } from '../events.js';
import { fileIdentity } from '../file-identity.js';
import { findOnPath } from '../find-on-path.js';
import { recall, remember } from '../memo-file.js';
import { lastLine, type Engine } from './engine/engine.js';
import { runEngine } from './engine/run-engine.js';
import { dockerfileInputs } from './dockerfile-inputs.js';
import { buildImage } from './from-engine.js';
import { findCached } from './rootfs-cache.js';

/** Past this many context entries a build is not remembered: checking would cost too much. */
const MAX_CONTEXT_ENTRIES = 20_000;

interface Remembered {
  dockerfile: string;
  context: string;
  bases: Record<string, string>;
  imageId: string;
  /** The engine's image-name store as it was when `bases` were last checked. */
  store?: { file: string; identity: string };
}

const isRemembered = (e: unknown): e is Remembered => {
  const r = e as Partial<Remembered> | undefined;
  return typeof r?.dockerfile === 'string' && typeof r.context === 'string' && typeof r.imageId === 'string' && typeof r.bases === 'object' && r.bases !== null;
};

/** What one build depends on, read now; `why` when it cannot be pinned down. */
type BuildInputs = { kind: 'pinned'; dockerfile: string; context: string; bases: readonly string[] } | { kind: 'unpinned'; why: string };

export const buildMemoFile = (rootfsCacheDir: string): string => path.join(rootfsCacheDir, 'builds.json');

/** The image ID `dockerfile` builds to: remembered when nothing it depends on changed and its tree
 * is in the rootfs cache, else built (and remembered for next time). */
export async function builtImageId(engine: Engine, dockerfile: string, rootfsCacheDir: string, onEvent: OnEvent): Promise<string> {
  const file = buildMemoFile(rootfsCacheDir);
  // A missing Dockerfile is for the build to report.
  const inputs: BuildInputs = fs.existsSync(dockerfile) ? readBuildInputs(dockerfile) : { kind: 'unpinned', why: 'it does not exist' };
  const known = await recallBuild(file, engine, dockerfile, inputs, onEvent);
  if (known && findCached(rootfsCacheDir, known.replace(/^sha256:/, ''))) return known;
  const id = await buildImage(engine, dockerfile, onEvent);
  await rememberBuild(file, engine, dockerfile, inputs, id, onEvent);
  return id;
}

/** The builder is part of the answer: which CLI binary (a docker 20 and a docker 28 may both be
 * `docker`), its flags, and the variables that pick its daemon and builder. */
function memoKey(engine: Engine, dockerfile: string): string {
  const cli = findOnPath(engine.command) ?? engine.command;
  const env = ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_BUILDKIT', 'CONTAINER_HOST'].map((name) => `${name}=${process.env[name] ?? ''}`);
  return [engine.name, cli, fileIdentity(cli) ?? '', ...engine.globalArgs, ...engine.runArgs, ...env, dockerfile].join(' ');
}

function readBuildInputs(dockerfile: string): BuildInputs {
  const bytes = fs.readFileSync(dockerfile);
  const inputs = dockerfileInputs(bytes.toString('utf8'));
  if (inputs.kind === 'unpinned') return inputs;
  const contextDir = path.dirname(dockerfile);
  const context = contextIdentity(contextDir, [...inputs.sources, '.dockerignore', `${path.basename(dockerfile)}.dockerignore`]);
  if (context === undefined) return { kind: 'unpinned', why: `its context has more than ${MAX_CONTEXT_ENTRIES} entries to check` };
  return { kind: 'pinned', dockerfile: createHash('sha256').update(bytes).digest('hex'), context, bases: inputs.bases };
}

/** The remembered image ID when the Dockerfile, its context and its base images are unchanged. */
async function recallBuild(file: string, engine: Engine, dockerfile: string, inputs: BuildInputs, onEvent: OnEvent): Promise<string | undefined> {
  if (inputs.kind === 'unpinned') {
    onEvent({ kind: 'debug', message: `${dockerfile}: its build is not remembered because ${inputs.why}` });
    return undefined;
  }
  const key = memoKey(engine, dockerfile);
  const known = recall(file, key, isRemembered);
  if (!known || known.dockerfile !== inputs.dockerfile || known.context !== inputs.context) return undefined;
  const said = `${dockerfile}: image ${known.imageId}, remembered (Dockerfile, context and base images unchanged`;
  if (known.store && fileIdentity(known.store.file) === known.store.identity) {
    onEvent({ kind: 'debug', message: `${said}; ${known.store.file} is as it was)` });
    return known.imageId;
  }
  // Taken before asking: a change made while the engine answers shows next time.
  const store = known.store && { file: known.store.file, identity: fileIdentity(known.store.file) ?? '' };
  const bases = await baseImageIds(engine, inputs.bases, onEvent);
  if (!bases || inputs.bases.some((ref) => bases[ref] !== known.bases[ref])) return undefined;
  if (store) remember(file, key, { ...known, store } satisfies Remembered);
  onEvent({ kind: 'debug', message: `${said})` });
  return known.imageId;
}

async function rememberBuild(file: string, engine: Engine, dockerfile: string, inputs: BuildInputs, imageId: string, onEvent: OnEvent): Promise<void> {
  if (inputs.kind === 'unpinned') return;
  const storeFile = await imageStoreFile(engine, onEvent);
  const identity = storeFile === undefined ? undefined : fileIdentity(storeFile);
  const bases = await baseImageIds(engine, inputs.bases, onEvent);
  if (!bases) return;
  const store = storeFile !== undefined && identity !== undefined ? { file: storeFile, identity } : undefined;
  remember(file, memoKey(engine, dockerfile), { dockerfile: inputs.dockerfile, context: inputs.context, bases, imageId, ...(store ? { store } : {}) } satisfies Remembered);
}

/** The file where the engine keeps image names, when its layout is the one known here. */
async function imageStoreFile(engine: Engine, onEvent: OnEvent): Promise<string | undefined> {
  const format = engine.name === 'podman' ? '{{.Store.GraphRoot}}|{{.Store.GraphDriverName}}' : '{{.DockerRootDir}}|{{.Driver}}';
  const r = await runEngine(engine, ['info', '--format', format], onEvent);
  const [root, driver] = lastLine(r.stdout).split('|');
  if (r.exitCode !== 0 || !root || !driver || !path.isAbsolute(root)) return undefined;
  return engine.name === 'podman' ? path.join(root, `${driver}-images`, 'images.json') : path.join(root, 'image', driver, 'repositories.json');
}

/** Each base's ID in the engine's storage now, or undefined when one is not there. */
async function baseImageIds(engine: Engine, refs: readonly string[], onEvent: OnEvent): Promise<Record<string, string> | undefined> {
  if (refs.length === 0) return {};
  const r = await runEngine(engine, ['image', 'inspect', '--format', '{{.Id}}', ...refs], onEvent);
  const ids = r.stdout.trim().split('\n').map((id) => id.trim().replace(/^sha256:/, ''));
  if (r.exitCode !== 0 || ids.length !== refs.length || ids.some((id) => !/^[0-9a-f]{64}$/.test(id))) {
    onEvent({ kind: 'debug', message: `base image IDs unknown (${lastLine(r.stderr) || 'unexpected answer'}): building` });
    return undefined;
  }
  return Object.fromEntries(refs.map((ref, i) => [ref, ids[i]!]));
}

/** A hash over every context entry the sources reach (a glob: its whole literal parent). */
function contextIdentity(contextDir: string, sources: readonly string[]): string | undefined {
  const hash = createHash('sha256');
  let entries = 0;
  const visit = (abs: string): boolean => {
    if (++entries > MAX_CONTEXT_ENTRIES) return false;
    const st = fs.lstatSync(abs, { bigint: true, throwIfNoEntry: false });
    hash.update(`${path.relative(contextDir, abs)}\0${st ? `${st.mode}:${st.size}:${st.mtimeNs}:${st.ino}` : 'none'}\n`);
    if (!st?.isDirectory()) return true;
    for (const name of fs.readdirSync(abs).sort()) if (!visit(path.join(abs, name))) return false;
    return true;
  };
  for (const source of sources) {
    const segments = source.split('/').filter((s) => s !== '' && s !== '.');
    const literal = segments.findIndex((s) => /[*?[\]]/.test(s));
    const start = path.join(contextDir, ...(literal < 0 ? segments : segments.slice(0, literal)));
    // A source outside the context fails the build itself; nothing to remember about it.
    if (path.relative(contextDir, start).startsWith('..')) continue;
    if (!visit(start)) return undefined;
  }
  return hash.digest('hex').slice(0, 32);
}
