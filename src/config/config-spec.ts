// THE table of config.json keys. The validator, the JSON Schema and the ConfigFile type are all
// derived from it, so what minops accepts and what the schema documents cannot drift apart.
// Key names and types follow ops (nanovms/ops types/config.go); `Minops` is ours.

export type FieldSpec =
  /** `pattern` is checked; `expected` says in words what it wants ("a UUID like ..."). */
  | { kind: 'string'; description: string; ignored?: true; pattern?: string; expected?: string; example?: string }
  /** A rootfs source in transport syntax (parseRootfsSourceText). */
  | { kind: 'rootfs-source'; description: string; ignored?: true }
  | { kind: 'boolean'; description: string; ignored?: true }
  | { kind: 'integer'; description: string; ignored?: true; minimum?: number; maximum?: number }
  | { kind: 'enum'; description: string; ignored?: true; values: readonly string[] }
  | { kind: 'string-array'; description: string; ignored?: true }
  | { kind: 'string-map'; description: string; ignored?: true }
  /** ManifestPassthrough: any JSON value per key. */
  | { kind: 'any-map'; description: string; ignored?: true }
  /** An ops section minops does not use; its insides are not checked. */
  | { kind: 'opaque'; description: string; ignored: true; type: 'object' | 'array' }
  /** A size: "100m", "1g", or a number of bytes. */
  | { kind: 'size'; description: string; ignored?: true }
  /** Memory: "512" or 512 (MiB), "512M", "2G". */
  | { kind: 'memory'; description: string; ignored?: true }
  /** Ports: "80", "8000-8010", "8080:80", or a number. */
  | { kind: 'port-list'; description: string; ignored?: true }
  /** Mounts as -v writes them: "./in:/in:ro", "NAME:/data". */
  | { kind: 'mount-list'; description: string; ignored?: true }
  /** ops's Mounts: {"NAME or ./dir": "/guest[:ro]"}. */
  | { kind: 'mount-map'; description: string; ignored?: true }
  | { kind: 'object'; description: string; ignored?: true; fields: Readonly<Record<string, FieldSpec>> };

const str = (description: string) => ({ kind: 'string', description }) as const;
const bool = (description: string) => ({ kind: 'boolean', description }) as const;
const strs = (description: string) => ({ kind: 'string-array', description }) as const;
const ign = <S extends FieldSpec>(spec: S) => ({ ...spec, ignored: true }) as const;

const runConfig = {
  kind: 'object',
  description: 'How `minops run` boots the image (ops RunConfig).',
  fields: {
    Memory: { kind: 'memory', description: 'Guest memory: "512" (MiB), "512M", "2G". Default 512M. Flag: -m.' },
    CPUs: { kind: 'integer', description: 'Number of virtual CPUs. Flag: --smp.', minimum: 1, maximum: 256 },
    Ports: { kind: 'port-list', description: 'TCP ports to forward from the host: "80", "8000-8010", "8080:80". Flag: -p.' },
    UDPPorts: { kind: 'port-list', description: 'UDP ports to forward from the host, same syntax as Ports.' },
    Accel: bool('Use hardware acceleration when available (true = --accel auto, false = --accel tcg).'),
    Verbose: bool('Print every external command before it runs, like --verbose.'),
    Kernel: str('Kernel image to boot; overrides the top-level Kernel.'),
    Klibs: strs('Kernel libraries (klibs) to include, by name.'),
    Debug: ign(bool('ops: open a GDB port.')),
    GdbPort: ign({ kind: 'integer', description: 'ops: GDB port.' }),
    Bridged: ign(bool('ops: bridged networking.')),
    BridgeName: ign(str('ops: bridge name.')),
    BridgeIPAddress: ign(str('ops: bridge IP address.')),
    TapName: ign(str('ops: tap device name.')),
    IPAddress: ign(str('ops: static IPv4 address.')),
    IPv6Address: ign(str('ops: static IPv6 address.')),
    NetMask: ign(str('ops: netmask.')),
    Gateway: ign(str('ops: gateway.')),
    Background: ign(bool('ops: run in the background.')),
    ImageName: ign(str('ops: image name.')),
    Imagename: ign(str('ops (older spelling): image name.')),
    InstanceName: ign(str('ops: instance name.')),
    InstanceGroup: ign(str('ops: instance group.')),
    Mounts: ign(strs('ops: volumes to mount.')),
    Vga: ign(bool('ops: emulate a VGA device.')),
    ShowDebug: ign(bool('ops: print debug output.')),
    ShowErrors: ign(bool('ops: print errors.')),
    ShowWarnings: ign(bool('ops: print warnings.')),
    JSON: ign(bool('ops: JSON output.')),
    QMP: ign(bool('ops: QMP interface.')),
    Mgmt: ign(str('ops: QMP management port.')),
    AtExit: ign(str('ops: hook run after the instance stops.')),
    CanIPForward: ign(bool('ops (cloud): IP forwarding.')),
    GPUs: ign({ kind: 'integer', description: 'ops (cloud): number of GPUs.' }),
    GPUType: ign(str('ops (cloud): GPU type.')),
    Nics: ign({ kind: 'opaque', description: 'ops (proxmox): network cards.', ignored: true, type: 'array' }),
    AttachVolumeOnInstanceCreate: ign(bool('ops (cloud): attach volumes on create.')),
    VolumeSizeInGb: ign({ kind: 'integer', description: 'ops (openstack): volume size.' }),
    ThreadsPerCore: ign({ kind: 'integer', description: 'ops (cloud): threads per core.' }),
  },
} as const satisfies FieldSpec;

