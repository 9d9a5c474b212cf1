import { EventEmitter } from 'node:events'
import { logger } from '@libp2p/logger'
import { peerIdFromString } from '@libp2p/peer-id'
import { asStripedPlan, lowerBound, planInOrder, planStar, planStriped, planTree } from '../../tree/index.js'
import { INSTALL_DOMAIN, RECEIPT_DOMAIN, signStatement, verifyStatement } from '../../protocols/join/index.js'
import { pushPackage } from '../relay/push-sender.js'
import { subtreeOf, toBytes } from '../relay/addressees.js'
import type { ControlChannel } from '../control-channel.js'
import type { CascadeLibp2p } from '../libp2p.js'
import type { ChunkStore, VerifiedManifest } from '../package/index.js'
import type { UploadLimiter } from '../upload-limiter.js'
import type { DeploymentNodeRecord, DeploymentRecord, HostDatabase, MemberRecord } from './database.js'
import type { PlanPeer, StripedPlan, TreeNode } from '../../tree/index.js'
import type { BadChunkReport, HostMessage, NodeMessage, Receipt, StateReport } from '../../protocols/join/index.js'
import type { DeploymentPlan, DeploymentSummary, NodeProgress } from '../../protocols/publish/index.js'
import type { Stripe } from '../../protocols/push/index.js'
import type { PrivateKey } from '@libp2p/interface'

const log = logger('cascade:host:deployment')

/**
 * The per-node states of DESIGN.md, in order; the last three are terminal.
 * `deferred` is the side exit of a node that holds an authorized package but
 * may not install yet (app in use, outside its window): it reports the
 * reason and keeps reporting while it waits.
 */
export const NODE_STATES = ['planned', 'receiving', 'verified', 'authenticated', 'deferred', 'installing', 'restarting', 'done', 'failed', 'rolled-back', 'skipped'] as const
export type NodeState = typeof NODE_STATES[number]
/** `skipped`: never attempted, because the rollout stopped or was cancelled first */
const TERMINAL = new Set<NodeState>(['done', 'failed', 'rolled-back', 'skipped'])
const FAILED = new Set<NodeState>(['failed', 'rolled-back'])

/** A node that shows no progress for this long is retried (the host resends to it directly). */
export const DEFAULT_STALL_TIMEOUT_MS = 30_000
/** Attempts per node before it is reported failed (seed 003: a retry limit). */
export const DEFAULT_MAX_ATTEMPTS = 3

/**
 * The share of each measured upload (the host's too) the planner may fill.
 * The rest carries what travels beside the package on the same uplink
 * (credits to its own parents, reports, heartbeats) and absorbs TCP's
 * uneven sharing between flows. On the tc-shaped bench mesh, relays planned
 * at 100 % of their probe fell seconds behind their plan and the deepest
 * nodes finished last (docs/benchmarks.md, "Headroom").
 */
export const PLAN_UPLOAD_SHARE = 0.9

/**
 * Once every node is finished, relays may still be reporting their last
 * bytes; the summary waits for them this long at most.
 */
const RELAY_REPORT_GRACE_MS = 5_000

export interface DeploymentInit {
  id: string
  manifest: VerifiedManifest
  signedManifest: Uint8Array<ArrayBuffer>
  /** the host's buffered, complete copy of the package */
  store: ChunkStore
  libp2p: CascadeLibp2p
  limiter: UploadLimiter
  db: HostDatabase
  hostKey: PrivateKey
  targets: MemberRecord[]
  /** bytes/s the host can upload: its cap, or its best measured download to a member */
  hostUpload: number
  maxFanout: number
  channelOf(peerId: string): ControlChannel<NodeMessage, HostMessage> | undefined
  /** where a node listens now: it may have re-joined from a new address since the start */
  addrsOf?(peerId: string): string[] | undefined
  stallTimeoutMs?: number
  maxAttempts?: number
  /** phased rollout: cumulative fractions of the targets, in speed order ([] = one wave) */
  waves?: number[]
  /** a wave whose failed fraction passes this stops the rollout */
  maxFailures?: number
  /** why the rules (now) refuse this node the update, or undefined: checked before every authorization */
  refusal?(peerId: string): string | undefined
  /**
   * A catch-up of a finished deployment for a late node: the deployment's own
   * record (state, plan, host bytes) is left as it ended; only the node's row changes.
   */
  catchUp?: boolean
  /** a member that holds the package: asked to relay it to the host's children instead of the host */
  source?: string
  /** the tree (default), or one of the baselines it is measured against */
  strategy?: DistributionStrategy
  /** stripes for the tree: a number fixes it (1 = a single tree); default: the planner chooses */
  stripes?: number
}

