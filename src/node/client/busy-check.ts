/**
 * Is the managed app in use? (docs/install-policy.md: the node checks whether
 * the software to update is in use, and the update waits until use ends.)
 * The operator's `--busy-check` command decides: exit 0 means free,
 * anything else means in use.
 */
import { describeShellResult, runShellCommand } from './shell-command.js'
import type { ShellCommandResult } from './shell-command.js'

/**
 * A busy check should be a quick look (a lock file, `pgrep`, a socket);
 * one that takes longer than this counts as "in use". Well under the
 * host's stall timeout, as the node cannot re-report while it waits.
 */
export const BUSY_CHECK_TIMEOUT_MS = 5_000

export type BusyVerdict =
  | { inUse: false }
  /** `detail` says why, for the log: the exit code, a timeout, a failure to start */
  | { inUse: true, detail: string }

/**
 * Only a clean exit 0 means free. A check that fails to run, times out or
 * is killed counts as in use: restarting an app we could not judge would
 * interrupt its user, while waiting costs only time (and has a deadline).
 */
export function busyVerdict (result: ShellCommandResult, timeoutMs: number = BUSY_CHECK_TIMEOUT_MS): BusyVerdict {
  if (result.error == null && !result.timedOut && result.signal == null && result.code === 0) {
    return { inUse: false }
  }
  return { inUse: true, detail: `the busy check ${describeShellResult(result, timeoutMs)}` }
}

export interface BusyCheckOptions {
  /** the current release dir, like the app's own */
  cwd: string
  env?: Record<string, string>
  timeoutMs?: number
  signal?: AbortSignal
}

export async function checkInUse (command: string, options: BusyCheckOptions): Promise<BusyVerdict> {
  const timeoutMs = options.timeoutMs ?? BUSY_CHECK_TIMEOUT_MS
  return busyVerdict(await runShellCommand(command, { ...options, timeoutMs }), timeoutMs)
}
