// The I/O around resolveSettings: find and read the config file, pick the default Dockerfile,
// pass config warnings on as events.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BuildFlags } from '../config/build-flags.js';
import type { BuildSettings } from '../config/build-settings.js';
import { findDefaultConfig, readConfig } from '../config/read-config.js';
import { resolveSettings } from '../config/resolve-settings.js';
import { formatWhere } from '../errors.js';
import type { OnEvent } from '../events.js';
import { packageRoot } from './package-root.js';


export async function loadSettings(configFlag: string | undefined, flags: BuildFlags, cwd: string, onEvent: OnEvent): Promise<BuildSettings> {
  const file = configFlag !== undefined ? resolve(cwd, configFlag) : findDefaultConfig(cwd);
  const loaded = file !== undefined ? await readConfig(file) : undefined;
  for (const w of loaded?.warnings ?? []) {
    onEvent({ kind: 'warning', where: formatWhere({ file: loaded!.file, line: w.pos?.line, column: w.pos?.column }), message: w.message });
  }
  const local = join(cwd, 'Dockerfile.rootfs');
  const defaultDockerfile = existsSync(local) ? local : join(packageRoot, 'Dockerfile.rootfs');
  return resolveSettings({ config: loaded?.config ?? {}, configFile: loaded?.file, flags, cwd, defaultDockerfile });
}
