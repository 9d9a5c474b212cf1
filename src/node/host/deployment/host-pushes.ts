/**
 * The pushes the host makes itself: to its children in the plan, and to any
 * node that needs a resend (a bad receive, a corrupt relay, a lost parent, a
 * stall); or, for a catch-up, a request to a member that holds the package
 * to relay it instead. Counts the bytes the host sent.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { logger } from '@libp2p/logger'
import { createPush } from '../../relay/push-sender.js'
import { FAILED_PUSH_RETRIES, FAILED_PUSH_RETRY_MS } from '../../relay/early-retry.js'
import { subtreeOf, toBytes } from '../../relay/addressees.js'
import type { SplitStripe } from '../../relay/addressees.js'
import { paceFor, pacedLimiter } from '../../flow/pacing.js'
import { canDial } from '../reachability.js'
import { askToConnect, plannedEdges } from '../connect-request.js'
import type { Placement } from '../reachability.js'
import type { HostTraffic } from './deployment-store.js'
import type { CoreComponents } from '../components.js'
import type { MemberRecord } from '../database.js'
import type { ChunkStore } from '../../package/index.js'
import type { StripedPlan, StripeSplit, TreeNode } from '../../../tree/index.js'
import type { Stripe } from '../../../protocols/push/index.js'
import type { DeploymentNotice } from '../../../protocols/join/index.js'
import type { UploadLimiter } from '../../upload-limiter.js'

const log = logger('cascade:host:deployment:push')

/** The host as a dialler: public, behind nobody's router (docs/internet.md). */
const HOST_PLACEMENT: Placement = { reachability: 'public', observedIp: '' }

/** The rate of a push of every stripe; undefined before a plan (a resumed deployment's resends). */
function sum (rates: number[]): number | undefined {
  return rates.length === 0 ? undefined : rates.reduce((total, rate) => total + rate, 0)
}

/**
 * A stripe's helpers whose child is still a leaf there: a stripe-child that
 * gained children since it was split (re-homing) gets its whole stripe from
 * its parent, as its addressee list cannot name it twice otherwise.
 */
function splitLeaves (tree: Pick<StripedPlan['stripes'][number], 'helpers' | 'parentOf'>): ReadonlyMap<string, StripeSplit> {
  if (tree.helpers == null || tree.helpers.size === 0) return new Map()
  const parents = new Set(tree.parentOf.values())
  return new Map([...tree.helpers].filter(([child]) => !parents.has(child)))
}

/** Each node strictly below `root`, with its parent. */
function parentsBelow (root: TreeNode): Map<string, string> {
  const parents = new Map<string, string>()
  const visit = (node: TreeNode): void => {
    for (const child of node.children) {
      parents.set(child.id, node.id)
      visit(child)
    }
  }
  visit(root)
  return parents
}

export interface HostPushesInit {
  deploymentId: string
  manifestId: string
  signedManifest: Uint8Array<ArrayBuffer>
  /** the host's buffered, complete copy of the package */
  store: ChunkStore
  targets: ReadonlyMap<string, MemberRecord>
  /** relays forward only the whole package (the binary-saf baseline) */
  storeAndForward: boolean
  /** what the host can upload, bytes/s: its pushes are paced below it when it has no cap of its own */
  hostUpload: number
}

export class HostPushes implements HostTraffic {
  bytesSent = 0
  /** what the host's own endgame pushes may send at most so far: the bytes each node lacked when its push started (see HOST_ENDGAME_SHARE) */
  endgameCommitted = 0
  private readonly components: Pick<CoreComponents, 'libp2p' | 'limiter' | 'database' | 'channels' | 'config'>
  private readonly init: HostPushesInit
  private readonly running = new Map<string, Promise<void>>()
  /** the running pushes that are endgames (keys of `running`) */
  private readonly endgames = new Set<string>()
  private idleSince = 0
  private readonly controller = new AbortController()
  private readonly limiter: UploadLimiter
  /** bytes/s the current plan gives each stripe (one entry for one tree) */
  private stripeRates: number[] = []
  /** each stripe's split stripe-children (src/tree/split.ts), child → helper: leaves in that stripe only */
  private stripeHelpers: Array<ReadonlyMap<string, StripeSplit>> = []
  /** the endgames members run at the host's request: the node served → the member serving it, and since when */
  private readonly peerEndgames = new Map<string, { helper: string, since: number }>()

  constructor (components: Pick<CoreComponents, 'libp2p' | 'limiter' | 'database' | 'channels' | 'config'>, init: HostPushesInit) {
    this.components = components
    this.init = init
    this.limiter = pacedLimiter(components.limiter, components.limiter.rate == null ? paceFor({ uploadBps: init.hostUpload }, components.config.paceShare) : undefined)
  }

  /** The plan's rates, which each push tells its child (it sizes its credit window by them). */
  planned (plan: Pick<StripedPlan, 'stripes'>): void {
    this.stripeRates = plan.stripes.map(tree => tree.streamRate)
    this.stripeHelpers = plan.stripes.map(splitLeaves)
  }

  /** bytes/s the current plan gives each stripe (one entry for one tree; none before a plan) */
  get plannedRates (): readonly number[] {
    return this.stripeRates
  }

