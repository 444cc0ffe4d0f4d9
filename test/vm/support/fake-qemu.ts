// A stand-in qemu-system-x86_64 (a shell script in a temp dir) that behaves the way QEMU does on
// these hosts under KVM, and like a guest exiting 3 under TCG. Every call is logged, one per line.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type KvmBehaviour =
  /** QEMU aborts at start (what it does here): MSR message, assertion, SIGABRT. */
  | 'abort'
  /** The guest starts, then QEMU reports a KVM internal error and pauses forever. */
  | 'internal-error'
  | 'works';

export interface FakeQemu {
  dir: string;
  bin: string;
  calls(): string[];
}

/** `machines`: what its `-machine help` lists. */
export function makeFakeQemu(kvm: KvmBehaviour, machines: readonly string[] = ['microvm', 'q35']): FakeQemu {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'minops-fake-qemu-'));
  const log = path.join(dir, 'calls.log');
  const bin = path.join(dir, 'qemu-system-x86_64');
  const onKvm = {
    abort: `echo "qemu-system-x86_64: error: failed to set MSR 0x10a to 0x69" >&2
    echo "qemu-system-x86_64: ../../target/i386/kvm/kvm.c:3183: kvm_buf_set_msrs: Assertion \\\`ret == cpu->kvm_msr_buf->nmsrs' failed." >&2
    kill -ABRT $$`,
    'internal-error': `echo "guest started under kvm"
    echo "KVM internal error. Suberror: 1" >&2
    echo "emulation failure" >&2
    exec sleep 30`,
    works: `echo "hello from the fake guest (kvm)"; exit 7`,
  }[kvm];
  writeFileSync(
    bin,
    `#!/bin/sh
if [ "$1" = "--version" ]; then echo "QEMU emulator version 9.9.9 (fake)"; exit 0; fi
if [ "$1 $2" = "-machine help" ]; then printf 'Supported machines are:\n${machines.map((m) => `${m.padEnd(20)} ${m}\\n`).join('')}'; exit 0; fi
echo "$*" >> '${log}'
case " $* " in
  *" -accel kvm "*)
    ${onKvm}
    ;;
esac
echo "hello from the fake guest"
exit 7
`,
  );
  chmodSync(bin, 0o755);
  return {
    dir,
    bin,
    calls: () => {
      try {
        return readFileSync(log, 'utf8').trim().split('\n').filter(Boolean);
      } catch {
        return [];
      }
    },
  };
}