const minopsSection = {
  kind: 'object',
  description: 'minops settings that ops has no key for.',
  fields: {
    Rootfs: {
      kind: 'rootfs-source',
      description:
        'Where the Python tree comes from: dockerfile:PATH (default dockerfile:Dockerfile.rootfs), docker-daemon:REF, podman:REF, docker-archive:FILE, oci-archive:FILE, oci:DIR, dir:PATH or host. Flag: --rootfs.',
    },
    Slim: { kind: 'enum', description: 'What to keep of the Python tree: none (all of it), stdlib, imports (what the script imports; default), probe (imports plus the files one boot with the whole rootfs opens). Flag: --slim.', values: ['none', 'stdlib', 'imports', 'probe'] },
    Include: strs('Guest path globs always kept, whatever Slim drops (e.g. "/usr/lib/python3*/json/**").'),
    Exclude: strs('Guest path globs always dropped (e.g. "**/test/**").'),
    Python: {
      kind: 'object',
      description: 'Python options.',
      fields: {
        WriteBytecode: bool('Ship compiled bytecode (.pyc) next to the sources so the guest does not compile at startup. Default true.'),
        Interpreter: str('Path of the Python interpreter inside the rootfs; default: found in the rootfs.'),
      },
    },
    Accel: { kind: 'enum', description: 'auto, kvm or tcg; overrides RunConfig.Accel. Flag: --accel.', values: ['auto', 'kvm', 'tcg'] },
    Machine: { kind: 'enum', description: 'QEMU machine type. Flag: --machine.', values: ['q35', 'microvm'] },
    DiskBus: { kind: 'enum', description: 'How the guest sees its disk: scsi (virtio-scsi), virtio (virtio-blk) or nvme. Flag: --disk-bus.', values: ['scsi', 'virtio', 'nvme'] },
    Timeout: { kind: 'integer', description: 'Stop the guest after this many seconds (exit status 124). Flag: --timeout.', minimum: 1 },
    Volumes: { kind: 'mount-list', description: 'Host directories and named volumes to mount, as -v writes them: "./in:/in:ro", "./out:/out", "NAME:/data". Flag: -v.' },
    Net: { kind: 'enum', description: 'none (no network device; the default) or user (QEMU user-mode networking: DNS, the host at 10.0.2.2). Ports imply user. Flag: --net.', values: ['none', 'user'] },
    KernelDir: str('Where Nanos kernels are kept. Flag: --kernel-dir.'),
    Mkfs: str("Build the image with this mkfs (from ops/Nanos) instead of minops's own writer. Flag: --mkfs."),
    Label: str('Volume label of the image. Flag: --label.'),
    Uuid: { kind: 'string', description: 'Volume UUID of the image (for reproducible images). Flag: --uuid.', pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$', expected: 'a UUID like 01234567-89ab-cdef-0123-456789abcdef', example: '01234567-89ab-cdef-0123-456789abcdef' },
  },
} as const satisfies FieldSpec;

export const configSpec = {
  kind: 'object',
  description: 'minops config.json: ops config keys, with ops meaning, plus a Minops section.',
  fields: {
    Args: strs('Arguments after the script (python argv[2:]), before those given after `--`.'),
    Env: { kind: 'string-map', description: 'Environment of the guest program. Flag: -e KEY=VALUE (wins per key).' },
    Program: str('The interpreter (or other ELF) the kernel execs, as a path inside the rootfs; default: the Python found there.'),
    Files: strs('Host files to add, at the same relative path in the guest.'),
    Dirs: strs('Host directories to add, at the same relative path in the guest.'),
    MapDirs: { kind: 'string-map', description: 'Host glob → guest directory, e.g. {"/etc/ssl/certs/*": "/etc/ssl/certs"}.' },
    ManifestPassthrough: { kind: 'any-map', description: 'Keys copied as-is into the root tuple of the Nanos manifest.' },
    BaseVolumeSz: { kind: 'size', description: 'Image size: "100m", "1g" (default: as small as fits). Flag: --size.' },
    Kernel: str('Nanos kernel image (kernel.img).'),
    Boot: str('Nanos boot loader (boot.img).'),
    UefiBoot: str('Nanos UEFI boot loader (bootx64.efi).'),
    Uefi: bool('Make the image bootable with UEFI. Flag: --uefi.'),
    KlibDir: str('Host directory holding the kernel libraries.'),
    Klibs: strs('Kernel libraries (klibs) to include, by name.'),
    NanosVersion: str('Nanos release to use, e.g. "0.1.52".'),
    TargetRoot: str('Host directory used as the root of guest lookups: the same as Minops.Rootfs "dir:PATH" (Minops.Rootfs and --rootfs win).'),
    LocalFilesParentDirectory: str('Directory that relative Files/Dirs/MapDirs paths start from (default: the current directory).'),
    RunConfig: runConfig,
    Minops: minopsSection,
    DisableArgsCopy: ign(bool('ops: do not copy files named in Args.')),
    BuildDir: ign(str('ops: temporary build directory.')),
    CloudConfig: { kind: 'opaque', description: 'ops: cloud provider settings.', ignored: true, type: 'object' },
    TargetConfig: { kind: 'opaque', description: 'ops: provider-specific settings.', ignored: true, type: 'object' },
    Debugflags: ign(strs('ops: kernel debug flags.')),
    Force: ign(bool('ops: overwrite without asking.')),
    Home: ign(str('ops: OPS_HOME override.')),
    Mounts: { kind: 'mount-map', description: 'Volumes to mount, as ops: {"NAME": "/guest/dir"}; a key that is a path ("./in") is a host directory shared with the guest. Append :ro to the guest directory for read-only.' },
    NameServers: ign(strs('ops: DNS servers.')),
    NightlyBuild: ign(bool('ops: use nightly kernels.')),
    NoTrace: ign(strs('ops: syscalls not to trace.')),
    ProgramPath: ign(str('ops: original program path.')),
    RebootOnExit: ign(bool('ops: reboot when the program fails.')),
    TFSv4: ign(bool('ops: old TFS encoding.')),
    Version: ign(str('ops package: version.')),
    Language: ign(str('ops package: language.')),
    Runtime: ign(str('ops package: runtime.')),
    Description: ign(str('ops package: description.')),
    VolumesDir: ign(str('ops: volume directory.')),
    PackageBaseURL: ign(str('ops: package download URL.')),
    PackageManifestURL: ign(str('ops: package manifest URL.')),
  },
} as const satisfies FieldSpec;

/** The plain value a spec accepts. */
export type ValueOf<S> = S extends { kind: 'string' | 'enum' | 'rootfs-source' }
  ? S extends { values: readonly (infer V)[] }
    ? V
    : string
  : S extends { kind: 'boolean' }
    ? boolean
    : S extends { kind: 'integer' }
      ? number
      : S extends { kind: 'string-array' }
        ? string[]
        : S extends { kind: 'string-map' }
          ? Record<string, string>
          : S extends { kind: 'any-map' }
            ? Record<string, unknown>
            : S extends { kind: 'size' | 'memory' }
              ? string | number
              : S extends { kind: 'port-list' | 'mount-list' }
                ? S extends { kind: 'port-list' }
                  ? (string | number)[]
                  : string[]
                : S extends { kind: 'mount-map' }
                  ? Record<string, string>
                  : S extends { kind: 'opaque' }
                    ? unknown
                    : S extends { kind: 'object'; fields: infer F }
                      ? { [K in keyof F]?: ValueOf<F[K]> }
                      : never;

/** A validated config.json, keys spelled as in the table (case fixed). */
export type ConfigFile = ValueOf<typeof configSpec>;
