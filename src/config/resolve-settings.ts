// Pure: config file + command-line flags → BuildSettings. Flags win over the file; env merges
// per key (flag wins) and ports add up. Host paths become absolute here so stages need no cwd.
import { isAbsolute, resolve } from 'node:path';
import { MinopsError } from '../errors.js';
import { parseImageFormat } from '../image/format/image-format.js';
import { checkDiskBus, parseDiskBus } from '../vm/disk-bus.js';
import type { DiskBus, Machine } from '../vm/vm-spec.js';
import type { BuildFlags } from './build-flags.js';
import type { Accel, BuildSettings, MapDir, MountSpec, Net, PortSpec } from './build-settings.js';
import type { ConfigFile } from './config-spec.js';
import { parseEnvAssignment } from './parse-env.js';
import { parseMemory } from './parse-memory.js';
import { parseMount } from './parse-mount.js';
import { parsePorts } from './parse-ports.js';
import { parseSize } from './parse-size.js';
import { defaultRootfsSource, parseRootfsSource, type RootfsSource } from './rootfs-source.js';

export const defaultMemoryMiB = 512;

export interface SettingsInput {
  readonly config: ConfigFile;
  /** Absolute path of the config file read, if any (only reported; ops resolves from cwd). */
  readonly configFile?: string;
  readonly flags: BuildFlags;
  /** Absolute current directory. */
  readonly cwd: string;
  /** Absolute Dockerfile used when neither --rootfs nor Minops.Rootfs says (the CLI picks
   * ./Dockerfile.rootfs when present, else the one shipped with minops). */
  readonly defaultDockerfile?: string;
}