/**
 * `tree`: speed-sorted, capacity-aware, pipelined (ours). `star`: the host
 * sends to every node (seeds 001/003). `binary-saf`: a binary tree in join
 * order whose relays forward only the whole package (seed 004 literally).
 */
export type DistributionStrategy = 'tree' | 'star' | 'binary-saf'
export const STRATEGIES: DistributionStrategy[] = ['tree', 'star', 'binary-saf']

interface NodeRecord {
  peerId: string
  state: NodeState
  reason: string
  parent: string
  bytesReceived: number
  bytesSent: number
  attempts: number
  version: string
  lastProgressAt: number
  /** pushes this node still runs to its children, as it last reported */
  relaysActive: number
  bytesDuplicate: number
  /** the rollout wave this node belongs to */
  wave: number
}

export interface DeploymentEvents {
  plan: [DeploymentPlan]
  progress: [NodeProgress]
  finished: [DeploymentSummary]
}

/**
 * One update going out to the fleet: the plan, the pushes the host itself
 * makes, every node's state, the back channel's receipts and authorizations,
 * retries of stalled nodes, and the final summary (seeds 000, 003, 004).
 */
export class Deployment extends EventEmitter<DeploymentEvents> {
  readonly id: string
  readonly manifest: VerifiedManifest
  readonly nodes = new Map<string, NodeRecord>()
  /** the current wave's trees: one, or one per stripe of the package */
  plan?: StripedPlan
  hostBytesSent = 0
  startedAt = 0
  finishedAt = 0
  private readonly init: DeploymentInit
  private readonly controller = new AbortController()
  /** relays caught sending bad chunks: never used as a relay again in this deployment */
  readonly excludedRelays = new Set<string>()
  private watchdog?: ReturnType<typeof setInterval>
  private lowerBoundMs = 0
  private readonly hostPushes = new Map<string, Promise<void>>()
  private summary?: DeploymentSummary
  private finishTimer?: ReturnType<typeof setTimeout>
  /** set when resumed after a host restart: the plan's host children, for the summary */
  private resumedHostChildren?: number
  /** the wave being delivered now; later waves wait */
  currentWave = 0
  private waveCount = 1
  paused = false
  /** receipts that arrived while paused: authorized on resume */
  private readonly heldReceipts = new Map<string, Receipt>()
  /** set when the rollout stopped by itself or was cancelled */
  private stopReason = ''
  private hostChildren = 0

  constructor (init: DeploymentInit) {
    super()
    this.init = init
    this.id = init.id
    this.manifest = init.manifest
    for (const target of init.targets) {
      this.nodes.set(target.peerId, {
        peerId: target.peerId,
        state: 'planned',
        reason: '',
        parent: '',
        bytesReceived: 0,
        bytesSent: 0,
        attempts: 0,
        version: target.version,
        lastProgressAt: Date.now(),
        relaysActive: 0,
        bytesDuplicate: 0,
        wave: 0
      })
    }
  }

  get finished (): boolean {
    return this.summary != null
  }

  private get size (): number {
    return this.manifest.fields.size
  }

  private addrsOf (peerId: string): string[] {
    return this.init.addrsOf?.(peerId) ?? this.init.targets.find(target => target.peerId === peerId)?.addrs ?? []
  }

  private planPeers (peerIds: string[]): PlanPeer[] {
    return peerIds.map(peerId => {
      const target = this.init.targets.find(t => t.peerId === peerId) as MemberRecord
      return { id: target.peerId, upload: target.uploadBps, download: target.downloadBps > 0 ? target.downloadBps : undefined }
    })
  }

