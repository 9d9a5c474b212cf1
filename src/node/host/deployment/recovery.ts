/**
 * When a node's delivery goes wrong, the host serves it itself
 * (docs/reliability.md): a resend after a bad receive, a corrupt relay cut
 * out, a stalled node retried, each within the node's attempts; and a node
 * that re-joins is served again. A lost parent, or a relay stopped as slow,
 * is replaced by another relay where one can take the stripe.
 */
import { logger } from '@libp2p/logger'
import { NodeState, hasReached } from '../../../state/index.js'
import { isVersion } from '../../package/version.js'
import { isAuthorized } from './node-tracker.js'
import { rehomeWave } from './plan-adapter.js'
import { findNode } from '../../../tree/index.js'
import type { PlanOptions } from './plan-adapter.js'
import type { MemberRecord } from '../database.js'
import type { HostPushes } from './host-pushes.js'
import type { NodeRecord, NodeTracker } from './node-tracker.js'
import type { CoreComponents } from '../components.js'
import type { StripeMove, StripedPlan, TreeNode } from '../../../tree/index.js'
import type { BadChunkReport, ResendRequest } from '../../../protocols/join/index.js'
import type { Stripe } from '../../../protocols/push/index.js'

const log = logger('cascade:host:deployment:recovery')

/** A node that shows no progress for this long is retried (the host resends to it directly). */
export const DEFAULT_STALL_TIMEOUT_MS = 30_000
/** Attempts per node before it is reported failed (docs/reliability.md). */
export const DEFAULT_MAX_ATTEMPTS = 3

export interface RecoveryInit {
  deploymentId: string
  /** the release's version: a node that re-joins running it is done */
  version: string
  nodes: NodeTracker
  pushes: HostPushes
  /** relays caught sending bad chunks, shared with the planner */
  excludedRelays: Set<string>
  stallTimeoutMs: number
  maxAttempts: number
}

export class Recovery {
  private readonly channels: CoreComponents['channels']
  private readonly components: Pick<CoreComponents, 'channels' | 'failedPairs'> & Partial<Pick<CoreComponents, 'database'>>
  private readonly init: RecoveryInit

  constructor (components: Pick<CoreComponents, 'channels' | 'failedPairs'> & Partial<Pick<CoreComponents, 'database'>>, init: RecoveryInit) {
    this.channels = components.channels
    this.components = components
    this.init = init
  }

  private get id (): string {
    return this.init.deploymentId
  }

  /** The host pushes to a node it still serves (see HostPushes.push). */
  push (peerId: string, subtreeRoot?: TreeNode, stripe?: Stripe): void {
    const node = this.init.nodes.serving(peerId)
    if (node == null) {
      return
    }
    node.lastProgressAt = Date.now()
    this.init.pushes.push(peerId, subtreeRoot, stripe)
  }

  /** The node's whole package failed verification: back to receiving, and the host resends. */
  onResend (peerId: string, request: ResendRequest): void {
    const node = this.init.nodes.serving(peerId)
    if (node == null) {
      return
    }
    log('%s: %s asks for a resend of %d chunks (%s)', this.id, peerId, request.missing, request.reason)
    this.init.nodes.update(node, { state: NodeState.receiving, reason: request.reason })
    this.retry(node, request.reason)
  }

  /** A relay sent a bad chunk: stop using it as a relay, and resend to its victim from the host. */
  onBadChunk (peerId: string, report: BadChunkReport): void {
    const node = this.init.nodes.serving(peerId)
    if (node == null) {
      return
    }
    log('%s: %s received a bad chunk %d from %s: %s', this.id, peerId, report.index, report.relay, report.reason)
    this.stopRelay(report.relay, `sent a bad chunk ${report.index} to ${peerId}`)
    this.init.nodes.update(node, { parent: '', reason: `bad chunk ${report.index} from ${report.relay}` })
    this.push(peerId)
  }

