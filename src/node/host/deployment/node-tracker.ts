/**
 * Every targeted node's record in one deployment: its state (moved only
 * along src/state/node-state.ts), its figures, the wave it belongs to, and
 * how many nodes of each wave are not finished yet (so finishing needs no
 * scan of the whole fleet). Each change is written through the deployment's
 * store and announced as a `progress` event.
 */
import { EventEmitter } from 'node:events'
import { logger } from '@libp2p/logger'
import { NodeState, canMove, hasReached, isTerminal, parseNodeState } from '../../../state/index.js'
import type { DeploymentStore } from './deployment-store.js'
import type { DeploymentNodeRecord, MemberRecord } from '../database.js'
import type { NodeProgress } from '../../../protocols/publish/index.js'
import type { StateReport } from '../../../protocols/join/index.js'

const log = logger('cascade:host:deployment:nodes')

/** A node's row in the database (its state, reason, parent, figures, attempts, version), and what only the running deployment tracks. */
export interface NodeRecord extends Omit<DeploymentNodeRecord, 'deploymentId' | 'updatedAt'> {
  lastProgressAt: number
  /** pushes this node still runs to its children, as it last reported */
  relaysActive: number
  bytesDuplicate: number
  /** chunks it holds per stripe, as it last reported (src/node/host/deployment/slow-relays.ts) */
  stripeChunks: number[]
  /** the rollout wave this node belongs to */
  wave: number
}

export interface NodeTrackerEvents {
  progress: [NodeProgress]
  /** the node reached a terminal state through `update` */
  settled: [NodeRecord]
}

export class NodeTracker extends EventEmitter<NodeTrackerEvents> {
  private readonly records = new Map<string, NodeRecord>()
  /** not-finished nodes per wave */
  private open: number[] = []
  private readonly store: DeploymentStore
  readonly deploymentId: string

  constructor (deploymentId: string, targets: Iterable<MemberRecord>, store: DeploymentStore) {
    super()
    this.deploymentId = deploymentId
    this.store = store
    for (const target of targets) {
      this.records.set(target.peerId, {
        peerId: target.peerId,
        state: NodeState.planned,
        reason: '',
        parent: '',
        bytesReceived: 0,
        bytesSent: 0,
        attempts: 0,
        version: target.version,
        lastProgressAt: Date.now(),
        relaysActive: 0,
        bytesDuplicate: 0,
        stripeChunks: [],
        wave: 0
      })
    }
    this.recount()
  }

  get (peerId: string): NodeRecord | undefined {
    return this.records.get(peerId)
  }

  has (peerId: string): boolean {
    return this.records.has(peerId)
  }

  get size (): number {
    return this.records.size
  }

  values (): IterableIterator<NodeRecord> {
    return this.records.values()
  }

  /** A node this deployment still serves: known, and not finished. */
  serving (peerId: string): NodeRecord | undefined {
    const node = this.records.get(peerId)
    return node == null || isTerminal(node.state) ? undefined : node
  }

  /** Counts again the unfinished nodes per wave, after waves are assigned or records restored. */
  recount (): void {
    this.open = []
    for (const node of this.records.values()) {
      this.open[node.wave] = (this.open[node.wave] ?? 0) + (isTerminal(node.state) ? 0 : 1)
    }
  }

  /** Nodes of `wave` not finished yet. */
  unfinishedIn (wave: number): number {
    return this.open[wave] ?? 0
  }

  unfinished (): number {
    return this.open.reduce((sum, count) => sum + (count ?? 0), 0)
  }

