// rootfs → bundle plan → manifest: the read-and-assemble half shared by run, mkimage and
// manifest. Each stage is called here in order; none of them knows about the others.
import { statSync } from 'node:fs';
import path from 'node:path';
import { addRunEntries } from '../bundle/add-run-entries.js';
import type { BundlePlan } from '../bundle/bundle-plan.js';
import { isElfFile } from '../bundle/is-elf-file.js';
import { networkFiles } from '../bundle/network-files.js';
import type { PlanBundleInput } from '../bundle/plan-bundle.js';
import { planInputFromSettings } from '../bundle/plan-input-from-settings.js';
import type { BuildSettings } from '../config/build-settings.js';
import type { RootfsSource } from '../config/rootfs-source.js';
import { MinopsError } from '../errors.js';
import type { OnEvent } from '../events.js';
import { manifestFromJson } from '../manifest/to-json.js';
import { manifestFromPlan } from '../manifest/from-plan.js';
import { mountsTuple } from '../manifest/mounts-tuple.js';
import type { ManifestTuple, ManifestValue } from '../manifest/tuple.js';
import { defaultRootfsSource, pullRootfs, rootfsDamaged, type PulledRootfs } from '../rootfs/pull-rootfs.js';
import { loadCachedPlan, planCacheKey, storePlan } from './plan-cache.js';

export interface BuildPlanRequest {
  script: string;
  scriptArgs: readonly string[];
  settings: BuildSettings;
  /** The image is booted by `minops run`/the printed qemu line: carry `debug_exit` so the
   * guest's status comes back through isa-debug-exit. */
  debugExit: boolean;
  onEvent: OnEvent;
}

export interface BuiltPlan {
  rootfs: PulledRootfs;
  plan: BundlePlan;
  /** The root tuple without the boot filesystem (added once the kernel is known). */
  rootKeys: (readonly [string, ManifestValue])[];
}

/** The script must be a file before anything slow happens (a kernel fetch, an image build). */
export function checkScript(script: string): void {
  const st = statSync(script, { throwIfNoEntry: false });
  if (!st?.isFile()) {
    throw new MinopsError('INPUT_MISSING', st ? 'is not a file' : 'no such file', {
      where: { file: script },
      hint: 'name the Python script (or ELF program) to run',
    });
  }
}

export async function buildPlan(request: BuildPlanRequest): Promise<BuiltPlan> {
  const { settings, onEvent } = request;
  checkScript(request.script);
  const source = await rootfsSourceFor(settings, onEvent);
  const pullOptions = { onEvent, describe: false, hostPython: !isElfFile(request.script) };
  let rootfs = await pullRootfs(source, pullOptions);
  let input = planInputFromSettings(settings, { root: rootfs.root, script: request.script, scriptArgs: request.scriptArgs, onEvent });
  // For the host, the interpreter is the one `python3` really runs (pyenv and shell shims resolved
  // by asking it), not whatever python happens to sit in /usr/bin.
  if (input.interpreter === undefined && rootfs.record.id === 'host' && rootfs.record.python) {
    input = { ...input, interpreter: rootfs.record.python.path };
  }
  // What `run` adds for the guest's machine (mount points, network files), to the probe's
  // image as to the real one.
  const runEntries = {
    mountPoints: settings.mounts.map(({ guest, from }) => ({ guest, from })),
    files: settings.net === 'user' ? networkFiles(input.cacheDir) : [],
  };
  const planned =
    settings.slim === 'probe'
      ? await (await import('./probe-run.js')).planWithProbe(input, rootfs.record.id, { settings, rootKeys: rootKeysFor(settings, true), finish: (p) => addRunEntries(p, runEntries), onEvent })
      : await cachedPlanBundle(input, rootfs.record.id, onEvent, async () => {
          // Planning reads the whole tree: it is checked first (a run that reuses its plan checks
          // only the files the plan names, through the plan's stamps).
          if (rootfsDamaged(rootfs, onEvent)) rootfs = await pullRootfs(source, pullOptions);
        });
  for (const warning of planned.warnings) onEvent({ kind: 'warning', message: warning });
  const plan = addRunEntries(planned, runEntries);
  return { rootfs, plan, rootKeys: rootKeysFor(settings, request.debugExit) };
}

/** The default Dockerfile needs docker or podman; without either the host's Python is used,
 * and a notice says which was chosen and how to choose another. */
async function rootfsSourceFor(settings: BuildSettings, onEvent: OnEvent): Promise<RootfsSource> {
  if (!settings.rootfsIsDefault) return settings.rootfs;
  const fallback = await defaultRootfsSource({ onEvent });
  return fallback.kind === 'host' ? fallback : settings.rootfs;
}

async function cachedPlanBundle(input: PlanBundleInput, rootfsId: string, onEvent: OnEvent, beforePlanning: () => Promise<void>): Promise<BundlePlan> {
  const cacheDir = path.join(input.cacheDir, 'plans');
  const key = planCacheKey(input, rootfsId);
  const cached = loadCachedPlan(cacheDir, key, input.scriptArgs);
  if (cached.kind === 'hit') {
    onEvent({ kind: 'debug', message: `plan cache hit (${key})` });
    return cached.plan;
  }
  if (cached.kind === 'damaged') onEvent({ kind: 'notice', message: `plan cache: ${key} is damaged (${cached.why}); planning again` });
  await beforePlanning();
  // The planner (ELF, Python, bytecode) loads only when there is planning to do.
  const { planBundle } = await import('../bundle/plan-bundle.js');
  const plan = await planBundle(input);
  // A module the rootfs lacked today may be installed tomorrow without touching any file the plan
  // names: such a plan is made afresh each time.
  if ((plan.python?.missingModules.length ?? 0) === 0) storePlan(cacheDir, key, plan, input.scriptArgs);
  return plan;
}

/** Root keys beyond the plan's own: the config's ManifestPassthrough (as ops copies them), then
 * the flags minops itself sets; a later key wins. */
function rootKeysFor(settings: BuildSettings, debugExit: boolean): (readonly [string, ManifestValue])[] {
  const keys: (readonly [string, ManifestValue])[] = settings.manifestPassthrough.map(
    ([key, value]) => [key, manifestFromJson(value, `ManifestPassthrough.${key}`)] as const,
  );
  if (debugExit) keys.push(['debug_exit', 't']);
  const mounts = mountsTuple(settings.mounts);
  if (mounts) keys.push(['mounts', mounts]);
  return keys;
}

/** The manifest for a plan; `kernel` adds the boot filesystem, as the image writer needs it;
 * `more` adds root keys and klibs (the file trace's). */
export function manifestFor(
  built: BuiltPlan,
  kernel?: { kernelImg: string; klibs?: { name: string; hostPath: string }[] },
  more: { rootKeys?: readonly (readonly [string, ManifestValue])[]; klibs?: readonly { name: string; hostPath: string }[] } = {},
): ManifestTuple {
  return manifestFromPlan(built.plan, {
    rootKeys: [...built.rootKeys, ...(more.rootKeys ?? [])],
    boot: kernel ? { kernel: kernel.kernelImg, klibs: [...(kernel.klibs ?? []), ...(more.klibs ?? []).filter((k) => !kernel.klibs?.some((h) => h.name === k.name))] } : undefined,
  });
}
