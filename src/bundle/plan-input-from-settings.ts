// BuildSettings (config + flags) → the planner's input, so run, mkimage and rootfs report plan
// the same way.
import path from 'node:path';
import { minopsCacheDir } from '../cache-dir.js';
import type { BuildSettings } from '../config/build-settings.js';
import type { OnEvent } from '../events.js';
import type { PlanBundleInput } from './plan-bundle.js';

/** Where generated files (compiled bytecode) are cached: beside the rootfs cache. */
export const bundleCacheDir = (env: NodeJS.ProcessEnv = process.env): string => path.join(minopsCacheDir(env), 'bundle');

export function planInputFromSettings(
  settings: BuildSettings,
  run: { root: string; script: string; scriptArgs: readonly string[]; cwd?: string; onEvent?: OnEvent; cacheDir?: string },
): PlanBundleInput {
  return {
    root: run.root,
    script: path.resolve(run.cwd ?? process.cwd(), run.script),
    // ops's Args come first, then what the user typed after `--`.
    scriptArgs: [...settings.args, ...run.scriptArgs],
    // `probe` plans as `imports`, plus the probe run's files (src/cli/probe-run.ts).
    slim: settings.slim === 'probe' ? 'imports' : settings.slim,
    env: settings.env,
    includes: settings.include,
    excludes: settings.exclude,
    userFiles: { baseDir: settings.baseDir, configFile: settings.configFile, files: settings.files, dirs: settings.dirs, mapDirs: settings.mapDirs },
    allowMissing: settings.allowMissing,
    // ops's Program is what the kernel execs: for a Python app, the interpreter.
    interpreter: settings.python.interpreter ?? settings.program,
    bytecode: settings.python.writeBytecode,
    cacheDir: run.cacheDir ?? bundleCacheDir(),
    onEvent: run.onEvent,
  };
}
