// `npm run bench`: every speed and size target of the project, printed as one JSON object.
// Each bench/<stage>.ts exports `bench()` returning its figures; this file adds whole-process ones.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(benchDir, '..');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** Median wall time of a whole `minops ...` process, in ms. */
export function timeCli(args: string[], runs = 11): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/minops.js'), ...args], { stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`minops ${args.join(' ')} exited ${r.status}`);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return Math.round(median(times) * 10) / 10;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const results: Record<string, unknown> = {};
  results.cli = { helpStartupMedianMs: timeCli(['--help']), goalMs: 150 };
  const stages = readdirSync(benchDir)
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
    .map((f) => f.slice(0, -3))
    .filter((name) => only.length === 0 || only.includes(name))
    .sort();
  for (const name of stages) {
    const mod = (await import(pathToFileURL(path.join(benchDir, `${name}.ts`)).href)) as {
      bench?: () => Promise<Record<string, unknown>>;
    };
    if (typeof mod.bench !== 'function') continue;
    try {
      results[name] = await mod.bench();
    } catch (e) {
      results[name] = { error: e instanceof Error ? e.message : String(e) };
    }
  }
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

await main();
