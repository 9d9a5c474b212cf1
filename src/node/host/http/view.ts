/**
 * What the dashboard and `/metrics` show, read from the host's components:
 * the members as `cascade status` gathers them (status-service.ts), the
 * deployment running now (or the last one) with its plan and every node's
 * figures, the deployment history and the audit log (admin-queries.ts).
 */
import { AdminQueries } from '../admin-queries.js'
import { memberStatuses } from '../status-service.js'
import type { HostComponents } from '../components.js'
import type { MemberStatus } from '../index.js'
import type { AuditEntry, Deployment as DeploymentBrief } from '../../../protocols/admin/index.js'
import type { DeploymentPlan } from '../../../protocols/publish/index.js'

/** Deployments in the dashboard's history table. */
export const HISTORY_LIMIT = 25

/** Audit entries the dashboard shows, newest last. */
export const AUDIT_LIMIT = 100

/** Reachability is not measured yet (direct, relayed, …): every member shows this. */
export const REACHABILITY_UNKNOWN = 'unknown'

export interface MemberView extends Omit<MemberStatus, 'addrs' | 'firstSeen'> {
  reachability: string
  /** its state in the deployment running now (or the one it was last in, when offline) */
  deployment?: { id: string, state: string, reason: string }
}

export interface NodeFigures {
  peerId: string
  state: string
  reason: string
  parent: string
  wave: number
  attempts: number
  bytesReceived: number
  bytesSent: number
}

export interface DeploymentFigures {
  id: string
  name: string
  version: string
  state: string
  startedAt: number
  finishedAt: number
  /** 0 when not known (a deployment read back from the database) */
  packageSize: number
  hostBytesSent: number
  nodes: NodeFigures[]
}

export interface LiveDeployment extends DeploymentFigures {
  currentWave: number
  waves: number
  plan: DeploymentPlan
}

export interface DashboardView {
  host: { peerId: string, addrs: string[], now: number }
  members: MemberView[]
  deployment?: LiveDeployment
  history: DeploymentBrief[]
  audit: AuditEntry[]
}

export type ViewComponents = Pick<HostComponents, 'database' | 'channels' | 'deployments' | 'libp2p'>

/** Every member, with its state in the running deployment (as `cascade status` shows it). */
export function memberViews (components: ViewComponents): MemberView[] {
  return memberStatuses(components).map(({ addrs: _addrs, firstSeen: _firstSeen, ...member }) => ({
    ...member,
    reachability: REACHABILITY_UNKNOWN,
    deployment: components.deployments.nodeState(member.peerId)
  }))
}

/** The rollout running now, or the last one since the host started, with its plan. */
export function liveDeployment (components: ViewComponents): LiveDeployment | undefined {
  const deployment = components.deployments.active
  if (deployment == null) {
    return undefined
  }
  const nodes = [...deployment.nodes.values()].map(({ peerId, state, reason, parent, wave, attempts, bytesReceived, bytesSent }) => ({
    peerId, state, reason, parent, wave, attempts, bytesReceived, bytesSent
  }))
  const { name, version, size } = deployment.manifest.fields
  return {
    id: deployment.id,
    name,
    version,
    state: deployment.state,
    startedAt: deployment.startedAt,
    finishedAt: deployment.finishedAt,
    packageSize: size,
    hostBytesSent: deployment.hostBytesSent,
    nodes,
    currentWave: deployment.currentWave,
    waves: Math.max(1, ...nodes.map(node => node.wave + 1)),
    plan: deployment.describePlan()
  }
}

/** The newest `limit` deployments' figures: the live one as it stands, the others as the database keeps them. */
export function recentDeployments (components: ViewComponents, limit: number): DeploymentFigures[] {
  const live = liveDeployment(components)
  return new AdminQueries(components.database.db).deployments(limit).map(brief => {
    if (brief.id === live?.id) {
      return live
    }
    const record = components.database.getDeployment(brief.id)
    const nodes = components.database.listDeploymentNodes(brief.id).filter(node => node.catchUp !== true)
      .map(({ peerId, state, reason, parent, attempts, bytesReceived, bytesSent }) => ({ peerId, state, reason, parent, wave: 0, attempts, bytesReceived, bytesSent }))
    return {
      id: brief.id,
      name: brief.name,
      version: brief.version,
      state: brief.state,
      startedAt: record?.startedAt ?? 0,
      finishedAt: record?.finishedAt ?? 0,
      packageSize: 0,
      hostBytesSent: brief.hostBytesSent,
      nodes
    }
  })
}

/** How many deployments the database keeps in each state (one query, however long the history). */
export function deploymentCounts (components: ViewComponents): Array<{ state: string, n: number }> {
  return new AdminQueries(components.database.db).countByState()
}

/** Everything the dashboard draws, in one JSON-able object. */
export function dashboardView (components: ViewComponents): DashboardView {
  const queries = new AdminQueries(components.database.db)
  return {
    host: { peerId: components.libp2p.peerId.toString(), addrs: components.libp2p.getMultiaddrs().map(ma => ma.toString()), now: Date.now() },
    members: memberViews(components),
    deployment: liveDeployment(components),
    history: queries.deployments(HISTORY_LIMIT),
    audit: queries.audit(AUDIT_LIMIT)
  }
}