  private inJoinOrder (peers: PlanPeer[]): PlanPeer[] {
    const firstSeen = (id: string): number => this.init.targets.find(target => target.peerId === id)?.firstSeen ?? 0
    return [...peers].sort((a, b) => firstSeen(a.id) - firstSeen(b.id) || (a.id < b.id ? -1 : 1))
  }

  /** Splits the targets into waves (speed order), and starts the first. */
  start (): void {
    this.startedAt = Date.now()
    const everyone = this.planPeers(this.init.targets.map(target => target.peerId))
    this.lowerBoundMs = Math.round(lowerBound(this.size, this.init.hostUpload, everyone) * 1000)
    const order = planTree(this.init.hostUpload, everyone, { maxFanout: this.init.maxFanout }).order
    const waves = (this.init.waves ?? []).length > 0 ? this.init.waves as number[] : [1]
    this.waveCount = waves.length
    let from = 0
    waves.forEach((fraction, wave) => {
      const to = wave === waves.length - 1 ? order.length : Math.max(from, Math.min(order.length, Math.ceil(fraction * order.length)))
      for (const peerId of order.slice(from, to)) {
        const node = this.nodes.get(peerId)
        if (node != null) {
          node.wave = wave
          node.reason = wave > 0 ? `waits for wave ${wave + 1}` : ''
        }
      }
      from = to
    })
    if (this.init.catchUp !== true) {
      this.init.db.updateDeployment(this.id, { state: 'running', startedAt: this.startedAt })
    }
    const stallTimeoutMs = this.init.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS
    this.watchdog = setInterval(() => { this.checkStalls() }, Math.min(1000, stallTimeoutMs / 4))
    this.watchdog.unref()
    this.startWave(0)
  }

  /** Plans the wave's tree, announces the deployment to its nodes, and starts the host's own pushes. */
  private startWave (wave: number): void {
    this.currentWave = wave
    const members = [...this.nodes.values()].filter(node => node.wave === wave)
    if (members.length === 0) {
      this.maybeFinish()
      return
    }
    const peers = this.planPeers(members.map(node => node.peerId)).map(peer => ({ ...peer, upload: peer.upload * PLAN_UPLOAD_SHARE }))
    const plan = this.planWave(peers)
    this.plan = plan
    const stripes = plan.stripes.length
    this.hostChildren = Math.max(this.hostChildren, new Set(plan.stripes.flatMap(tree => tree.children.map(child => child.id))).size)
    for (const node of members) {
      node.parent = plan.stripes[0].parentOf.get(node.peerId) ?? ''
      // the planned delivery is every node's first attempt
      node.attempts = 1
      node.reason = ''
      node.lastProgressAt = Date.now()
      this.persist(node)
    }
    const described = this.describePlan()
    if (this.init.catchUp !== true) {
      this.init.db.updateDeployment(this.id, { plan: JSON.stringify(described) })
    }
    this.emit('plan', described)
    if (this.waveCount > 1) {
      log('%s: wave %d of %d, %d nodes', this.id, wave + 1, this.waveCount, members.length)
    }
    for (const node of members) {
      this.init.channelOf(node.peerId)?.send({ deploy: { deploymentId: this.id, manifestId: this.manifest.id } }).catch(() => {})
    }
    plan.stripes.forEach((tree, index) => {
      for (const child of tree.children) {
        if (this.init.source != null && this.askSourceToRelay(this.init.source, child)) {
          continue
        }
        this.pushFromHost(child.id, child, stripes > 1 ? { index, count: stripes } : undefined)
      }
    })
  }