  /** The `deploy` notice for a node: which release, and the pace of the node's own pushes (src/node/flow/pacing.ts). */
  notice (peerId: string): DeploymentNotice {
    const member = this.member(peerId)
    return { deploymentId: this.init.deploymentId, manifestId: this.init.manifestId, pace: member == null ? undefined : paceFor(member, this.components.config.paceShare) }
  }

  /** A member's measured upload, bytes/s; 0 when unknown. */
  uploadOf (peerId: string): number {
    return this.member(peerId)?.uploadBps ?? 0
  }

  /** A member as it last joined: it may have re-joined from a new address since the start. */
  private member (peerId: string): MemberRecord | undefined {
    return this.components.database.getMember(peerId) ?? this.init.targets.get(peerId)
  }

  /**
   * Where `parentId` (the host when absent) may dial `peerId`: none when the
   * child is behind NAT outside the parent's own network; it dials its
   * parent then (`preconnect`), and the push goes over that connection.
   */
  private addrsOf (peerId: string, parentId?: string): string[] {
    const member = this.member(peerId)
    if (member == null) return []
    const parent = parentId == null ? HOST_PLACEMENT : this.member(parentId) ?? HOST_PLACEMENT
    return canDial(parent, member) ? member.addrs : []
  }

  /**
   * Opens each planned relay-to-child connection now, before any chunk exists
   * (`connect` on a control channel): the parent dials its child where it may,
   * else the child dials its parent (behind NAT, docs/internet.md). A push
   * finds the connection open, whichever side opened it. Dialled later, behind
   * uplinks full of chunks, a TCP + Noise + Yamux handshake takes several
   * queue-long round trips and can outlast the push's dial timeout
   * (docs/benchmarks-log.md, "What held N = 32 back").
   */
  preconnect (trees: Iterable<{ parentOf: ReadonlyMap<string, string | null>, helpers?: ReadonlyMap<string, StripeSplit> }>): void {
    for (const { child, parent } of plannedEdges(trees)) this.connect(child, parent)
  }

  /** Tells one side of a planned edge to dial the other, at the addresses it may dial. */
  private connect (childId: string, parentId: string): void {
    const child = this.member(childId)
    const parent = this.member(parentId)
    if (child == null || parent == null) return
    if (!askToConnect(this.components.channels, child, parent, this.init.deploymentId)) {
      log('%s: %s and %s cannot dial each other', this.init.deploymentId, parentId, childId)
    }
  }

  /**
   * Pushes to `peerId` unless a push to it (in that stripe) runs already; a
   * resend carries no addressees, since the node keeps relaying to the share
   * it already has. With `stripe`, only that stripe's chunks (and
   * `subtreeRoot` is in that stripe's tree).
   */
  push (peerId: string, subtreeRoot?: TreeNode, stripe?: Stripe, options: { descending?: boolean, rate?: number, retries?: number } = {}): void {
    const { descending = false, rate, retries = 0 } = options
    const key = stripe == null ? peerId : `${peerId}#${stripe.index}`
    if (this.running.has(key) || this.controller.signal.aborted) {
      return
    }
    const push = createPush({
      libp2p: this.components.libp2p,
      target: { peerId, addrs: this.addrsOf(peerId) },
      deploymentId: this.init.deploymentId,
      signedManifest: this.init.signedManifest,
      subtree: subtreeRoot == null ? [] : subtreeOf(subtreeRoot, (id, parent) => this.addrsOf(id, parent), this.splitOf(stripe)),
      storeAndForward: this.init.storeAndForward,
      stripe,
      descending,
      rate: rate ?? (stripe == null ? sum(this.stripeRates) : this.stripeRates[stripe.index]),
      store: this.init.store,
      limiter: this.limiter,
      signal: this.controller.signal
    })
    let sent = 0
    push.on('bytes', (bytes) => {
      sent += bytes
      this.bytesSent += bytes
    })
    let again = false
    const running = push.run().then(
      () => { log('%s: pushed to %s', this.init.deploymentId, key) },
      (err: Error) => {
        again = sent === 0 && retries < FAILED_PUSH_RETRIES && !this.controller.signal.aborted
        log.error('%s: push to %s failed%s: %e', this.init.deploymentId, key, again ? ' before its first chunk; trying again' : '', err)
      }
    ).finally(() => {
      this.running.delete(key)
      this.endgames.delete(key)
      if (!this.busy) this.idleSince = Date.now()
      if (again) void this.retry(peerId, subtreeRoot, stripe, { ...options, retries: retries + 1 })
    })
    this.running.set(key, running)
  }

  /**
   * A push that failed before its first chunk left (the child refused the
   * offer, or could not be reached), again after FAILED_PUSH_RETRY_MS, at
   * most FAILED_PUSH_RETRIES times (src/node/relay/early-retry.ts), the
   * notice sent first: a child that never heard it refuses the push as one
   * our host never started.
   */
  private async retry (peerId: string, subtreeRoot: TreeNode | undefined, stripe: Stripe | undefined, options: { descending?: boolean, rate?: number, retries: number }): Promise<void> {
    try {
      await sleep(FAILED_PUSH_RETRY_MS, undefined, { signal: this.controller.signal })
    } catch {
      return
    }
    this.components.channels.send(peerId, { deploy: this.notice(peerId) })
    this.push(peerId, subtreeRoot, stripe, options)
  }

