// Everything the engine probes' answers depend on, as one string: which docker, podman, crun and
// runc PATH leads to (and their identities), the docker socket and client config, podman's
// configuration files, the overlay filesystem, the open-files limit, the user and the variables
// either engine reads. While it is unchanged, `docker info`, `podman --version` and `podman info`
// would answer as they did; a daemon started or stopped replaces its socket, so it changes.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileIdentity } from '../../file-identity.js';
import { findOnPath } from '../../find-on-path.js';

const ENV_READ = [
  'MINOPS_ENGINE', 'DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_CONFIG', 'CONTAINER_HOST', 'CONTAINER_CONNECTION',
  'CONTAINERS_CONF', 'CONTAINERS_STORAGE_CONF', 'CONTAINERS_REGISTRIES_CONF', 'XDG_CONFIG_HOME', 'XDG_RUNTIME_DIR', 'HOME',
];

/** undefined when the answer cannot be pinned down without asking (a docker daemon over TCP/SSH). */
export function engineIdentity(env: NodeJS.ProcessEnv): string | undefined {
  const dockerHost = env.DOCKER_HOST;
  if (dockerHost !== undefined && dockerHost !== '' && !dockerHost.startsWith('unix://')) return undefined;
  const home = env.HOME ?? os.homedir();
  const config = env.XDG_CONFIG_HOME ?? path.join(home, '.config');
  const files = [
    dockerHost ? dockerHost.slice('unix://'.length) : '/var/run/docker.sock',
    path.join(env.DOCKER_CONFIG ?? path.join(home, '.docker'), 'config.json'),
    ...['/etc/containers', '/usr/share/containers', path.join(config, 'containers')].flatMap((d) => [path.join(d, 'storage.conf'), path.join(d, 'containers.conf')]),
    ...[env.CONTAINERS_CONF, env.CONTAINERS_STORAGE_CONF].filter((f): f is string => f !== undefined),
  ];
  const commands = ['docker', 'podman', 'crun', 'runc', 'sh'].map((name) => findOnPath(name, env.PATH));
  const parts = [
    `uid ${process.getuid?.() ?? -1}`,
    ...ENV_READ.map((name) => `${name}=${env[name] ?? ''}`),
    ...commands.map((c) => `${c ?? 'none'} ${c ? fileIdentity(c) : ''}`),
    ...files.map((f) => `${f} ${fileIdentity(f) ?? 'none'}`),
    `overlay ${/\toverlay$/m.test(readOr('/proc/filesystems'))}`,
    readOr('/proc/self/limits').split('\n').find((l) => l.startsWith('Max open files')) ?? '',
  ];
  return parts.join('\n');
}

function readOr(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