  /**
   * A node's own account of its progress: states move only as the node state
   * machine allows. True when the node had finished already (its figures as
   * a relay may be the last the deployment waits for).
   */
  applyReport (peerId: string, report: StateReport): boolean {
    const node = this.records.get(peerId)
    if (node == null) {
      return false
    }
    Object.assign(node, { relaysActive: report.relaysActive, stripeChunks: report.stripeChunks })
    node.bytesDuplicate = Math.max(node.bytesDuplicate, report.bytesDuplicate)
    if (isTerminal(node.state)) {
      // a finished node may still be relaying to its children: keep its figures right
      node.bytesSent = Math.max(node.bytesSent, report.bytesSent)
      return true
    }
    const progressed = report.bytesReceived > node.bytesReceived || report.bytesSent > node.bytesSent
    const changes: Parameters<NodeTracker['update']>[1] = {
      bytesReceived: Math.max(node.bytesReceived, report.bytesReceived),
      bytesSent: Math.max(node.bytesSent, report.bytesSent)
    }
    const state = parseNodeState(report.state)
    if (state != null && hasReached(state, node.state) && state !== node.state) {
      changes.state = state
      changes.reason = report.reason
    } else if (state === node.state && (state === NodeState.deferred || state === NodeState.installing)) {
      // still deferred or installing, still alive: the reason may have changed (in use → window)
      changes.reason = report.reason
    } else if (!progressed) {
      return false
    }
    this.update(node, changes)
    return false
  }

  /**
   * Applies `changes` as progress: a state change only when the node state
   * machine allows the move (staying put is no move); written when the state
   * changed or is final.
   */
  update (node: NodeRecord, changes: Partial<Omit<NodeRecord, 'state'>> & { state?: NodeState }): void {
    const before = node.state
    const { state, ...rest } = changes
    Object.assign(node, rest, { lastProgressAt: Date.now() })
    if (state != null && state !== before) {
      if (canMove(before, state)) {
        this.setState(node, state)
      } else {
        log('%s: %s cannot move from %s to %s', this.deploymentId, node.peerId, before, state)
      }
    }
    if (node.state !== before || isTerminal(node.state)) {
      this.persist(node)
    }
    this.emit('progress', this.progressOf(node))
    if (isTerminal(node.state)) {
      this.emit('settled', node)
    }
  }

  /** Ends a node that was never finished: the rollout stopped first. */
  skip (node: NodeRecord, reason: string): void {
    this.setState(node, NodeState.skipped)
    node.reason = reason
    this.persist(node)
    this.emit('progress', this.progressOf(node))
  }

  /** A node's record as saved before a host restart. */
  restore (node: NodeRecord, saved: Pick<NodeRecord, 'state' | 'reason' | 'parent' | 'bytesReceived' | 'bytesSent' | 'attempts' | 'version'>): void {
    Object.assign(node, saved, { lastProgressAt: Date.now() })
  }

  persist (node: NodeRecord): void {
    this.store.node(node)
  }

  private setState (node: NodeRecord, state: NodeState): void {
    if (!isTerminal(node.state) && isTerminal(state)) {
      this.open[node.wave] = (this.open[node.wave] ?? 1) - 1
    }
    node.state = state
  }

  /**
   * Nodes of the waves delivered so far without progress for `timeoutMs`.
   * While the deployment is paused, a verified node waits for the resume to
   * be authorized: not its fault, so its clock restarts instead.
   */
  * stalled (now: number, timeoutMs: number, wave: number, paused: boolean): Generator<NodeRecord> {
    for (const node of this.records.values()) {
      if (isTerminal(node.state) || node.wave > wave || now - node.lastProgressAt < timeoutMs) {
        continue
      }
      node.lastProgressAt = now
      if (paused && node.state === NodeState.verified) {
        continue
      }
      yield node
    }
  }

  /** Every unfinished node counts as progressing at `now`: the package itself was still arriving from the admin. */
  waitedOnUpload (now: number): void {
    for (const node of this.records.values()) {
      if (!isTerminal(node.state)) node.lastProgressAt = now
    }
  }

  /** Some finished node still relays to its children (its last figures are on the way). */
  relaying (): boolean {
    for (const node of this.records.values()) {
      if (node.relaysActive > 0 && node.state === NodeState.done) {
        return true
      }
    }
    return false
  }

  progressOf (node: NodeRecord): NodeProgress {
    return {
      peerId: node.peerId,
      state: node.state,
      bytesReceived: node.bytesReceived,
      bytesSent: node.bytesSent,
      reason: node.reason,
      version: node.version,
      at: Date.now(),
      parent: node.parent,
      bytesDuplicate: node.bytesDuplicate
    }
  }
}

/** The node holds the package and the host's authorization (or is further along). */
export function isAuthorized (node: NodeRecord): boolean {
  return hasReached(node.state, NodeState.authenticated)
}
