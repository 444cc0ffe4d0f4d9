// The CLI as a few files, dist/minops.mjs and dist/chunks/, which bin/minops.js runs. Loading ~100
// small ES modules one by one costs Node more than everything else a warm `minops run` does
// before QEMU starts. Bundled, each command still loads only what it uses: every `import()` of a
// command, stage or writer stays a separate chunk, and the code of one chunk comes in one read and
// one compile. Packages from node_modules stay separate and load when used, as before.
// Usage: node scripts/bundle-cli.mjs [OUTDIR]   (default dist)
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.resolve(process.argv[2] ?? path.join(root, 'dist'));
// Chunk names carry content hashes: those of an earlier build would only pile up.
rmSync(path.join(outdir, 'chunks'), { recursive: true, force: true });
await build({
  entryPoints: [path.join(root, 'src/cli/main.ts')],
  outdir,
  entryNames: 'minops',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
