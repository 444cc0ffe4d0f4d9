// The container engine minops drives: docker when its daemon answers, else podman (or whichever
// MINOPS_ENGINE names). For podman, the flags this kind of machine needs are found by probing,
// never assumed, and each one is announced with a debug event (shown with --verbose). The outcome is
// remembered while nothing it depends on changes (engineIdentity), so a warm run asks nothing.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { MinopsError } from '../../errors.js';
import { noEvents, type OnEvent } from '../../events.js';
import { memoFile, recall, remember } from '../../memo-file.js';
import { engineIdentity } from './engine-identity.js';
import { runEngine, runTool } from './run-engine.js';

export type EngineName = 'docker' | 'podman';

export interface Engine {
  name: EngineName;
  /** The executable. */
  command: string;
  /** Flags before the subcommand (podman: --root/--runroot/--storage-driver). */
  globalArgs: readonly string[];
  /** Flags for subcommands that run containers (build RUN steps): --runtime, --ulimit. */
  runArgs: readonly string[];
  /** True when this came from memory, no probe having run: a failure may mean it is stale. */
  remembered?: boolean;
}

export interface DetectEngineOptions {
  env?: NodeJS.ProcessEnv;
  onEvent?: OnEvent;
  /** Extra global flags (tests: a private --root/--runroot). */
  globalArgs?: readonly string[];
  /** Probe even when a remembered answer is still valid (it just failed). */
  fresh?: boolean;
  /** Default $MINOPS_CACHE/memo/engine.json. */
  memoFile?: string;
}

interface Remembered {
  identity: string;
  engine: Engine | null;
}

const isRemembered = (e: unknown): e is Remembered => {
  const r = e as Partial<Remembered> | undefined;
  return typeof r?.identity === 'string' && (r.engine === null || (typeof r.engine === 'object' && typeof r.engine?.command === 'string'));
};

const works = async (command: string, args: string[], onEvent: OnEvent, env?: NodeJS.ProcessEnv): Promise<boolean> =>
  (await runTool(command, args, onEvent, 20_000, env)).exitCode === 0;

/** The engine to use, or null when neither docker nor podman works. */
export async function detectEngine(options: DetectEngineOptions = {}): Promise<Engine | null> {
  const env = options.env ?? process.env;
  const onEvent = options.onEvent ?? noEvents;
  const wanted = env.MINOPS_ENGINE;
  if (wanted !== undefined && wanted !== 'docker' && wanted !== 'podman') {
    throw new MinopsError('CONFIG_INVALID', `MINOPS_ENGINE=${wanted}: expected docker or podman`);
  }
  const file = options.memoFile ?? memoFile('engine', env);
  const key = [wanted ?? 'auto', ...(options.globalArgs ?? [])].join(' ');
  const seen = engineIdentity(env);
  // One run asks once: the default-rootfs choice and the build that follows share the answer.
  const inProcess = `${file}\n${key}\n${seen ?? JSON.stringify(env)}`;
  const asked = options.fresh ? undefined : thisRun.get(inProcess);
  if (asked) return asked;
  const identity = seen === undefined ? undefined : createHash('sha256').update(seen).digest('hex').slice(0, 32);
  const answer = rememberedOrProbed({ env, wanted, file, key, identity, fresh: options.fresh, globalArgs: options.globalArgs ?? [] }, onEvent);
  thisRun.set(inProcess, answer);
  answer.catch(() => thisRun.delete(inProcess));
  return answer;
}

const thisRun = new Map<string, Promise<Engine | null>>();

interface Question {
  env: NodeJS.ProcessEnv;
  wanted: string | undefined;
  file: string;
  key: string;
  /** undefined: not to be remembered. */
  identity: string | undefined;
  fresh: boolean | undefined;
  globalArgs: readonly string[];
}