  /**
   * The wave's trees. Ours may stripe the package over several trees so that
   * slower uplinks relay too (src/tree/stripes.ts); the baselines, and a
   * catch-up relayed by one source, use a single tree.
   */
  private planWave (peers: PlanPeer[]): StripedPlan {
    const strategy = this.init.strategy ?? 'tree'
    const hostUpload = this.init.hostUpload * PLAN_UPLOAD_SHARE
    if (strategy === 'star') {
      return asStripedPlan(planStar(this.init.hostUpload, peers))
    }
    if (strategy === 'binary-saf') {
      return asStripedPlan(planInOrder(this.init.hostUpload, this.inJoinOrder(peers), 2))
    }
    const options = {
      maxFanout: this.init.maxFanout,
      size: this.size,
      chunkSize: this.manifest.fields.chunkSize,
      exclude: this.excludedRelays
    }
    return this.init.source != null || this.init.stripes === 1
      ? asStripedPlan(planTree(hostUpload, peers, options))
      : planStriped(hostUpload, peers, { ...options, stripes: this.init.stripes })
  }

  /** A peer that holds the package relays it (the stall watchdog falls back to the host). */
  private askSourceToRelay (source: string, child: TreeNode): boolean {
    const channel = this.init.channelOf(source)
    if (channel == null) {
      return false
    }
    const targets = [
      { peerId: child.id, addrs: toBytes(this.addrsOf(child.id)), parent: -1 },
      ...subtreeOf(child, id => this.addrsOf(id)).map(entry => ({ ...entry, parent: entry.parent + 1 }))
    ]
    channel.send({ relay: { deploymentId: this.id, manifestId: this.manifest.id, targets } }).catch(() => {})
    const node = this.nodes.get(child.id)
    if (node != null) {
      node.parent = source
      this.persist(node)
    }
    log('%s: asked %s to relay to %s', this.id, source, child.id)
    return true
  }

  /**
   * Picks up a deployment a host restart interrupted, from its record: every
   * node keeps its state; nodes are served again as they re-join (or when the
   * stall watchdog finds them), each resuming from the chunks it holds.
   */
  resumeFromRecord (record: DeploymentRecord, nodes: DeploymentNodeRecord[]): void {
    this.startedAt = record.startedAt
    this.hostBytesSent = record.hostBytesSent
    try {
      const plan = JSON.parse(record.plan) as DeploymentPlan
      this.lowerBoundMs = plan.lowerBoundMs
      this.resumedHostChildren = plan.nodes.filter(node => node.parent === '' || (node.stripeParents ?? []).includes('')).length
    } catch {}
    const now = Date.now()
    for (const saved of nodes) {
      const node = this.nodes.get(saved.peerId)
      if (node == null) {
        continue
      }
      Object.assign(node, {
        state: saved.state as NodeState,
        reason: saved.reason,
        parent: saved.parent,
        bytesReceived: saved.bytesReceived,
        bytesSent: saved.bytesSent,
        attempts: saved.attempts,
        version: saved.version,
        lastProgressAt: now
      })
    }
    log('%s resumed after a host restart: %d nodes not finished', this.id, [...this.nodes.values()].filter(node => !TERMINAL.has(node.state)).length)
    const stallTimeoutMs = this.init.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS
    this.watchdog = setInterval(() => { this.checkStalls() }, Math.min(1000, stallTimeoutMs / 4))
    this.watchdog.unref()
    this.maybeFinish()
  }

  describePlan (): DeploymentPlan {
    const plan = this.plan
    const stripes = plan?.stripes.length ?? 1
    const depthOf = new Map<string, number>()
    const walk = (nodes: TreeNode[], depth: number): void => {
      for (const node of nodes) {
        depthOf.set(node.id, depth)
        walk(node.children, depth + 1)
      }
    }
    walk(plan?.stripes[0].children ?? [], 1)
    const rank = new Map((plan?.order ?? []).map((id, index) => [id, index]))
    return {
      nodes: [...this.nodes.values()]
        .filter(node => rank.has(node.peerId))
        .sort((a, b) => (rank.get(a.peerId) ?? 0) - (rank.get(b.peerId) ?? 0))
        .map(node => ({
          peerId: node.peerId,
          parent: node.parent,
          uploadBps: Math.round(this.init.targets.find(t => t.peerId === node.peerId)?.uploadBps ?? 0),
          depth: depthOf.get(node.peerId) ?? 0,
          rank: rank.get(node.peerId) ?? 0,
          version: node.version,
          stripeParents: stripes > 1 ? (plan?.stripes ?? []).map(tree => tree.parentOf.get(node.peerId) ?? '') : []
        })),
      streamRate: Math.round(plan?.streamRate ?? 0),
      depth: plan?.depth ?? 0,
      lowerBoundMs: this.lowerBoundMs,
      hostUploadBps: Math.round(this.init.hostUpload),
      stripes
    }
  }

