// The ELF half of the planner's read edge: SCRIPT is a program (a static C hello, a Go binary),
// run directly from /app/<name> with its own ELF closure.
import path from 'node:path';
import { MinopsError } from '../errors.js';
import type { OnEvent } from '../events.js';
import { elfClosure } from '../elf/elf-closure.js';
import { closureKept } from './closure-kept.js';
import type { ProgramPart } from './plan-python.js';
import { appDir } from './read-user-files.js';

export interface ElfProgramInput {
  readonly root: string;
  readonly script: string;
  readonly scriptGuest: string;
  readonly scriptArgs: readonly string[];
  readonly env: readonly (readonly [string, string])[];
  readonly ldLibraryPath: string[];
  readonly onEvent: OnEvent;
}

export async function planElfProgram(input: ElfProgramInput): Promise<ProgramPart> {
  const inRoot = guestInRoot(input.root, input.script);
  const closure = await elfClosure(input.root, [inRoot], { ldLibraryPath: input.ldLibraryPath, cwd: appDir, onEvent: input.onEvent });
  return {
    program: input.scriptGuest,
    args: [input.scriptGuest, ...input.scriptArgs],
    env: [...input.env],
    // The program itself ships as /app/<name>, not at its rootfs path.
    kept: closureKept(closure, { program: inRoot }).filter((k) => k.guest !== inRoot),
    added: [],
    warnings: [],
    closure,
    modules: new Set(),
  };
}

/** Guest path of the program: the closure is read inside the rootfs, so the program must be
 * there ('/' for the host rootfs makes every host path qualify). */
function guestInRoot(root: string, program: string): string {
  const rel = path.relative(root, program);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new MinopsError('INPUT_MISSING', `${program}: an ELF program must be inside the rootfs (${root}) so its libraries can be found there`, {
      where: { file: program },
      hint: 'use --rootfs host for a program built on this machine, or copy it into the rootfs',
    });
  }
  return `/${rel.split(path.sep).join('/')}`;
}
