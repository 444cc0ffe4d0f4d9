// Vitest global setup: every temporary path the tests make (os.tmpdir(), and minops's own, which
// honours TMPDIR too) goes under one directory for this run, removed when the run ends — a
// developer's /tmp does not fill up with test trees and caches run after run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(path.join(tmpdir(), 'minops-tests-'));
  const before = process.env.TMPDIR;
  // Set before the workers start: they inherit it.
  process.env.TMPDIR = root;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
}
