// Every minops command as yargs sees it: usage, help text, examples, flags. Handlers are imported
// only when their command runs, so `minops --help` loads none of them.
import type { Argv } from 'yargs';
import { buildFlagsFrom, withBuildOptions, withMkimageOptions, withRunOptions } from './build-options.js';
import type { CliIo } from './io.js';

export interface CommandContext {
  io: CliIo;
  cwd: string;
  /** Set by the handler that ran: its exit status. */
  status?: number;
  /** Turn on --verbose behaviour after parsing (config RunConfig.Verbose). */
  setVerbose?: () => void;
}

type Args = Record<string, unknown>;
const str = (v: unknown): string => String(Array.isArray(v) ? v[v.length - 1] : v);
const optStr = (v: unknown): string | undefined => (v === undefined ? undefined : str(v));
const strs = (v: unknown): string[] => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String));

async function loadBuildSettings(ctx: CommandContext, a: Args) {
  const { loadSettings } = await import('./load-settings.js');
  const settings = await loadSettings(optStr(a.config), buildFlagsFrom(a), ctx.cwd, ctx.io.onEvent);
  if (settings.verbose) ctx.setVerbose?.();
  return settings;
}

async function buildInput(ctx: CommandContext, a: Args) {
  const settings = await loadBuildSettings(ctx, a);
  // `minops run app.py a b` and `minops run app.py -- --flag b` both reach the script.
  return { script: str(a.script), scriptArgs: [...strs(a.args), ...strs(a['--'])], settings };
}

/** Flags that only shape a build: meaningless for an image that is already built. */
const BUILD_ONLY = [['env', '-e/--env'], ['rootfs', '--rootfs'], ['slim', '--slim'], ['allow-missing', '--allow-missing'], ['kernel-dir', '--kernel-dir'], ['volume', '-v/--volume']] as const;

async function runImageInput(ctx: CommandContext, a: Args) {
  const given = BUILD_ONLY.filter(([key]) => a[key] !== undefined).map(([, flag]) => flag);
  if (given.length > 0) {
    const { MinopsError } = await import('../errors.js');
    throw new MinopsError('USAGE', `${given.join(', ')}: ${given.length === 1 ? 'shapes' : 'shape'} a build, and --image boots an image that is already built`, {
      hint: 'rebuild the image with them (minops mkimage SCRIPT OUT …), or leave them out',
    });
  }
  const settings = await loadBuildSettings(ctx, a);
  // With --image every positional is an argument for the program.
  const args = [...(a.script === undefined ? [] : [str(a.script)]), ...strs(a.args), ...strs(a['--'])];
  return { image: str(a.image), args, settings, cwd: ctx.cwd };
}

/** `minops run -- ./-odd.py a`: everything after `--` is the script's, the script's name first
 * (what a user writes for a script whose name starts with a dash). */
function scriptAfterDashDash(a: Args): Args {
  const rest = strs(a['--']);
  if (a.script !== undefined || a.image !== undefined || rest.length === 0) return a;
  return { ...a, script: rest[0], '--': rest.slice(1) };
}

/** `minops run` and `minops mkimage` once their argv is parsed (by yargs, or by quickParse). */
export const quickHandlers = {
  run: async (ctx: CommandContext, given: Args): Promise<void> => {
    const a = scriptAfterDashDash(given);
    if (a.image !== undefined) {
      const { runImageCommand } = await import('./commands/run-image.js');
      ctx.status = await runImageCommand(await runImageInput(ctx, a), ctx.io);
      return;
    }
    if (a.script === undefined) {
      const { MinopsError } = await import('../errors.js');
      const { volumeFlagHint } = await import('./volume-flag-hint.js');
      throw new MinopsError('USAGE', 'run: name the SCRIPT to build and boot, or an image built earlier with --image FILE|REF', {
        hint: a.volume !== undefined ? volumeFlagHint : 'see `minops run --help`',
      });
    }
    const { runCommand } = await import('./commands/run.js');
    ctx.status = await runCommand(await buildInput(ctx, a), ctx.io);
  },
  mkimage: async (ctx: CommandContext, a: Args): Promise<void> => {
    const { mkimageCommand } = await import('./commands/mkimage.js');
    ctx.status = await mkimageCommand({ ...(await buildInput(ctx, a)), out: str(a.out) }, ctx.io);
  },
};