  /**
   * Stops `relay` relaying (a corrupt or a slow relay) and never plans it as
   * one again: its children notice their parent stopping and ask us for
   * another source (`onNeedParent`).
   */
  stopRelay (relay: string, reason: string): void {
    if (!this.init.excludedRelays.has(relay) && this.init.nodes.has(relay)) {
      log('%s: %s stops relaying: %s', this.id, relay, reason)
      this.channels.send(relay, { stopRelaying: { deploymentId: this.id, reason } })
      // a relay that holds the whole package (or runs it already) is told too: it relays after it finished
      const node = this.init.nodes.get(relay)
      if (node != null) this.init.nodes.update(node, { reason: `relaying stopped: ${reason}` })
    }
    this.init.excludedRelays.add(relay)
  }

  /**
   * A relay was stopped mid-deployment (slow): its stripe-children are
   * re-homed over the relays that remain at once, since its stop and its
   * streams' ends would wait behind what fills its uplink. Each new parent
   * is asked to relay the stripe as it arrives; a child homed on the host,
   * or whose new parent is offline, is served by the host. Returns the plan
   * as it now stands.
   */
  rehome (plan: StripedPlan, relay: string, targets: ReadonlyMap<string, MemberRecord>, options: PlanOptions): StripedPlan {
    if (!plan.stripes.some(tree => tree.parentOf.has(relay))) return plan
    const { plan: next, moved } = rehomeWave(plan, relay, targets, options)
    for (const move of moved) {
      if (!this.handOver(next, move, relay, `relay ${relay} stopped; ${move.newParent ?? 'the host'} relays to it`)) {
        this.serveFromHost(move.id, relay, next.stripes.length, move.stripe)
      }
    }
    return next
  }

  /**
   * A node's parent went away mid-transfer (it crashed, its push stalled, or
   * it could not connect to the node). When that is its planned parent in one
   * stripe of a striped plan, that stripe is re-homed on the relay that would
   * give it the best rate (src/tree/rehome.ts), never the lost parent, which
   * stays a relay for its other children. Otherwise, or when no relay can
   * take it, the host serves it. Returns the plan as it now stands.
   */
  onNeedParent (peerId: string, lost: string, stripe: number | undefined, plan: StripedPlan | undefined, targets: ReadonlyMap<string, MemberRecord>, options: PlanOptions): StripedPlan | undefined {
    const k = plan?.stripes.length ?? 1
    const parent = plan?.stripes[stripe ?? 0]?.parentOf.get(peerId)
    // a stopped relay's child re-homed on another relay (see rehome) hears of its old parent's end later
    if (parent != null && parent !== lost && this.init.excludedRelays.has(lost)) return plan
    if (plan != null && stripe !== undefined && k > 1 && parent === lost && this.init.nodes.serving(peerId) != null) {
      const { plan: next, moved } = rehomeWave(plan, lost, targets, options, { id: peerId, stripe })
      if (moved.length === 1 && this.handOver(next, moved[0], lost, `parent ${lost} lost; ${moved[0].newParent ?? 'the host'} relays it`)) return next
    }
    this.serveFromHost(peerId, lost, k, stripe)
    return plan
  }

  /** Asks a re-homed stripe-child's new parent to relay it to it; false when the host must (homed on the host, or the parent is offline). */
  private handOver (plan: StripedPlan, { id, stripe, newParent }: StripeMove, lost: string, reason: string): boolean {
    const node = this.init.nodes.serving(id)
    const child = findNode(plan.stripes[stripe], id)
    const k = plan.stripes.length
    const share = k > 1 ? { index: stripe, count: k } : undefined
    if (node == null || child == null || newParent == null || !this.init.pushes.askToRelay(newParent, child, share)) return false
    log('%s: %s lost its parent %s%s; %s relays it', this.id, id, lost, share == null ? '' : ` in stripe ${stripe}`, newParent)
    node.lastProgressAt = Date.now()
    this.init.nodes.update(node, { parent: stripe === 0 ? newParent : node.parent, reason })
    return true
  }