  /**
   * The host pushes to `peerId` itself: to its children in the plan at the
   * start, and to any node that needs a resend (bad receive, corrupt relay,
   * stall) later; a resend carries no addressees, since the node keeps
   * relaying to the share it already has. With `stripe`, only that stripe's
   * chunks (and `subtreeRoot` is in that stripe's tree).
   */
  private pushFromHost (peerId: string, subtreeRoot?: TreeNode, stripe?: Stripe): void {
    const node = this.nodes.get(peerId)
    const key = stripe == null ? peerId : `${peerId}#${stripe.index}`
    if (node == null || TERMINAL.has(node.state) || this.hostPushes.has(key)) {
      return
    }
    node.lastProgressAt = Date.now()
    const push = pushPackage({
      libp2p: this.init.libp2p,
      target: { peerId, addrs: this.addrsOf(peerId) },
      deploymentId: this.id,
      signedManifest: this.init.signedManifest,
      subtree: subtreeRoot == null ? [] : subtreeOf(subtreeRoot, id => this.addrsOf(id)),
      storeAndForward: this.init.strategy === 'binary-saf',
      stripe,
      store: this.init.store,
      limiter: this.init.limiter,
      signal: this.controller.signal,
      onBytesSent: (bytes) => { this.hostBytesSent += bytes }
    }).then(
      () => { log('%s: pushed to %s', this.id, key) },
      (err: Error) => { log.error('%s: push to %s failed: %s', this.id, key, err.message) }
    ).finally(() => { this.hostPushes.delete(key) })
    this.hostPushes.set(key, push)
  }

  private update (node: NodeRecord, changes: Partial<NodeRecord>): void {
    const before = node.state
    Object.assign(node, changes, { lastProgressAt: Date.now() })
    if (node.state !== before || TERMINAL.has(node.state)) {
      this.persist(node)
    }
    this.emit('progress', this.progressOf(node))
    if (TERMINAL.has(node.state)) {
      this.maybeFinish()
    }
  }

