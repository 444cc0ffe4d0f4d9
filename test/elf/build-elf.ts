// Tiny real ELF files for resolver tests: gcc-built shared objects and programs (never run) placed
// at guest paths of a temporary rootfs. -nostdlib keeps libc out, so each tree holds only what a
// test puts there.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface LinkOptions {
  soname?: string;
  /** Host paths of shared objects to link against (each becomes a DT_NEEDED of its SONAME). */
  needs?: string[];
  rpath?: string;
  /** true: DT_RUNPATH (--enable-new-dtags); false: DT_RPATH. */
  newDtags?: boolean;
  /** Extra linker flags, e.g. '-z,nodefaultlib'. */
  ld?: string[];
  /** PT_INTERP of a program (gcc's default is glibc's /lib64/ld-linux-x86-64.so.2). */
  interp?: string;
}

let counter = 0;

export function makeRoot(): string {
  return mkdtempSync(path.join(tmpdir(), 'minops-elf-'));
}

/** Builds a shared object (or a program when `program`) at `guest` inside `root`; returns its host path. */
export function buildElf(root: string, guest: string, opts: LinkOptions & { program?: boolean } = {}): string {
  const out = path.join(root, guest);
  mkdirSync(path.dirname(out), { recursive: true });
  const src = path.join(root, `.src-${counter++}.c`);
  writeFileSync(src, opts.program ? 'int main(void){return 0;}\n' : `int f${counter}(void){return 0;}\n`);
  const args = ['-nostdlib', '-Wl,--no-as-needed', '-Wl,--allow-shlib-undefined', '-o', out, src];
  if (opts.program) args.push('-Wl,-e,main');
  else args.push('-shared', '-fPIC');
  if (opts.interp) args.push(`-Wl,--dynamic-linker=${opts.interp}`);
  if (opts.soname) args.push(`-Wl,-soname,${opts.soname}`);
  if (opts.rpath !== undefined) args.push(`-Wl,-rpath,${opts.rpath}`, opts.newDtags ? '-Wl,--enable-new-dtags' : '-Wl,--disable-new-dtags');
  for (const flag of opts.ld ?? []) args.push(`-Wl,${flag}`);
  args.push(...(opts.needs ?? []));
  execFileSync('gcc', args, { stdio: 'pipe' });
  return out;
}

/** A copy of `from` at `guest` with bytes patched (e.g. EI_CLASS at 4, e_machine at 18). */
export function patchedCopy(root: string, from: string, guest: string, patch: Record<number, number>): string {
  const bytes = readFileSync(from);
  for (const [at, value] of Object.entries(patch)) bytes[Number(at)] = value;
  const out = path.join(root, guest);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, bytes);
  return out;
}

export function link(root: string, guest: string, target: string): void {
  mkdirSync(path.dirname(path.join(root, guest)), { recursive: true });
  symlinkSync(target, path.join(root, guest));
}

export function writeGuest(root: string, guest: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, guest)), { recursive: true });
  writeFileSync(path.join(root, guest), text);
}
