// Recognizing "KVM does not work here" from how a QEMU run ended. On these hosts QEMU aborts at
// start ("failed to set MSR 0x10a", an assertion in kvm.c, SIGABRT); elsewhere the guest stops with
// "KVM internal error" or KVM cannot be opened at all.

export interface QemuEnding {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** QEMU's stderr (its tail is enough). */
  readonly stderr: string;
}

const KVM_MESSAGES = [
  /KVM internal error/i,
  /kvm_buf_set_msrs|failed to set MSR/i,
  /failed to initialize kvm|Could not access KVM kernel module|kvm:.*(not supported|unavailable)/i,
  /kvm\.c:\d+: .*Assertion/i,
];

export const isKvmMessage = (line: string): boolean => KVM_MESSAGES.some((re) => re.test(line));

/** Why this run looks like a KVM failure, or undefined when it does not. */
export function kvmFailureReason(ending: QemuEnding): string | undefined {
  const line = ending.stderr.split('\n').find(isKvmMessage);
  if (line) return `QEMU said: ${line.replace(/^qemu-system-x86_64: /, '').trim()}`;
  if (ending.signal === 'SIGABRT') return 'QEMU aborted (SIGABRT) under KVM';
  return undefined;
}