export function defineCommands(y: Argv, ctx: CommandContext): Argv {
  const done = (status: number) => {
    ctx.status = status;
  };
  const io = ctx.io;

  return y
    .command(
      'run [script] [args..]',
      'Build the image for SCRIPT (or reuse it), or take one built earlier (--image), and boot it in QEMU; exits with the script’s status',
      (c) =>
        withRunOptions(withBuildOptions(c))
          .positional('script', { type: 'string', describe: 'the Python script to run (with --image: the first argument)' })
          .positional('args', { type: 'string', array: true, describe: 'arguments for the script (put them after -- when they start with -)' })
          .example('$0 run hello.py', 'boot hello.py with the default Python rootfs')
          .example('$0 run app.py -m 1G -p 8080 -- --port 8080', '1 GiB of memory, forward port 8080, pass --port 8080 to the script')
          .example('$0 run job.py --rootfs podman:python:3.12', 'take Python from a podman image')
          .example('$0 run job.py -e DEBUG=1 -e OPTS=a=b', 'set environment variables in the guest')
          .example('$0 run job.py -v ./in:/in:ro -v ./out:/out', 'share host directories: read-only in, read-write out')
          .example('$0 run job.py -v data:/data --net user', 'mount the volume data; network with DNS')
          .example('$0 run --image app.qcow2 -- --port 8080', 'boot an image built earlier, with extra arguments for this run')
          .example('$0 run --image localhost:5000/app:1 --tls-verify=false', 'boot a containerdisk from a registry')
          .epilogue('Exit status: the script’s own; 124 when --timeout stops it; 125 when minops itself fails.'),
      (a) => quickHandlers.run(ctx, a),
    )
    .command(
      'mkimage <script> <out>',
      'Build a bootable Nanos image for SCRIPT into OUT and print the plain qemu line that boots it',
      (c) =>
        withMkimageOptions(withBuildOptions(c))
          .positional('script', { type: 'string', describe: 'the Python script' })
          .positional('out', { type: 'string', describe: 'the image file to write' })
          .example('$0 mkimage hello.py hello.img', 'write hello.img and print how to boot it')
          .example('$0 mkimage app.py app.img --size 1g', 'a 1 GiB image')
          .example('$0 mkimage app.py app.img --mkfs ~/.ops/0.1.52/mkfs', 'build with the real Nanos mkfs')
          .example('$0 mkimage app.py app.vmdk --format vmdk', 'a streamOptimized VMDK for AWS VM import')
          .example('$0 mkimage app.py app.tar --format containerdisk', 'a KubeVirt containerDisk, loadable with podman load'),
      (a) => quickHandlers.mkimage(ctx, a),
    )
    .command(
      'push <image> <ref>',
      'Push a containerDisk archive (mkimage --format containerdisk) to a registry, through podman',
      (c) =>
        c
          .positional('image', { type: 'string', describe: 'the containerDisk archive' })
          .positional('ref', { type: 'string', describe: 'where it goes: registry/name:tag' })
          .option('tls-verify', { type: 'boolean', describe: 'check the registry’s TLS certificate (--tls-verify=false for a registry on localhost)' })
          .example('$0 push app.tar quay.io/me/app:1', 'push to a registry')
          .example('$0 push app.tar 127.0.0.1:5000/app:1 --tls-verify=false', 'push to a local registry without TLS'),
      async (a) => {
        const { pushCommand } = await import('./commands/push.js');
        done(await pushCommand({ image: str(a.image), ref: str(a.ref), tlsVerify: a['tls-verify'] !== false }, io));
      },
    )
    .command(
      'manifest <script>',
      'Print the Nanos manifest minops would write for SCRIPT; `manifest check FILE` parses one',
      (c) =>
        withBuildOptions(c)
          .command(
            'check <file>',
            'Parse a Nanos manifest file as mkfs would and report the first error with line:col',
            (cc) => cc.positional('file', { type: 'string', describe: 'the manifest file' }).example('$0 manifest check app.manifest', 'exit 0 when mkfs would accept it'),
            async (a) => {
              const { manifestCheckCommand } = await import('./commands/manifest-check.js');
              done(await manifestCheckCommand({ file: str(a.file) }, io));
            },
          )
          // No .positional('script') here: it would make `manifest check FILE` demand a script too.
          .example('$0 manifest hello.py', 'print the manifest for hello.py')
          .example('$0 manifest check hello.manifest', 'check a manifest file'),
      async (a) => {
        const { manifestCommand } = await import('./commands/manifest.js');
        done(await manifestCommand(await buildInput(ctx, a), io));
      },
    )
    .command('rootfs', 'Get and inspect the Python trees images are built from', (c) =>
      c
        .command(
          'pull <src>',
          'Fetch and unpack a rootfs into the cache',
          (cc) =>
            cc
              .positional('src', { type: 'string', describe: 'dockerfile:PATH, docker-daemon:REF, podman:REF, docker-archive:FILE, oci-archive:FILE, oci:DIR, dir:PATH or host' })
              .example('$0 rootfs pull podman:python:3.10-slim', 'unpack an image from podman')
              .example('$0 rootfs pull docker-archive:python.tar', 'unpack a `docker save` archive'),
          async (a) => {
            const [{ rootfsPullCommand }, { parseRootfsSource }] = await Promise.all([import('./commands/rootfs-pull.js'), import('../config/rootfs-source.js')]);
            done(await rootfsPullCommand({ source: parseRootfsSource(str(a.src), 'SRC') }, io));
          },
        )
        .command(
          'report <script>',
          'Show what goes into the image for SCRIPT, how big it is, and why each file is there',
          (cc) =>
            withBuildOptions(cc)
              .option('html', { type: 'string', describe: 'also write an HTML report to FILE', requiresArg: true })
              .positional('script', { type: 'string', describe: 'the Python script' })
              .example('$0 rootfs report app.py', 'sizes and reasons on the terminal')
              .example('$0 rootfs report app.py --html report.html', 'and a browsable report')
              .example('$0 rootfs report app.py --json', 'the plan as JSON'),
          async (a) => {
            const { rootfsReportCommand } = await import('./commands/rootfs-report.js');
            done(await rootfsReportCommand({ ...(await buildInput(ctx, a)), html: optStr(a.html) }, io));
          },
        )
        .command(
          'ls',
          'List the cached rootfs trees',
          (cc) => cc.example('$0 rootfs ls', ''),
          async () => {
            const { rootfsLsCommand } = await import('./commands/rootfs-ls.js');
            done(await rootfsLsCommand({}, io));
          },
        )
        .command(
          'prune',
          'Delete the cached rootfs trees',
          (cc) => cc.example('$0 rootfs prune', ''),
          async () => {
            const { rootfsPruneCommand } = await import('./commands/rootfs-prune.js');
            done(await rootfsPruneCommand({}, io));
          },
        )
        .demandCommand(1, 'name a rootfs command: pull, report, ls or prune'),
    )
    .command('cache', 'Show and empty the caches minops keeps (rootfs, plans, bytecode, images, kernels, …)', (c) =>
      c
        .command(
          'ls',
          'List every cache: entries and bytes on disk',
          (cc) => cc.example('$0 cache ls', '').example('$0 cache ls --json', ''),
          async () => {
            const { cacheLsCommand } = await import('./commands/cache-ls.js');
            done(await cacheLsCommand({}, io));
          },
        )
        .command(
          'prune [caches..]',
          'Empty every cache, or the ones named (rootfs, plans, bytecode, images, persist, kernels, accel)',
          (cc) =>
            cc
              .positional('caches', { type: 'string', array: true, describe: 'which caches (default: all)' })
              .example('$0 cache prune', 'empty every cache')
              .example('$0 cache prune images plans', 'only the built images and plans'),
          async (a) => {
            const { cachePruneCommand } = await import('./commands/cache-prune.js');
            done(await cachePruneCommand({ caches: strs(a.caches) }, io));
          },
        )
        .demandCommand(1, 'name a cache command: ls or prune'),
    )
    .command('image', 'Look inside a TFS disk image (ours or one ops made)', (c) =>
      c
        .command(
          'ls <image> [path]',
          'List a directory of the image (default /)',
          (cc) => cc.positional('image', { type: 'string' }).positional('path', { type: 'string' }).example('$0 image ls app.img /usr/lib', ''),
          async (a) => {
            const { imageLsCommand } = await import('./commands/image-ls.js');
            done(await imageLsCommand({ image: str(a.image), path: optStr(a.path) }, io));
          },
        )
        .command(
          'tree <image> [path]',
          'Print the file tree of the image (default from /)',
          (cc) => cc.positional('image', { type: 'string' }).positional('path', { type: 'string' }).example('$0 image tree app.img', ''),
          async (a) => {
            const { imageTreeCommand } = await import('./commands/image-tree.js');
            done(await imageTreeCommand({ image: str(a.image), path: optStr(a.path) }, io));
          },
        )
        .command(
          'cat <image> <path>',
          'Print a file from the image',
          (cc) => cc.positional('image', { type: 'string' }).positional('path', { type: 'string' }).example('$0 image cat app.img /app/main.py', ''),
          async (a) => {
            const { imageCatCommand } = await import('./commands/image-cat.js');
            done(await imageCatCommand({ image: str(a.image), path: str(a.path) }, io));
          },
        )
        .command(
          'manifest <image>',
          'Print the root tuple of the image as manifest text',
          (cc) => cc.positional('image', { type: 'string' }).example('$0 image manifest app.img', ''),
          async (a) => {
            const { imageManifestCommand } = await import('./commands/image-manifest.js');
            done(await imageManifestCommand({ image: str(a.image) }, io));
          },
        )
        .demandCommand(1, 'name an image command: ls, tree, cat or manifest'),
    )
    .command('volume', 'Manage named volumes: disks that keep what the guest writes across runs', (c) =>
      c
        .command(
          'create <name>',
          'Make an empty volume (a TFS disk labelled NAME); mount it with -v NAME:/dir',
          (cc) =>
            cc
              .positional('name', { type: 'string', describe: 'letters, digits, _ . - (at most 31 bytes)' })
              .option('size', { type: 'string', describe: 'its size: 100m, 1g (default 1g; sparse, so only what is written uses host disk)', requiresArg: true })
              .example('$0 volume create data', 'a 1 GiB volume named data')
              .example('$0 volume create scratch --size 64m', 'a small one'),
          async (a) => {
            const { volumeCreateCommand } = await import('./commands/volume-create.js');
            done(await volumeCreateCommand({ name: str(a.name), size: optStr(a.size) }, io));
          },
        )
        .command(
          'ls',
          'List the volumes, their size and how much the files in them use',
          (cc) => cc.example('$0 volume ls', ''),
          async () => {
            const { volumeLsCommand } = await import('./commands/volume-ls.js');
            done(await volumeLsCommand({}, io));
          },
        )
        .command(
          'rm <names..>',
          'Delete volumes and everything in them',
          (cc) => cc.positional('names', { type: 'string', array: true }).example('$0 volume rm scratch', ''),
          async (a) => {
            const { volumeRmCommand } = await import('./commands/volume-rm.js');
            done(await volumeRmCommand({ names: strs(a.names) }, io));
          },
        )
        .command(
          'cp <src> <dst>',
          'Copy files between a volume (NAME:/path) and the host, as docker cp does',
          (cc) =>
            cc
              .positional('src', { type: 'string', describe: 'NAME:/path or a host path' })
              .positional('dst', { type: 'string', describe: 'a host path or NAME:/path' })
              .example('$0 volume cp data:/results ./results', 'what the guest wrote, out to the host')
              .example('$0 volume cp ./inputs data:/', 'a host directory into the volume'),
          async (a) => {
            const { volumeCpCommand } = await import('./commands/volume-cp.js');
            done(await volumeCpCommand({ src: str(a.src), dst: str(a.dst), cwd: ctx.cwd }, io));
          },
        )
        .demandCommand(1, 'name a volume command: create, ls, rm or cp'),
    )
    .command('kernel', 'Manage the Nanos kernels images boot with', (c) =>
      c
        .option('kernel-dir', { type: 'string', describe: 'where Nanos kernels are kept', requiresArg: true })
        .command(
          'ls',
          'List the kernels minops can use',
          (cc) => cc.example('$0 kernel ls', ''),
          async (a) => {
            const { kernelLsCommand } = await import('./commands/kernel-ls.js');
            done(await kernelLsCommand({ kernelDir: optStr(a['kernel-dir']) }, io));
          },
        )
        .command(
          // Not `[version]`: yargs reserves that name for --version.
          'fetch [release]',
          'Download a Nanos kernel release (default: the latest)',
          (cc) =>
            cc
              .positional('release', { type: 'string', describe: 'a Nanos version, e.g. 0.1.52' })
              .option('force', { type: 'boolean', describe: 'download again even when this version is already there' })
              .example('$0 kernel fetch', 'the latest release')
              .example('$0 kernel fetch 0.1.52', 'a given release'),
          async (a) => {
            const { kernelFetchCommand } = await import('./commands/kernel-fetch.js');
            done(await kernelFetchCommand({ version: optStr(a.release), kernelDir: optStr(a['kernel-dir']), force: a.force === true }, io));
          },
        )
        .demandCommand(1, 'name a kernel command: ls or fetch'),
    )
    .command('config', 'About config.json', (c) =>
      c
        .command(
          'schema',
          'Print the JSON Schema of config.json (point "$schema" at it for editor help)',
          (cc) => cc.example('$0 config schema > config.schema.json', ''),
          async () => {
            const { configSchemaCommand } = await import('./commands/config-schema.js');
            done(await configSchemaCommand({}, io));
          },
        )
        .demandCommand(1, 'name a config command: schema'),
    );
}
