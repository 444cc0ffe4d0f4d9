// Failures the kernel (or the program's loader) reports on the console in its own words, that a
// user can act on: the guest ran out of memory, the program, its loader, a library or the working
// directory is not in the image. Each is recognised from one console line (the words of Nanos
// b9c3671d, recorded in test/vm/nanos-*-console*.txt) and told in one line of ours. Pure.

export type GuestFailure =
  | { kind: 'out-of-memory' }
  | { kind: 'no-program'; path: string }
  | { kind: 'no-loader'; path: string }
  | { kind: 'no-cwd'; path: string; why: string }
  | { kind: 'no-library'; name: string }
  | { kind: 'startup'; result: string }
  /** The program's own last words (Python's uncaught exception line) for a module or file it
   * did not find: in a slim image, possibly one that slimming left out. */
  | { kind: 'python-not-found'; what: 'module' | 'file'; name: string };

const STARTUP = /^program startup failed on exec: \(result:(.*)\)$/;
// "[3.725525] page fill failed with (result:out of memory)", then a signal 7 dump.
const OUT_OF_MEMORY = /^\[\d+\.\d+\] .*\bout of memory\b/;
const NO_LIBRARY = /error while loading shared libraries: (\S+): cannot open shared object file/;

const NO_MODULE = /^ModuleNotFoundError: No module named '([^']+)'$/;
const NO_FILE = /^FileNotFoundError: \[Errno 2\] No such file or directory: '(\/[^']+)'$/;

export function guestFailureOf(line: string): GuestFailure | undefined {
  if (OUT_OF_MEMORY.test(line)) return { kind: 'out-of-memory' };
  const module = NO_MODULE.exec(line);
  if (module) return { kind: 'python-not-found', what: 'module', name: module[1]! };
  const file = NO_FILE.exec(line);
  if (file) return { kind: 'python-not-found', what: 'file', name: file[1]! };
  const lib = NO_LIBRARY.exec(line);
  if (lib) return { kind: 'no-library', name: lib[1]! };
  const result = STARTUP.exec(line)?.[1];
  if (result === undefined) return undefined;
  let m: RegExpExecArray | null;
  if ((m = /^unable to open program file (.+)$/.exec(result))) return { kind: 'no-program', path: m[1]! };
  if ((m = /^couldn't find program interpreter (.+)$/.exec(result))) return { kind: 'no-loader', path: m[1]! };
  if ((m = /^unable to change cwd to "(.*)"; (.*)$/.exec(result))) return { kind: 'no-cwd', path: m[1]!, why: m[2]! };
  return { kind: 'startup', result };
}

/** The kernel's crash dump that follows this failure is noise unless asked for (--verbose). */
export const hidesDump = (f: GuestFailure): boolean => f.kind === 'out-of-memory';

/** One line for the user (without the `minops: ` prefix). */
export function describeGuestFailure(f: GuestFailure, o: { memoryMiB: number; verbose: boolean; slim?: string }): string {
  switch (f.kind) {
    case 'out-of-memory':
      return (
        `the guest ran out of memory with -m ${o.memoryMiB} (${o.memoryMiB} MiB); give it more, e.g. -m ${o.memoryMiB * 2} ` +
        `(or RunConfig.Memory in config.json)${o.verbose ? '' : '; --verbose shows the kernel\'s dump'}`
      );
    case 'no-program':
      return `the kernel could not open the program ${f.path}: it is not in the image (see Program in config.json, or \`minops rootfs report\`)`;
    case 'no-loader':
      return `the program's loader ${f.path} is not in the image; add it with Minops.Include in config.json, or use a rootfs that has it`;
    case 'no-cwd':
      return `the working directory ${f.path} is not in the image (${f.why}); add it, or choose another one`;
    case 'no-library':
      return `the shared library ${f.name} is not in the image; add it with Minops.Include ("**/${f.name}") in config.json`;
    case 'startup':
      return `the kernel could not start the program: ${f.result}`;
    case 'python-not-found': {
      const what = f.what === 'module' ? `the module ${f.name}` : f.name;
      // Only a slimmed image can have left it out; under --slim none the rootfs lacks it too.
      if (o.slim === 'none') return `the program did not find ${what}, and the rootfs does not have it either`;
      return `the program did not find ${what}: if the rootfs has it, slimming left it out; --slim probe keeps what one run opens, --trace-missing lists what it failed to open`;
    }
  }
}
