// The build flags as the command line gave them: raw text, not yet checked. resolveSettings
// checks them and lays them over the config file.
import type { Accel, Machine, Net, Slim } from './build-settings.js';

export interface BuildFlags {
  memory?: string;
  smp?: number;
  /** `-e KEY=VALUE`, in the order given. */
  env?: readonly string[];
  /** `-p PORT`, in the order given. */
  port?: readonly string[];
  /** `-v SRC:GUESTDIR[:ro]`, in the order given. */
  volume?: readonly string[];
  net?: Net;
  rootfs?: string;
  slim?: Slim;
  kernelDir?: string;
  accel?: Accel;
  machine?: Machine;
  /** `--disk-bus`, checked by resolveSettings. */
  diskBus?: string;
  timeout?: number;
  verbose?: boolean;
  json?: boolean;
  // run
  persist?: boolean;
  quietKernel?: boolean;
  traceMissing?: boolean;
  allowMissing?: boolean;
  /** `--image FILE|REF`: boot an image built earlier. */
  image?: string;
  /** `--tls-verify=false`: reach a registry without TLS checks (localhost). */
  tlsVerify?: boolean;
  // mkimage
  mkfs?: string;
  size?: string;
  uefi?: boolean;
  /** `--format`, checked by resolveSettings. */
  format?: string;
  uuid?: string;
  label?: string;
}
