// The I/O around resolveSettings: find and read the config file, pick the default Dockerfile,
// pass config warnings on as events.
import { resolve } from 'node:path';
import type { BuildFlags } from '../config/build-flags.js';
import type { BuildSettings } from '../config/build-settings.js';
import { findDefaultConfig } from '../config/find-default-config.js';
import { resolveSettings } from '../config/resolve-settings.js';
import { formatWhere } from '../errors.js';
import type { OnEvent } from '../events.js';
import { defaultDockerfile } from '../rootfs/default-dockerfile.js';

export async function loadSettings(configFlag: string | undefined, flags: BuildFlags, cwd: string, onEvent: OnEvent): Promise<BuildSettings> {
  const file = configFlag !== undefined ? resolve(cwd, configFlag) : findDefaultConfig(cwd);
  // The reader and its validator load only when there is a file to read.
  const loaded = file !== undefined ? await (await import('../config/read-config.js')).readConfig(file) : undefined;
  for (const w of loaded?.warnings ?? []) {
    onEvent({ kind: 'warning', where: formatWhere({ file: loaded!.file, line: w.pos?.line, column: w.pos?.column }), message: w.message });
  }
  return resolveSettings({ config: loaded?.config ?? {}, configFile: loaded?.file, flags, cwd, defaultDockerfile: defaultDockerfile(cwd) });
}

