/**
 * Every write a deployment makes to the host database. A rollout records
 * itself (its state, plan, host bytes) and its nodes; a catch-up of a
 * finished deployment for late nodes (src/node/host/catch-ups.ts) records
 * only their rows, marked as a catch-up's (kept apart from the deployment's
 * own nodes), and leaves the deployment's own record as it ended.
 */
import { DeploymentState } from '../../../state/index.js'
import type { HostDatabase } from '../database.js'
import type { NodeRecord } from './node-tracker.js'
import type { DeploymentPlan } from '../../../protocols/publish/index.js'

/** What travels from the host itself: read whenever a node's row is written. */
export interface HostTraffic {
  readonly bytesSent: number
}

export interface DeploymentStore {
  started(startedAt: number): void
  planned(plan: DeploymentPlan): void
  /** running ⇄ paused */
  moved(state: DeploymentState): void
  node(node: NodeRecord): void
  finished(fields: { state: DeploymentState, reason: string, finishedAt: number }): void
}

/** `deployment`: a rollout, its own record included; `catch-up`: the late nodes' rows only. */
export type RecordPolicy = 'deployment' | 'catch-up'

class RolloutStore implements DeploymentStore {
  protected readonly catchUp: boolean = false

  constructor (protected readonly db: HostDatabase, protected readonly id: string, protected readonly traffic: HostTraffic) {}

  started (startedAt: number): void {
    this.db.updateDeployment(this.id, { state: DeploymentState.running, startedAt })
  }

  planned (plan: DeploymentPlan): void {
    this.db.updateDeployment(this.id, { plan: JSON.stringify(plan) })
  }

  moved (state: DeploymentState): void {
    this.db.updateDeployment(this.id, { state })
  }

  node (node: NodeRecord): void {
    this.db.updateDeployment(this.id, { hostBytesSent: this.traffic.bytesSent })
    this.nodeRow(node)
  }

  protected nodeRow (node: NodeRecord): void {
    this.db.upsertDeploymentNode({
      deploymentId: this.id,
      peerId: node.peerId,
      state: node.state,
      reason: node.reason,
      parent: node.parent,
      bytesReceived: node.bytesReceived,
      bytesSent: node.bytesSent,
      attempts: node.attempts,
      version: node.version,
      updatedAt: Date.now(),
      catchUp: this.catchUp
    })
  }

  finished (fields: { state: DeploymentState, reason: string, finishedAt: number }): void {
    this.db.updateDeployment(this.id, { ...fields, hostBytesSent: this.traffic.bytesSent })
  }
}

class CatchUpStore extends RolloutStore {
  protected override readonly catchUp = true
  override started (): void {}
  override planned (): void {}
  override moved (): void {}
  override finished (): void {}
  override node (node: NodeRecord): void {
    this.nodeRow(node)
  }
}

export function deploymentStore (policy: RecordPolicy, db: HostDatabase, id: string, traffic: HostTraffic): DeploymentStore {
  return policy === 'catch-up' ? new CatchUpStore(db, id, traffic) : new RolloutStore(db, id, traffic)
}