  private progressOf (node: NodeRecord): NodeProgress {
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

  private persist (node: NodeRecord): void {
    if (this.init.catchUp !== true) {
      this.init.db.updateDeployment(this.id, { hostBytesSent: this.hostBytesSent })
    }
    this.init.db.upsertDeploymentNode({
      deploymentId: this.id,
      peerId: node.peerId,
      state: node.state,
      reason: node.reason,
      parent: node.parent,
      bytesReceived: node.bytesReceived,
      bytesSent: node.bytesSent,
      attempts: node.attempts,
      version: node.version,
      updatedAt: Date.now()
    })
  }

  /** A node's own account of its progress. States only move forward, except a failed receive. */
  onReport (peerId: string, report: StateReport): void {
    const node = this.nodes.get(peerId)
    if (node == null) {
      return
    }
    node.relaysActive = report.relaysActive
    node.bytesDuplicate = Math.max(node.bytesDuplicate, report.bytesDuplicate)
    if (TERMINAL.has(node.state)) {
      // a finished node may still be relaying to its children: keep its figures right
      node.bytesSent = Math.max(node.bytesSent, report.bytesSent)
      this.maybeFinish()
      return
    }
    const progressed = report.bytesReceived > node.bytesReceived || report.bytesSent > node.bytesSent
    const changes: Partial<NodeRecord> = {
      bytesReceived: Math.max(node.bytesReceived, report.bytesReceived),
      bytesSent: Math.max(node.bytesSent, report.bytesSent)
    }
    const state = report.state as NodeState
    if (report.state === 'failed' && report.missing > 0) {
      // seed 000, claim 9: it did not receive correctly, so the host resends
      log('%s: %s reports a bad receive (%s); resending', this.id, peerId, report.reason)
      this.update(node, { ...changes, state: 'receiving', reason: report.reason })
      this.retry(node, report.reason)
      return
    }
    if (NODE_STATES.includes(state) && NODE_STATES.indexOf(state) > NODE_STATES.indexOf(node.state)) {
      changes.state = state
      changes.reason = report.reason
    } else if (state === node.state && state === 'deferred') {
      // still deferred, still alive: the reason may have changed (in use → window)
      changes.reason = report.reason
    } else if (!progressed) {
      return
    }
    this.update(node, changes)
  }

  /** Checks a node's signed receipt and answers with a host-signed install authorization. */
  async onReceipt (peerId: string, receipt: Receipt): Promise<void> {
    const node = this.nodes.get(peerId)
    if (node == null || TERMINAL.has(node.state)) {
      return
    }
    const expected = { deploymentId: this.id, manifestId: this.manifest.id, node: peerId }
    try {
      await verifyStatement(RECEIPT_DOMAIN, receipt, peerIdFromString(peerId).publicKey as any, expected)
    } catch (err: any) {
      log.error('%s: refused a receipt from %s: %s', this.id, peerId, err.message)
      return
    }
    if (NODE_STATES.indexOf(node.state) < NODE_STATES.indexOf('verified')) {
      this.update(node, { state: 'verified', bytesReceived: this.size })
    }
    // the rules may have changed since the grant: they decide at every authorization
    const refusal = this.init.refusal?.(peerId)
    if (refusal != null) {
      this.update(node, { state: 'failed', reason: `not authorized by the rules: ${refusal}` })
      return
    }
    if (this.paused) {
      this.heldReceipts.set(peerId, receipt)
      this.update(node, { reason: 'deployment paused: install waits' })
      return
    }
    const authorization = await signStatement(INSTALL_DOMAIN, { ...expected, issuedAt: Date.now() }, this.init.hostKey)
    await this.init.channelOf(peerId)?.send({ authorization })
    if (NODE_STATES.indexOf(node.state) < NODE_STATES.indexOf('authenticated')) {
      this.update(node, { state: 'authenticated' })
    }
  }

  /** A relay sent a bad chunk: stop using it as a relay, and resend to its victim from the host. */
  onBadChunk (peerId: string, report: BadChunkReport): void {
    const node = this.nodes.get(peerId)
    if (node == null || TERMINAL.has(node.state)) {
      return
    }
    log.error('%s: %s received a bad chunk %d from %s: %s', this.id, peerId, report.index, report.relay, report.reason)
    if (!this.excludedRelays.has(report.relay) && this.nodes.has(report.relay)) {
      // its other children notice their parent stopping and ask us for another source
      this.init.channelOf(report.relay)?.send({ stopRelaying: { deploymentId: this.id, reason: `sent a bad chunk ${report.index} to ${peerId}` } }).catch(() => {})
    }
    this.excludedRelays.add(report.relay)
    this.update(node, { parent: '', reason: `bad chunk ${report.index} from ${report.relay}` })
    this.pushFromHost(peerId)
  }

  /**
   * A node's parent went away mid-transfer: the host serves it (it resumes
   * from what it holds), only the orphaned stripe when it names one.
   */
  onNeedParent (peerId: string, lost: string, stripe?: number): void {
    const node = this.nodes.get(peerId)
    if (node == null || TERMINAL.has(node.state)) {
      return
    }
    const count = this.plan?.stripes.length ?? 1
    // a stripe this deployment does not have means: everything it lacks
    const orphaned = stripe !== undefined && count > 1 && stripe < count ? { index: stripe, count } : undefined
    log('%s: %s lost its parent %s%s; the host takes over', this.id, peerId, lost, orphaned == null ? '' : ` in stripe ${stripe}`)
    this.update(node, { parent: '', reason: `parent ${lost} lost; resuming from the host` })
    this.pushFromHost(peerId, undefined, orphaned)
  }

  /**
   * A node (re)joined. After an install, the version it reports is what
   * completes it. Otherwise it may have restarted and forgotten the
   * deployment: announce it again and resume it from the host (the node
   * keeps its verified chunks on disk, so only what is missing travels).
   */
  onJoin (peerId: string, version: string): void {
    const node = this.nodes.get(peerId)
    if (node == null || TERMINAL.has(node.state) || this.startedAt === 0) {
      return
    }
    if (version === this.manifest.fields.version && NODE_STATES.indexOf(node.state) >= NODE_STATES.indexOf('authenticated')) {
      this.update(node, { state: 'done', version, reason: '' })
      return
    }
    this.init.channelOf(peerId)?.send({ deploy: { deploymentId: this.id, manifestId: this.manifest.id } }).catch(() => {})
    // an install cut short (the node came back on the old release) starts over
    // from the package on its disk: verify, receipt, authorization, install
    const interrupted = NODE_STATES.indexOf(node.state) >= NODE_STATES.indexOf('installing')
    this.update(node, {
      parent: '',
      state: interrupted ? 'receiving' : node.state,
      reason: interrupted ? `install interrupted; came back on ${version === '' ? 'no release' : version}` : 're-joined; resuming',
      version
    })
    this.pushFromHost(peerId)
  }

  /** Another attempt, from the host itself; past the limit the node is reported failed. */
  private retry (node: NodeRecord, reason: string): void {
    const maxAttempts = this.init.maxAttempts ?? DEFAULT_MAX_ATTEMPTS
    if (node.attempts >= maxAttempts) {
      this.update(node, { state: 'failed', reason: `${reason}; gave up after ${node.attempts} attempts` })
      return
    }
    node.attempts++
    node.parent = ''
    this.persist(node)
    this.pushFromHost(node.peerId)
  }

  /** Seed 004: the server watches for clients that take too long and intervenes. */
  private checkStalls (): void {
    const stallTimeoutMs = this.init.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS
    const now = Date.now()
    for (const node of this.nodes.values()) {
      if (TERMINAL.has(node.state) || node.wave > this.currentWave || now - node.lastProgressAt < stallTimeoutMs) {
        continue
      }
      if (this.paused && node.state === 'verified') {
        // its receipt waits for the resume: not the node's fault
        node.lastProgressAt = now
        continue
      }
      const reason = `no progress for ${Math.round(stallTimeoutMs / 1000)} s in state ${node.state}`
      log('%s: %s stalled: %s', this.id, node.peerId, reason)
      node.lastProgressAt = now
      if (NODE_STATES.indexOf(node.state) >= NODE_STATES.indexOf('authenticated')) {
        // it has the package and the authorization: nothing to resend, but it gets no longer than the others
        if (node.attempts >= (this.init.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)) {
          this.update(node, { state: 'failed', reason: `${reason}; gave up after ${node.attempts} attempts` })
        } else {
          node.attempts++
        }
        continue
      }
      this.retry(node, reason)
    }
  }

  /** After each wave: stop if it failed too often, else go on with the next (unless paused). */
  private maybeAdvanceWave (): boolean {
    const wave = [...this.nodes.values()].filter(node => node.wave === this.currentWave)
    if (this.summary != null || this.stopReason !== '' || wave.some(node => !TERMINAL.has(node.state)) || this.currentWave >= this.waveCount - 1) {
      return false
    }
    const failed = wave.filter(node => FAILED.has(node.state)).length
    const threshold = this.init.maxFailures ?? 0
    if (wave.length > 0 && failed / wave.length > threshold) {
      this.endEarly(`wave ${this.currentWave + 1} of ${this.waveCount}: ${failed} of ${wave.length} nodes failed (${Math.round(failed / wave.length * 100)}% > ${Math.round(threshold * 100)}%); stopped`)
      return true
    }
    if (this.paused) {
      return true
    }
    this.startWave(this.currentWave + 1)
    return true
  }

  /** Ends the rollout early: nodes not finished are skipped with the reason. */
  private endEarly (reason: string, cancelNodes = false): void {
    this.stopReason = reason
    log('%s: %s', this.id, reason)
    for (const node of this.nodes.values()) {
      if (TERMINAL.has(node.state)) {
        continue
      }
      if (cancelNodes || node.wave > this.currentWave || node.state === 'planned') {
        if (node.wave <= this.currentWave) {
          this.init.channelOf(node.peerId)?.send({ cancel: { deploymentId: this.id, reason } }).catch(() => {})
        }
        node.state = 'skipped'
        node.reason = reason
        this.persist(node)
        this.emit('progress', this.progressOf(node))
      }
    }
    this.maybeFinish()
  }

  async pause (): Promise<string | undefined> {
    if (this.summary != null) {
      return `deployment ${this.id} has finished`
    }
    if (this.paused) {
      return `deployment ${this.id} is already paused`
    }
    this.paused = true
    this.init.db.updateDeployment(this.id, { state: 'paused' })
    return undefined
  }

  async resume (): Promise<string | undefined> {
    if (!this.paused) {
      return `deployment ${this.id} is not paused`
    }
    this.paused = false
    this.init.db.updateDeployment(this.id, { state: 'running' })
    const held = [...this.heldReceipts]
    this.heldReceipts.clear()
    for (const [peerId, receipt] of held) {
      await this.onReceipt(peerId, receipt)
    }
    if (!this.maybeAdvanceWave()) {
      this.maybeFinish()
    }
    return undefined
  }

  async cancel (actor: string): Promise<string | undefined> {
    if (this.summary != null) {
      return `deployment ${this.id} has finished`
    }
    this.paused = false
    this.controller.abort()
    this.endEarly(`cancelled by ${actor}`, true)
    return undefined
  }

  private maybeFinish (): void {
    if (this.maybeAdvanceWave()) {
      return
    }
    if (this.summary != null || [...this.nodes.values()].some(node => !TERMINAL.has(node.state))) {
      return
    }
    this.finishedAt ||= Date.now()
    const relaying = [...this.nodes.values()].some(node => node.relaysActive > 0 && node.state === 'done')
    if (relaying && Date.now() - this.finishedAt < RELAY_REPORT_GRACE_MS) {
      this.finishTimer ??= setTimeout(() => { this.finishTimer = undefined; this.maybeFinish() }, RELAY_REPORT_GRACE_MS)
      return
    }
    clearTimeout(this.finishTimer)
    clearInterval(this.watchdog)
    const nodes = [...this.nodes.values()]
    const success = nodes.every(node => node.state === 'done')
    const failed = nodes.filter(node => node.state !== 'done')
    const reason = this.stopReason !== '' ? this.stopReason : success ? '' : failed.map(node => `${node.peerId}: ${node.state} (${node.reason})`).join('; ')
    if (this.init.catchUp !== true) {
      this.init.db.updateDeployment(this.id, {
        state: success ? 'succeeded' : this.stopReason.startsWith('cancelled') ? 'cancelled' : this.stopReason !== '' ? 'stopped' : 'failed',
        reason,
        hostBytesSent: this.hostBytesSent,
        finishedAt: this.finishedAt
      })
    }
    this.summary = {
      deploymentId: this.id,
      version: this.manifest.fields.version,
      success,
      hostBytesSent: this.hostBytesSent,
      packageSize: this.size,
      nodes: nodes.map(node => this.progressOf(node)),
      startedAt: this.startedAt,
      finishedAt: this.finishedAt,
      lowerBoundMs: this.lowerBoundMs,
      hostChildren: this.resumedHostChildren ?? this.hostChildren,
      reason
    }
    log('%s finished: %s', this.id, success ? 'every node runs the new version' : reason)
    this.emit('finished', this.summary)
  }

  /** Resolves with the summary once every node is done, failed or rolled back. */
  async done (): Promise<DeploymentSummary> {
    if (this.summary != null) {
      return this.summary
    }
    return new Promise(resolve => this.once('finished', resolve))
  }

  /** Stops its pushes and timers and closes its store (the package stays on disk). */
  async stop (): Promise<void> {
    clearInterval(this.watchdog)
    clearTimeout(this.finishTimer)
    this.controller.abort()
    await Promise.allSettled(this.hostPushes.values())
    await this.init.store.close().catch(() => {})
  }
}
