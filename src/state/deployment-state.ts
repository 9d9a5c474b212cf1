/**
 * A deployment's own state, and why a rollout stopped early: one union with
 * its moves as data, and a tagged stop reason (never a string prefix).
 */

export const DeploymentState = {
  /**
   * granted; the admin's upload is arriving. The rollout is under way
   * already (the host seeds each chunk as it arrives); the record says
   * running once the package is whole.
   */
  uploading: 'uploading',
  running: 'running',
  paused: 'paused',
  /** every targeted node runs the release */
  succeeded: 'succeeded',
  /** it ran to the end, and some node did not get there (each with its reason) */
  failed: 'failed',
  /** the rollout stopped by itself (a wave failed past --max-failures) */
  stopped: 'stopped',
  cancelled: 'cancelled'
} as const

export type DeploymentState = typeof DeploymentState[keyof typeof DeploymentState]

export const DEPLOYMENT_STATES: readonly DeploymentState[] = Object.values(DeploymentState)

const MOVES: Readonly<Record<DeploymentState, readonly DeploymentState[]>> = {
  uploading: [DeploymentState.running, DeploymentState.paused, DeploymentState.failed],
  running: [DeploymentState.paused, DeploymentState.succeeded, DeploymentState.failed, DeploymentState.stopped, DeploymentState.cancelled],
  paused: [DeploymentState.running, DeploymentState.cancelled, DeploymentState.failed],
  succeeded: [],
  failed: [],
  stopped: [],
  cancelled: []
}

export function isDeploymentState (value: string): value is DeploymentState {
  return value in MOVES
}

export function parseDeploymentState (value: string): DeploymentState | undefined {
  return isDeploymentState(value) ? value : undefined
}

/** Finished after it ran (not an upload that failed): a release the fleet may have. */
export function wasDelivered (state: DeploymentState): boolean {
  return state === DeploymentState.succeeded || state === DeploymentState.failed || state === DeploymentState.stopped
}

export function canMoveDeployment (from: DeploymentState, to: DeploymentState): boolean {
  return MOVES[from].includes(to)
}

/** Why a rollout ended before every node was served. */
export type StopReason =
  | { kind: 'cancelled', by: string }
  | { kind: 'failure-threshold', wave: number, waves: number, failed: number, of: number, threshold: number }
  /** the admin's upload broke off (or did not hash to the manifest) after the rollout had started */
  | { kind: 'upload-failed', reason: string }

/** The state a deployment ends in when it stopped early for `reason`. */
export function stoppedState (reason: StopReason): DeploymentState {
  switch (reason.kind) {
    case 'cancelled':
      return DeploymentState.cancelled
    case 'failure-threshold':
      return DeploymentState.stopped
    case 'upload-failed':
      return DeploymentState.failed
  }
}

/** One line for people: the audit log, the summary, the deployments table. */
export function describeStopReason (reason: StopReason): string {
  switch (reason.kind) {
    case 'cancelled':
      return `cancelled by ${reason.by}`
    case 'failure-threshold':
      return `wave ${reason.wave + 1} of ${reason.waves}: ${reason.failed} of ${reason.of} nodes failed (${Math.round(reason.failed / reason.of * 100)}% > ${Math.round(reason.threshold * 100)}%); stopped`
    case 'upload-failed':
      return `upload failed: ${reason.reason}`
  }
}