const usage = (flag: string, error: string, hint?: string) => new MinopsError('USAGE', `${flag}: ${error}`, { hint });
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function resolveSettings({ config, configFile, flags, cwd, defaultDockerfile }: SettingsInput): BuildSettings {
  const run = config.RunConfig ?? {};
  const mine = config.Minops ?? {};
  const baseDir = resolve(cwd, config.LocalFilesParentDirectory ?? '.');
  const fromFile = (p: string | undefined) => (p === undefined ? undefined : resolve(baseDir, p));
  const fromFlag = (p: string | undefined) => (p === undefined ? undefined : resolve(cwd, p));
  const ports = mergePorts(run.Ports ?? [], run.UDPPorts ?? [], flags.port ?? []);
  // Unset: each run takes the machine that carries its devices (chooseMachine).
  const machine: Machine | undefined = flags.machine ?? mine.Machine;

  return {
    configFile,
    baseDir,
    program: config.Program,
    args: config.Args ?? [],
    env: mergeEnv(config.Env ?? {}, flags.env ?? []),
    files: config.Files ?? [],
    dirs: config.Dirs ?? [],
    mapDirs: Object.entries(config.MapDirs ?? {})
      .map(([host, guest]): MapDir => ({ host, guest }))
      .sort((a, b) => byText(a.host, b.host)),
    manifestPassthrough: Object.entries(config.ManifestPassthrough ?? {}).sort(([a], [b]) => byText(a, b)),
    imageSize: flags.size !== undefined ? flagValue('--size', parseSize(flags.size)) : config.BaseVolumeSz !== undefined ? fileValue(parseSize(config.BaseVolumeSz)) : undefined,
    kernel: fromFile(run.Kernel ?? config.Kernel),
    boot: fromFile(config.Boot),
    uefiBoot: fromFile(config.UefiBoot),
    klibDir: fromFile(config.KlibDir),
    klibs: [...new Set([...(config.Klibs ?? []), ...(run.Klibs ?? [])])].sort(byText),
    nanosVersion: config.NanosVersion,
    targetRoot: fromFile(config.TargetRoot),

    memoryMiB: flags.memory !== undefined ? flagValue('-m/--memory', parseMemory(flags.memory), 'e.g. -m 512, -m 512M, -m 2G') : run.Memory !== undefined ? fileValue(parseMemory(run.Memory)) : defaultMemoryMiB,
    smp: checkSmp(flags.smp) ?? run.CPUs ?? 1,
    ports,
    net: netOf(flags.net, mine.Net, ports),
    mounts: mergeMounts([
      ...Object.entries(config.Mounts ?? {}).map(([key, guest]) => ({ text: `${key}:${guest}`, from: `Mounts["${key}"]`, dir: baseDir })),
      ...(mine.Volumes ?? []).map((text, i) => ({ text, from: `Minops.Volumes[${i}]`, dir: baseDir })),
      ...(flags.volume ?? []).map((text) => ({ text, from: `-v ${text}`, dir: cwd })),
    ]),
    accel: flags.accel ?? mine.Accel ?? accelFromOps(run.Accel),
    machine,
    diskBus: diskBusFor(machine, flags.diskBus, mine.DiskBus),
    timeoutSeconds: checkTimeout(flags.timeout) ?? mine.Timeout,
    verbose: flags.verbose ?? run.Verbose ?? false,
    json: flags.json ?? false,

    rootfsIsDefault: flags.rootfs === undefined && mine.Rootfs === undefined && config.TargetRoot === undefined,
    rootfs:
      flags.rootfs !== undefined
        ? absoluteSource(parseRootfsSource(flags.rootfs), cwd)
        : mine.Rootfs !== undefined
          ? absoluteSource(parseRootfsSource(mine.Rootfs, 'Minops.Rootfs'), baseDir)
          : config.TargetRoot !== undefined
            ? // ops's TargetRoot is the tree programs and libraries are taken from: a dir: rootfs.
              absoluteSource({ kind: 'dir', path: config.TargetRoot }, baseDir)
            : absoluteSource(defaultDockerfile !== undefined ? { kind: 'dockerfile', path: defaultDockerfile } : defaultRootfsSource, baseDir),
    slim: flags.slim ?? mine.Slim ?? 'imports',
    include: mine.Include ?? [],
    exclude: mine.Exclude ?? [],
    python: { writeBytecode: mine.Python?.WriteBytecode ?? true, interpreter: mine.Python?.Interpreter },
    kernelDir: fromFlag(flags.kernelDir) ?? fromFile(mine.KernelDir),
    // `auto` asks for a search (findMkfs), not for a file named auto.
    mkfs: flags.mkfs === 'auto' || mine.Mkfs === 'auto' ? 'auto' : (fromFlag(flags.mkfs) ?? fromFile(mine.Mkfs)),
    label: flags.label ?? mine.Label,
    uuid: checkUuid(flags.uuid) ?? mine.Uuid,
    uefi: flags.uefi ?? config.Uefi ?? false,
    format: flags.format !== undefined ? parseImageFormat(flags.format) : 'raw',

    persist: flags.persist ?? false,
    quietKernel: flags.quietKernel ?? false,
    traceMissing: flags.traceMissing ?? false,
    allowMissing: flags.allowMissing ?? false,
    image: flags.image,
    tlsVerify: flags.tlsVerify ?? true,
  };
}

function flagValue<T>(flag: string, parsed: { ok: true; value: T } | { ok: false; error: string }, hint?: string): T {
  if (!parsed.ok) throw usage(flag, parsed.error, hint);
  return parsed.value;
}

// validateConfig already checked file values; a failure here is a bug, not a user error.
function fileValue<T>(parsed: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!parsed.ok) throw new MinopsError('INTERNAL', `config value passed validation but does not parse: ${parsed.error}`);
  return parsed.value;
}

/** ops's RunConfig.Accel is a bool and defaults to true. */
function accelFromOps(accel: boolean | undefined): Accel {
  return accel === false ? 'tcg' : 'auto';
}

/** The bus asked for, checked against the machine asked for; undefined: the machine's own. */
function diskBusFor(machine: Machine | undefined, flag: string | undefined, fromFile: DiskBus | undefined): DiskBus | undefined {
  const bus = flag !== undefined ? parseDiskBus(flag) : fromFile;
  if (bus !== undefined && machine !== undefined) checkDiskBus(machine, bus, flag === undefined ? 'Minops.DiskBus' : '--disk-bus');
  return bus;
}

function checkSmp(smp: number | undefined): number | undefined {
  if (smp === undefined) return undefined;
  if (!Number.isInteger(smp) || smp < 1 || smp > 256) throw usage('--smp', `"${smp}" is not a CPU count from 1 to 256`);
  return smp;
}