  /** A stripe's split stripe-children, for its addressee lists; none without a stripe. */
  private splitOf (stripe: Stripe | undefined): SplitStripe | undefined {
    const helpers = stripe == null ? undefined : this.stripeHelpers[stripe.index]
    return stripe == null || helpers == null || helpers.size === 0 ? undefined : { stripe, helpers }
  }

  /** Whether the host still runs a push other than an endgame's: its uplink is spoken for. */
  get busy (): boolean {
    return this.running.size > this.endgames.size
  }

  /** ms since the host's last push other than an endgame's ended; 0 while one runs or before any ran */
  idleFor (now = Date.now()): number {
    return this.busy || this.idleSince === 0 ? 0 : now - this.idleSince
  }

  /**
   * The endgame (docs/update-flow.md, "Endgame"): the host, done with its own
   * share, sends a node everything it still lacks, last chunk first, while
   * its parents go on sending first chunk first; the node closes both streams
   * once the two meet.
   */
  endgame (peerId: string, rate: number, lacking: number): void {
    if (this.running.has(peerId)) return
    this.push(peerId, undefined, undefined, { descending: true, rate })
    if (!this.running.has(peerId)) return
    this.endgames.add(peerId)
    this.endgameCommitted += lacking
  }

  get endgamesRunning (): number {
    return this.endgames.size
  }

  /**
   * Asks `helper`, a member that holds the verified package and relays
   * nothing, to send `peerId` what it lacks (of `stripe`), last chunk first
   * (docs/update-flow.md, "Endgame"); false when `peerId` has an endgame
   * already or `helper` is offline.
   */
  peerEndgame (helper: string, peerId: string, stripe: Stripe | undefined, rate: number): boolean {
    if (this.inEndgame(peerId) || this.controller.signal.aborted) return false
    if (!this.askToRelay(helper, { id: peerId, children: [] }, stripe, { descending: true, rate: rate > 0 ? rate : undefined })) return false
    this.peerEndgames.set(peerId, { helper, since: Date.now() })
    return true
  }

  /** Whether `peerId` is sent an endgame, by the host or a member. */
  inEndgame (peerId: string): boolean {
    return this.endgames.has(peerId) || this.peerEndgames.has(peerId)
  }

  /** The members running an endgame the host asked for. */
  endgameHelpers (): Set<string> {
    return new Set([...this.peerEndgames.values()].map(endgame => endgame.helper))
  }

  /**
   * Forgets the members' endgames that are over: the node no longer receives
   * (done, failed or gone), or the member has reported no push running after
   * `settleMs` (the push ended, or never started: the node may be served
   * again, by another member or the host).
   */
  forgetPeerEndgames (receiving: (peerId: string) => boolean, relaying: (helper: string) => boolean, settleMs: number, now = Date.now()): void {
    for (const [peerId, { helper, since }] of [...this.peerEndgames]) {
      if (!receiving(peerId) || (now - since >= settleMs && !relaying(helper))) this.peerEndgames.delete(peerId)
    }
  }

  /**
   * A member relays to `child` and its subtree: the package it holds (a
   * catch-up), or with `stripe` that stripe as it arrives (a slow relay's
   * child re-homed); false when it is offline.
   */
  askToRelay (source: string, child: TreeNode, stripe?: Stripe, options: { descending?: boolean, rate?: number } = {}): boolean {
    const channel = this.components.channels.get(source)
    if (channel == null) {
      return false
    }
    const targets = [
      { peerId: child.id, addrs: toBytes(this.addrsOf(child.id, source)), parent: -1 },
      ...subtreeOf(child, (id, parent) => this.addrsOf(id, parent)).map(entry => ({ ...entry, parent: entry.parent + 1 }))
    ]
    this.connect(child.id, source)
    this.preconnect([{ parentOf: parentsBelow(child) }])
    const share = stripe == null ? {} : { stripeIndex: stripe.index, stripeCount: stripe.count, rate: this.stripeRates[stripe.index] }
    const endgame = options.descending === true ? { descending: true } : {}
    const rate = options.rate == null ? {} : { rate: options.rate }
    channel.send({ relay: { deploymentId: this.init.deploymentId, manifestId: this.init.manifestId, targets, ...share, ...rate, ...endgame } }).catch(() => {})
    log('%s: asked %s to relay %s to %s%s', this.init.deploymentId, source, stripe == null ? 'the package' : `stripe ${stripe.index}`, child.id, options.descending === true ? ', last chunk first (an endgame)' : '')
    return true
  }

  /** Aborts every push (a cancel, or the host stopping). */
  abort (): void {
    this.controller.abort()
  }

  /** Aborts and waits for every push to end, then closes the store (the package stays on disk). */
  async stop (): Promise<void> {
    this.controller.abort()
    await Promise.allSettled(this.running.values())
    await this.init.store.close().catch(() => {})
  }
}