  /**
   * The host serves a node whose parent went away (it resumes from what it
   * holds), only the orphaned stripe when it names one of the plan's
   * `stripes`.
   */
  private serveFromHost (peerId: string, lost: string, stripes: number, stripe?: number): void {
    const node = this.init.nodes.serving(peerId)
    if (node == null) {
      return
    }
    // a stripe this deployment does not have means: everything it lacks
    const orphaned = stripe !== undefined && stripes > 1 && stripe < stripes ? { index: stripe, count: stripes } : undefined
    log('%s: %s lost its parent %s%s; the host takes over', this.id, peerId, lost, orphaned == null ? '' : ` in stripe ${stripe}`)
    this.init.nodes.update(node, { parent: '', reason: `parent ${lost} lost; resuming from the host` })
    this.push(peerId, undefined, orphaned)
  }

  /**
   * A node (re)joined. After an install, the version it reports is what
   * completes it. Otherwise it may have restarted and forgotten the
   * deployment: announce it again and resume it from the host (the node
   * keeps its verified chunks on disk, so only what is missing travels).
   */
  onJoin (peerId: string, version: string): void {
    const node = this.init.nodes.serving(peerId)
    if (node == null) {
      return
    }
    if (version === this.init.version && isAuthorized(node)) {
      this.init.nodes.update(node, { state: NodeState.done, version, reason: '' })
      return
    }
    if (version !== '' && !isVersion(version) && isAuthorized(node)) {
      // it installed, and came back on something that is neither this release nor a version (docs/versions.md)
      this.init.nodes.update(node, { state: NodeState.failed, version, reason: `came back reporting "${version}", which is not ${this.init.version} and not a version` })
      return
    }
    this.channels.send(peerId, { deploy: this.init.pushes.notice(peerId) })
    // an install cut short (the node came back on the old release) starts over
    // from the package on its disk: verify, receipt, authorization, install
    const interrupted = hasReached(node.state, NodeState.installing)
    this.init.nodes.update(node, {
      parent: '',
      state: interrupted ? NodeState.receiving : node.state,
      reason: interrupted ? `install interrupted; came back on ${version === '' ? 'no release' : version}` : 're-joined; resuming',
      version
    })
    this.push(peerId)
  }

  private failedPair (parent: string, child: NodeRecord, reason: string): void {
    this.components.failedPairs?.add({ parent, child: child.peerId, reason, childIp: this.components.database?.getMember(child.peerId)?.observedIp ?? '' })
  }

  /** Another attempt, from the host itself; past the limit the node is reported failed. */
  private retry (node: NodeRecord, reason: string): void {
    if (node.attempts >= this.init.maxAttempts) {
      this.init.nodes.update(node, { state: NodeState.failed, reason: `${reason}; gave up after ${node.attempts} attempts` })
      return
    }
    node.attempts++
    node.parent = ''
    this.init.nodes.persist(node)
    this.push(node.peerId)
  }

  /** The stall watchdog's round: nodes of the waves delivered so far without progress are served again. */
  checkStalls (wave: number, paused: boolean): void {
    const timeoutMs = this.init.stallTimeoutMs
    for (const node of [...this.init.nodes.stalled(Date.now(), timeoutMs, wave, paused)]) {
      const stalled = `no progress for ${Math.round(timeoutMs / 1000)} s in state ${node.state}`
      // a node that left is not stalled: it is offline, and says so
      const reason = this.channels.has(node.peerId) ? stalled : `offline: ${stalled}`
      log('%s: %s stalled: %s', this.id, node.peerId, reason)
      // its planned parent never got a byte to it: the pair cannot connect (docs/internet.md)
      if (node.parent !== '' && node.bytesReceived === 0 && this.channels.has(node.peerId)) this.failedPair(node.parent, node, reason)
      if (!isAuthorized(node)) {
        this.retry(node, reason)
      } else if (node.attempts >= this.init.maxAttempts) {
        // it has the package and the authorization: nothing to resend, but it gets no longer than the others
        this.init.nodes.update(node, { state: NodeState.failed, reason: `${reason}; gave up after ${node.attempts} attempts` })
      } else {
        node.attempts++
      }
    }
  }
}