function checkTimeout(timeout: number | undefined): number | undefined {
  if (timeout === undefined) return undefined;
  if (!Number.isFinite(timeout) || timeout <= 0) throw usage('--timeout', `"${timeout}" is not a number of seconds above 0`);
  return timeout;
}

function checkUuid(uuid: string | undefined): string | undefined {
  if (uuid === undefined) return undefined;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(uuid)) throw usage('--uuid', `"${uuid}" is not a UUID like 01234567-89ab-cdef-0123-456789abcdef`);
  return uuid.toLowerCase();
}

function mergeEnv(fromFile: Record<string, string>, assignments: readonly string[]): [string, string][] {
  const env = new Map(Object.entries(fromFile));
  for (const text of assignments) {
    const [key, value] = flagValue('-e', parseEnvAssignment(text), 'e.g. -e DEBUG=1');
    env.set(key, value);
  }
  return [...env].sort(([a], [b]) => byText(a, b));
}

function mergePorts(tcp: readonly (string | number)[], udp: readonly (string | number)[], flags: readonly string[]): PortSpec[] {
  const all: PortSpec[] = [
    ...tcp.flatMap((p) => fileValue(parsePorts(p, 'tcp'))),
    ...udp.flatMap((p) => fileValue(parsePorts(p, 'udp'))),
    ...flags.flatMap((p) => flagValue('-p/--port', parsePorts(p, 'tcp'), 'e.g. -p 8080, -p 8080:80, -p 8000-8010, -p 53/udp')),
  ];
  const byHost = new Map<string, PortSpec>();
  for (const p of all) {
    const key = `${p.protocol}/${p.host}`;
    const seen = byHost.get(key);
    if (seen && seen.guest !== p.guest) throw usage('-p/--port', `host port ${p.host}/${p.protocol} is forwarded to both guest port ${seen.guest} and ${p.guest}`);
    byHost.set(key, p);
  }
  return [...byHost.values()].sort((a, b) => byText(a.protocol, b.protocol) || a.host - b.host);
}

/** `-p` needs a network: it implies `user`, and contradicts an explicit `none`. */
function netOf(flag: Net | undefined, file: Net | undefined, ports: readonly PortSpec[]): Net {
  const asked = flag ?? file;
  if (ports.length > 0 && asked === 'none') {
    throw usage(flag !== undefined ? '--net none' : 'Minops.Net "none"', 'a forwarded port (-p, RunConfig.Ports) needs a network', 'use --net user, or drop the port');
  }
  return ports.length > 0 ? 'user' : (asked ?? 'none');
}

/** Host paths made absolute (flags from the current directory, the config file's from baseDir);
 * 9p tags numbered in order; one mount per guest directory, none inside another. */
function mergeMounts(given: readonly { text: string; from: string; dir: string }[]): MountSpec[] {
  const out: MountSpec[] = [];
  let shares = 0;
  for (const { text, from, dir } of given) {
    const parsed = parseMount(text, from);
    if (!parsed.ok) throw usage(from.startsWith('-v') ? '-v' : from, parsed.error, 'e.g. -v ./in:/in:ro, -v ./out:/out, -v NAME:/data (a volume from `minops volume create NAME`)');
    const m = parsed.value;
    const clash = out.find((o) => o.guest === m.guest || m.guest.startsWith(`${o.guest}/`) || o.guest.startsWith(`${m.guest}/`));
    if (clash) {
      const how = clash.guest === m.guest ? `is already mounted by ${clash.from}` : `overlaps ${clash.guest} of ${clash.from} (a mount inside another is hidden by it)`;
      throw new MinopsError('USAGE', `${m.guest} ${how}`, { where: { file: from }, hint: 'give each mount its own guest directory' });
    }
    out.push(m.kind === 'share' ? { ...m, host: resolve(dir, m.host), tag: String(shares++) } : m);
  }
  return out;
}

function absoluteSource(source: RootfsSource, dir: string): RootfsSource {
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(dir, p));
  switch (source.kind) {
    case 'dockerfile':
    case 'dir':
      return { ...source, path: abs(source.path) };
    case 'docker-archive':
    case 'oci-archive':
      return { ...source, file: abs(source.file) };
    case 'oci':
      return { ...source, dir: abs(source.dir) };
    default:
      return source;
  }
}
