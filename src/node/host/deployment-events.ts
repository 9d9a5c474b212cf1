/**
 * The host's announcements of a deployment starting and ending (a rollout an
 * admin published, or the catch-up of late members), as HostEvents: the
 * publish service and RunningDeployments emit them, the host re-emits them,
 * and `cascade host` prints one line each.
 */
import type { Deployment } from './deployment/index.js'
import type { DeploymentState } from '../../state/index.js'
import type { DeploymentSummary } from '../../protocols/publish/index.js'

export interface DeploymentStarted {
  id: string
  name: string
  version: string
  /** peer ids of the nodes it goes to */
  targets: string[]
  /** cumulative fractions of the targets per wave ([] = one wave) */
  waves: number[]
  /** who published it; 'host' for a catch-up */
  admin: string
  /** the catch-up of late members to a finished deployment (src/node/host/catch-ups.ts) */
  catchUp: boolean
}

export interface DeploymentFinished {
  id: string
  name: string
  version: string
  state: DeploymentState
  /** '' when every node runs the release; else every node that does not, with its reason */
  reason: string
  makespanMs: number
  hostBytesSent: number
  packageSize: number
  /** nodes per final state */
  counts: Record<string, number>
  catchUp: boolean
}

export interface DeploymentEventMap {
  'deployment:started': [DeploymentStarted]
  'deployment:finished': [DeploymentFinished]
}

export function startedEvent (deployment: Deployment, admin: string, waves: number[], catchUp: boolean): DeploymentStarted {
  const { name, version } = deployment.manifest.fields
  return { id: deployment.id, name, version, targets: [...deployment.nodes.values()].map(node => node.peerId), waves, admin, catchUp }
}

export function finishedEvent (deployment: Deployment, summary: DeploymentSummary, catchUp: boolean): DeploymentFinished {
  const counts: Record<string, number> = {}
  for (const node of summary.nodes) {
    counts[node.state] = (counts[node.state] ?? 0) + 1
  }
  const { name, version } = deployment.manifest.fields
  return {
    id: deployment.id,
    name,
    version,
    state: deployment.state,
    reason: summary.reason,
    makespanMs: summary.finishedAt - summary.startedAt,
    hostBytesSent: summary.hostBytesSent,
    packageSize: summary.packageSize,
    counts,
    catchUp
  }
}
