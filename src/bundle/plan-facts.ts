// Everything assemblePlan needs, already read: the read edge (planBundle) fills this in from the
// rootfs, the ELF closure and the Python selection; tests fill it in by hand.
import type { PlanEntry, PythonSummary, Reason } from './bundle-plan.js';
import type { RootfsView } from './rootfs-view.js';

/** A rootfs path to keep, as requested (it may go through symlinks), and why. */
export interface KeptPath {
  readonly guest: string;
  readonly reason: Reason;
}

export interface PlanFacts {
  readonly rootfs: RootfsView;
  /** Rootfs paths to keep; the first reason given for a path wins. */
  readonly kept: readonly KeptPath[];
  /** Entries that do not come from the rootfs (the script, user files, compiled bytecode, generated
   * files). They win over a rootfs path of the same name; among them the first one wins. */
  readonly added: readonly PlanEntry[];
  /** Guest globs dropped from the rootfs paths whatever the reason (config `exclude`). */
  readonly excludes: readonly string[];
  readonly program: string;
  readonly args: readonly string[];
  readonly env: readonly (readonly [string, string])[];
  readonly cwd: string;
  readonly warnings: readonly string[];
  readonly python?: PythonSummary;
}