async function rememberedOrProbed(q: Question, onEvent: OnEvent): Promise<Engine | null> {
  const known = q.identity === undefined || q.fresh ? undefined : recall(q.file, q.key, isRemembered);
  if (known && known.identity === q.identity) {
    const flags = known.engine ? [...known.engine.globalArgs, ...known.engine.runArgs].join(' ') : '';
    const what = known.engine ? `${known.engine.name}${flags ? ` (${flags})` : ''}` : 'neither docker nor podman';
    onEvent({ kind: 'debug', message: `engine: ${what}, remembered (nothing it depends on changed)` });
    return known.engine && { ...known.engine, remembered: true };
  }
  const engine = await probeEngine(q.env, q.wanted, q.globalArgs, onEvent);
  if (q.identity !== undefined) remember(q.file, q.key, { identity: q.identity, engine } satisfies Remembered);
  return engine;
}

async function probeEngine(env: NodeJS.ProcessEnv, wanted: string | undefined, globalArgs: readonly string[], onEvent: OnEvent): Promise<Engine | null> {
  if (wanted !== 'podman' && (await works('docker', ['info', '--format', '{{.ServerVersion}}'], onEvent, env))) {
    return { name: 'docker', command: 'docker', globalArgs, runArgs: [] };
  }
  if (wanted === 'docker') {
    throw new MinopsError('ENGINE_MISSING', 'MINOPS_ENGINE=docker, but `docker info` fails (is the docker daemon running?)', {
      hint: 'start the docker daemon, or unset MINOPS_ENGINE to let minops use podman',
    });
  }
  if (!(await works('podman', ['--version'], onEvent, env))) {
    if (wanted === 'podman') throw new MinopsError('ENGINE_MISSING', 'MINOPS_ENGINE=podman, but podman is not installed');
    return null;
  }
  return podmanEngine(globalArgs, onEvent);
}

/** podman with the flags this machine needs, each found by a probe. */
export async function podmanEngine(globalArgs: readonly string[], onEvent: OnEvent = noEvents): Promise<Engine> {
  const engine: Engine = { name: 'podman', command: 'podman', globalArgs: [...globalArgs], runArgs: [] };
  const hasDriver = globalArgs.some((a) => a.startsWith('--storage-driver'));
  const overlayKernel = fs.existsSync('/proc/filesystems') && /\toverlay$/m.test(fs.readFileSync('/proc/filesystems', 'utf8'));
  const info = await runEngine(engine, ['info', '--format', '{{.Store.GraphDriverName}}'], onEvent);
  if (!hasDriver && (!overlayKernel || info.exitCode !== 0)) {
    const why = !overlayKernel ? 'the kernel has no overlay filesystem' : `podman info failed with the default storage (${lastLine(info.stderr)})`;
    onEvent({ kind: 'debug', message: `podman: using --storage-driver=vfs because ${why}` });
    engine.globalArgs = [...engine.globalArgs, '--storage-driver=vfs'];
    const again = await runEngine(engine, ['info', '--format', '{{.Store.GraphDriverName}}'], onEvent);
    if (again.exitCode !== 0) throw new MinopsError('ENGINE_FAILED', `podman info fails: ${lastLine(again.stderr)}`);
  }
  const runArgs: string[] = [];
  if (!(await works('sh', ['-c', 'command -v crun'], noEvents)) && (await works('sh', ['-c', 'command -v runc'], noEvents))) {
    onEvent({ kind: 'debug', message: 'podman: using --runtime runc because crun is not installed' });
    runArgs.push('--runtime', 'runc');
  }
  const hardFiles = (await runTool('sh', ['-c', 'ulimit -Hn'], noEvents, 5000)).stdout.trim();
  if (/^\d+$/.test(hardFiles) && Number(hardFiles) < 1048576) {
    onEvent({ kind: 'debug', message: `podman: passing --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 because the hard open-files limit is ${hardFiles}` });
    runArgs.push('--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024');
  }
  engine.runArgs = runArgs;
  return engine;
}

export const lastLine = (text: string): string => text.trim().split('\n').filter(Boolean).pop() ?? '';

/**
 * What an engine said went wrong, as one line: its last `error` line (docker 28 follows it with
 * advice and a link), else its last line.
 */
export const engineWords = (text: string): string =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^error\b/i.test(l))
    .pop() ?? lastLine(text);
