// `--slim probe`: what no rule knows, learnt by watching. The script is booted once in an image
// with the whole rootfs (`--slim none`) and the kernel's strace klib reporting every file lookup
// with its full path; the slim plan is then `imports` plus exactly the rootfs paths the program
// opened or found. The list is recorded beside the plan cache (`plans/<key>.probe.json`), and the
// plan made from it is cached like any other: an unchanged script is not probed again.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { BundlePlan } from '../bundle/bundle-plan.js';
import { planBundle, type PlanBundleInput } from '../bundle/plan-bundle.js';
import type { BuildSettings } from '../config/build-settings.js';
import { MinopsError } from '../errors.js';
import type { OnEvent } from '../events.js';
import { manifestFromPlan } from '../manifest/from-plan.js';
import type { ManifestValue } from '../manifest/tuple.js';
import { resolveInRoot } from '../resolve-in-root.js';
import { bootVm } from '../vm/boot-vm.js';
import { fileTraceRootKeys } from '../vm/file-trace.js';
import { findQemu } from '../vm/find-qemu.js';
import { attachMounts } from './attach-mounts.js';
import { straceKlib } from './file-trace-keys.js';
import { trackTemp } from '../track-temp.js';
import { loadCachedPlan, planCacheKey, storePlan } from './plan-cache.js';
import { resolveKernel } from './resolve-kernel.js';
import { machineFor, vmSpecFor } from './vm-spec-for.js';
import { runDisk } from './run-disk.js';
import { imageForRun } from './write-cached-image.js';

export interface ProbeRecord {
  readonly script: string;
  /** The guest's exit status in the probe run. */
  readonly status: number;
  /** Rootfs paths the program opened or found, sorted. */
  readonly paths: readonly string[];
}

/** Guest trees that are the kernel's or the user's, never the rootfs's. */
const NOT_ROOTFS = /^\/(proc|dev|sys|app)(\/|$)/;

export interface ProbeContext {
  readonly settings: BuildSettings;
  /** The root keys the real image gets (ManifestPassthrough, debug_exit): the probe boots alike. */
  readonly rootKeys: readonly (readonly [string, ManifestValue])[];
  /** What the real image gets beside the plan (mount points, network files): the probe's too. */
  readonly finish: (plan: BundlePlan) => BundlePlan;
  readonly onEvent: OnEvent;
}

export async function planWithProbe(input: PlanBundleInput, rootfsId: string, context: ProbeContext): Promise<BundlePlan> {
  const { onEvent } = context;
  const dir = path.join(input.cacheDir, 'plans');
  // What the probe run opens depends on the script's arguments: they are part of this key.
  const key = planCacheKey(input, `${rootfsId}\nprobe\n${JSON.stringify(input.scriptArgs)}`);
  const cached = loadCachedPlan(dir, key, input.scriptArgs);
  if (cached.kind === 'hit') {
    onEvent({ kind: 'debug', message: `plan cache hit (${key}, from the recorded probe run)` });
    return cached.plan;
  }
  if (cached.kind === 'damaged') onEvent({ kind: 'notice', message: `plan cache: ${key} is damaged (${cached.why}); probing again` });
  const recordFile = path.join(dir, `${key}.probe.json`);
  const record = await probe(input, context);
  mkdirSync(dir, { recursive: true });
  const tmp = `${recordFile}.tmp-${process.pid}`;
  trackTemp(tmp);
  writeFileSync(tmp, `${JSON.stringify(record, null, 1)}\n`);
  renameSync(tmp, recordFile);
  onEvent({ kind: 'notice', message: `probe run: exit status ${record.status}; the program opened ${record.paths.length} path(s) of the rootfs, listed in ${recordFile}` });
  const plan = await planBundle({ ...input, probed: { paths: record.paths, record: recordFile } });
  storePlan(dir, key, plan, input.scriptArgs);
  return plan;
}

async function probe(input: PlanBundleInput, { settings, rootKeys, finish, onEvent }: ProbeContext): Promise<ProbeRecord> {
  const kernel = await resolveKernel(settings, { fetchIfMissing: true, onEvent });
  const klib = straceKlib(kernel);
  if (!klib) {
    throw new MinopsError('KERNEL_MISSING', `--slim probe needs the kernel's strace klib to see which files the program opens, and ${kernel.klibDir ?? 'this kernel'} has none`, {
      where: { file: kernel.klibDir ?? kernel.kernelImg },
      hint: 'use a Nanos release with klibs/ (minops kernel fetch), or --slim imports with --trace-missing',
    });
  }
  const whole = finish(await planBundle({ ...input, slim: 'none' }));
  const manifest = manifestFromPlan(whole, {
    rootKeys: [...rootKeys, ...fileTraceRootKeys()],
    boot: { kernel: kernel.kernelImg, klibs: [...kernel.klibs.filter((k) => k.name !== klib.name), klib] },
  });
  const run = runDisk(await imageForRun(manifest, kernel, settings, onEvent), { persist: false });
  onEvent({ kind: 'notice', message: 'probe run: booting the script once with the whole rootfs (--slim none), the kernel reporting every file it opens; its output is marked [probe]' });
  const attached = attachMounts(settings);
  const qemu = findQemu();
  const machine = machineFor(settings, { attached, qemu, firmware: false }, onEvent);
  const spec = vmSpecFor(settings, run.disk.file, { kernelImg: kernel.kernelImg, attached, persist: true, machine });
  const result = await bootVm(
    { ...spec, disk: { ...spec.disk, ...run.disk } },
    {
      qemu,
      timeoutSeconds: settings.timeoutSeconds,
      quietKernel: true,
      fileTrace: { cwd: whole.cwd },
      stdout: prefixLines(process.stdout, '[probe] '),
      onEvent,
      fds: run.fds,
    },
  ).finally(() => run.close());
  if (result.timedOut) onEvent({ kind: 'warning', message: `probe run: stopped after --timeout ${settings.timeoutSeconds}s; only what it opened until then is kept` });
  const paths = (result.fileTrace?.found ?? []).filter((guest) => guest !== '/' && !NOT_ROOTFS.test(guest) && resolveInRoot(input.root, guest).kind !== 'missing');
  return { script: input.script, status: result.status, paths: paths.sort() };
}

/** Every line written through it starts with `prefix`. */
function prefixLines(out: NodeJS.WritableStream, prefix: string): Writable {
  let atStart = true;
  return new Writable({
    write(chunk: Buffer | string, _enc, done) {
      const text = chunk.toString();
      let shown = '';
      for (const c of text.split(/(?<=\n)/)) {
        if (c === '') continue;
        shown += (atStart ? prefix : '') + c;
        atStart = c.endsWith('\n');
      }
      out.write(shown, () => done());
    },
  });
}
