// Everything assemblePlan needs, already read: the read edge (planBundle) fills this in from the
// rootfs, the ELF closure and the Python selection; tests fill it in by hand.
import type { BundlePlan, PlanEntry, Reason } from './bundle-plan.js';
import type { RootfsView } from './rootfs-view.js';

/** A rootfs path to keep, as requested (it may go through symlinks), and why. */
export interface KeptPath {
  readonly guest: string;
  readonly reason: Reason;
}

/** What the plan says about running the program passes through assembly unchanged. */
export interface PlanFacts extends Pick<BundlePlan, 'program' | 'args' | 'env' | 'cwd' | 'warnings' | 'python'> {
  readonly rootfs: RootfsView;
  /** Rootfs paths to keep; the first reason given for a path wins. */
  readonly kept: readonly KeptPath[];
  /** Entries that do not come from the rootfs (the script, user files, compiled bytecode, generated
   * files). They win over a rootfs path of the same name; among them the first one wins. */
  readonly added: readonly PlanEntry[];
  /** Guest globs dropped from the rootfs paths whatever the reason (config `exclude`). */
  readonly excludes: readonly string[];
}
