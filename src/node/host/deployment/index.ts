/**
 * One update going out to the fleet: its init options and events, and the
 * factory. The deployment (deployment.ts) orchestrates the jobs beside it:
 * node-tracker.ts (each node's state and figures), waves.ts, plan-adapter.ts
 * (the planner), host-pushes.ts and recovery.ts (what the host sends
 * itself), authorizer.ts (receipts and install authorizations) and
 * deployment-store.ts (every database write; a catch-up writes less).
 */
import { Deployment } from './deployment.js'
import type { RecordPolicy } from './deployment-store.js'
import type { DistributionStrategy } from './plan-adapter.js'
import type { CoreComponents } from '../components.js'
import type { MemberRecord } from '../database.js'
import type { ChunkStore, VerifiedManifest } from '../../package/index.js'
import type { DeploymentPlan, DeploymentSummary, NodeProgress } from '../../../protocols/publish/index.js'

export interface DeploymentInit {
  id: string
  manifest: VerifiedManifest
  signedManifest: Uint8Array<ArrayBuffer>
  /** the host's buffered, complete copy of the package */
  store: ChunkStore
  targets: MemberRecord[]
  /** bytes/s the host can upload: its cap, or its best measured download to a member */
  hostUpload: number
  maxFanout: number
  /** the channel it was published on: the rules are asked about it at every authorization */
  channel: string
  /** phased rollout: cumulative fractions of the targets, in speed order ([] = one wave) */
  waves?: number[]
  /** a wave whose failed fraction passes this stops the rollout */
  maxFailures?: number
  /**
   * `catch-up`: a finished deployment served again to a late node; its own
   * record (state, plan, host bytes) is left as it ended, only the node's row changes
   */
  record?: RecordPolicy
  /** a member that holds the package: asked to relay it to the host's children instead of the host */
  source?: string
  /** the tree (default), or one of the baselines it is measured against */
  strategy?: DistributionStrategy
  /** stripes for the tree: a number fixes it (1 = a single tree); default: the planner chooses */
  stripes?: number
}

export interface DeploymentEvents {
  plan: [DeploymentPlan]
  progress: [NodeProgress]
  finished: [DeploymentSummary]
}

export function createDeployment (components: CoreComponents, init: DeploymentInit): Deployment {
  return new Deployment(components, init)
}

export { Deployment }
export { STRATEGIES, PLAN_UPLOAD_SHARE } from './plan-adapter.js'
export { DEFAULT_MAX_ATTEMPTS, DEFAULT_STALL_TIMEOUT_MS } from './recovery.js'
export type { DistributionStrategy, RecordPolicy }
