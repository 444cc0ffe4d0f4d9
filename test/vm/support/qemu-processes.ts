// Finding QEMU processes by a unique disk path in their command line (to prove none is left).
import { readdirSync, readFileSync } from 'node:fs';

export function qemuPidsUsing(diskPath: string): number[] {
  const asQemuOption = diskPath.replaceAll(',', ',,'); // as it appears in `-drive file=…`
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      // A zombie has an empty cmdline: it is gone for our purposes once reaped, and cannot run.
      if (argv[0]?.includes('qemu-system') && argv.some((a) => a.includes(asQemuOption))) pids.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return pids;
}

export async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}
