// Progress events that stages send to an optional `onEvent` callback. Stages never print; the CLI
// turns these into an ora spinner, `--verbose` lines or nothing.

export type StageEvent =
  /** An external command is about to run (docker, podman, qemu, mkfs); `--verbose` prints it. */
  | { kind: 'command'; argv: readonly string[] }
  /** A slow step began; `total` in bytes when known. */
  | { kind: 'start'; step: string; total?: number }
  | { kind: 'progress'; step: string; done: number; total?: number }
  | { kind: 'end'; step: string }
  /** Something the user should know that is not an error. */
  | { kind: 'notice'; message: string }
  | { kind: 'warning'; message: string; where?: string }
  /** Detail shown only with --verbose. */
  | { kind: 'debug'; message: string };

export type OnEvent = (event: StageEvent) => void;

export const noEvents: OnEvent = () => {};
