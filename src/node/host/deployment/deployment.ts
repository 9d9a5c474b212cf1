/**
 * One update going out to the fleet (docs/update-flow.md): waves in speed
 * order, each planned and started by the host's own pushes, every node's
 * reports moving its state, receipts answered with install authorizations,
 * and the final summary. Its jobs live beside it (see index.ts).
 */
import { EventEmitter } from 'node:events'
import { logger } from '@libp2p/logger'
import { DeploymentState, NodeState, canMoveDeployment, describeStopReason, stoppedState } from '../../../state/index.js'
import { DeploymentControlError } from '../errors.js'
import { Authorizer } from './authorizer.js'
import { deploymentStore } from './deployment-store.js'
import { HostPushes } from './host-pushes.js'
import { NodeTracker } from './node-tracker.js'
import { DEFAULT_MAX_ATTEMPTS, DEFAULT_STALL_TIMEOUT_MS, Recovery } from './recovery.js'
import { SlowRelays } from './slow-relays.js'
import { serveEndgame } from './endgame.js'
import { describePlan, planWave, wholeFleet } from './plan-adapter.js'
import { assignWaves, skipUnfinished, waveFailure, waveMembers } from './waves.js'
import type { DeploymentStore } from './deployment-store.js'
import type { DeploymentEvents, DeploymentInit } from './index.js'
import type { PlanOptions } from './plan-adapter.js'
import type { CoreComponents } from '../components.js'
import type { DeploymentNodeRecord, DeploymentRecord, MemberRecord } from '../database.js'
import type { VerifiedManifest } from '../../package/index.js'
import type { StripedPlan } from '../../../tree/index.js'
import type { BadChunkReport, Receipt, ResendRequest, StateReport } from '../../../protocols/join/index.js'
import type { DeploymentPlan, DeploymentSummary } from '../../../protocols/publish/index.js'
import type { StopReason } from '../../../state/index.js'

const log = logger('cascade:host:deployment')

/**
 * Once every node is finished, relays may still be reporting their last
 * bytes; the summary waits for them this long at most.
 */
const RELAY_REPORT_GRACE_MS = 5_000

export class Deployment extends EventEmitter<DeploymentEvents> {
  readonly id: string
  readonly manifest: VerifiedManifest
  readonly nodes: NodeTracker
  state: DeploymentState = DeploymentState.uploading
  /** the current wave's trees: one, or one per stripe of the package */
  plan?: StripedPlan
  startedAt = 0
  finishedAt = 0
  /** the wave being delivered now; later waves wait */
  currentWave = 0
  /** relays caught sending bad chunks: never used as a relay again in this deployment */
  readonly excludedRelays = new Set<string>()
  private readonly init: DeploymentInit
  private readonly components: CoreComponents
  private readonly targets: ReadonlyMap<string, MemberRecord>
  private readonly pushes: HostPushes
  private readonly authorizer: Authorizer
  private readonly recovery: Recovery
  private readonly slowRelays: SlowRelays
  private readonly store: DeploymentStore
  private waveCount = 1
  /** started before the admin's upload was whole (see start) */
  private awaitingUpload = false
  private lowerBoundMs = 0
  private hostChildren = 0
  /** set when resumed after a host restart: the plan's host children, for the summary */
  private resumedHostChildren?: number
  /** set when the rollout stopped by itself or was cancelled */
  private stopReason?: StopReason
  private summary?: DeploymentSummary
  private watchdog?: ReturnType<typeof setInterval>
  private finishTimer?: ReturnType<typeof setTimeout>

  constructor (components: CoreComponents, init: DeploymentInit) {
    super()
    this.components = components
    this.init = init
    this.id = init.id
    this.manifest = init.manifest
    this.targets = new Map(init.targets.map(target => [target.peerId, target]))
    this.pushes = new HostPushes(components, {
      deploymentId: init.id,
      manifestId: init.manifest.id,
      signedManifest: init.signedManifest,
      store: init.store,
      targets: this.targets,
      storeAndForward: init.strategy === 'binary-saf',
      hostUpload: init.hostUpload
    })
    this.store = deploymentStore(init.record ?? 'deployment', components.database, init.id, this.pushes)
    this.nodes = new NodeTracker(init.id, this.targets.values(), this.store)
    this.nodes.on('progress', progress => { this.emit('progress', progress) })
    this.nodes.on('settled', () => { this.maybeFinish() })
    this.recovery = new Recovery(components, {
      deploymentId: init.id,
      version: init.manifest.fields.version,
      nodes: this.nodes,
      pushes: this.pushes,
      excludedRelays: this.excludedRelays,
      stallTimeoutMs: this.stallTimeoutMs,
      maxAttempts: components.config.maxAttempts ?? DEFAULT_MAX_ATTEMPTS
    })
    this.slowRelays = new SlowRelays(init.id, init.manifest.fields.chunkSize, init.manifest.chunkCount)
    this.authorizer = new Authorizer(components, this.nodes, init.manifest, init.channel)
  }

  get finished (): boolean {
    return this.summary != null
  }

  get hostBytesSent (): number {
    return this.pushes.bytesSent
  }

  private get size (): number {
    return this.manifest.fields.size
  }

  private get stallTimeoutMs (): number {
    return this.components.config.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS
  }

  private get planOptions (): PlanOptions {
    return {
      hostUpload: this.init.hostUpload,
      maxFanout: this.init.maxFanout,
      size: this.size,
      chunkSize: this.manifest.fields.chunkSize,
      strategy: this.init.strategy ?? 'tree',
      stripes: this.init.stripes,
      singleTree: this.init.source != null,
      exclude: this.slowRelays.starving.size === 0 ? this.excludedRelays : new Set([...this.excludedRelays, ...this.slowRelays.starving]),
      failedPairs: this.components.failedPairs
    }
  }

  /** Moves the deployment's own state; false (and nothing changes) when the move is not allowed. */
  private moveTo (state: DeploymentState): boolean {
    if (!canMoveDeployment(this.state, state)) {
      return false
    }
    this.state = state
    return true
  }

  /**
   * Splits the targets into waves (speed order), and starts the first. With
   * `uploading`, the admin's upload is still arriving: the host's pushes wait
   * for each chunk as a relay's do (src/node/relay/push-sender.ts), the
   * deployment stays `uploading` (or paused) until `uploaded()`, and
   * `uploadFailed()` ends it (docs/update-flow.md, "Upload").
   */
  start (options: { uploading?: boolean } = {}): void {
    this.awaitingUpload = true
    this.startedAt = Date.now()
    const { lowerBoundMs, order } = wholeFleet(this.targets, this.planOptions)
    this.lowerBoundMs = lowerBoundMs
    this.waveCount = assignWaves(order, this.init.waves ?? [], this.nodes)
    if (options.uploading !== true) this.uploaded()
    this.watch()
    this.startWave(0)
  }

  /** The admin's upload is whole and checked: the record says running (and when it started). */
  uploaded (): void {
    if (!this.awaitingUpload || this.stopReason != null || this.finished) return
    this.awaitingUpload = false
    this.store.started(this.startedAt)
    // paused during the upload, it stays paused (the record says so again)
    if (this.state === DeploymentState.uploading) this.moveTo(DeploymentState.running)
    else if (this.state === DeploymentState.paused) this.store.moved(DeploymentState.paused)
  }

  /** The admin's upload broke off or did not check: every unfinished node is told to drop it, and the rollout ends as failed. */
  uploadFailed (reason: string): void {
    if (!this.awaitingUpload || this.finished) return
    this.pushes.abort()
    this.endEarly({ kind: 'upload-failed', reason })
  }

  private watch (): void {
    this.watchdog = setInterval(() => { this.patrol() }, Math.min(1000, this.stallTimeoutMs / 4))
    this.watchdog.unref()
  }

  /** The watchdog's round: stalled nodes, relays that fell behind their plan, the endgame. */
  private patrol (): void {
    // nobody is stalled while the package itself is arriving
    if (this.awaitingUpload) this.nodes.waitedOnUpload(Date.now())
    else this.recovery.checkStalls(this.currentWave, this.state === DeploymentState.paused)
    for (const { relay, share } of this.slowRelays.check(this.nodes.values(), this.excludedRelays)) {
      this.recovery.stopRelay(relay, `slow: its children received ${Math.round(share * 100)} % of their planned rate`)
      this.plan = this.plan == null ? undefined : this.recovery.rehome(this.plan, relay, this.targets, this.planOptions)
      if (this.plan != null) this.slowRelays.watch(this.plan)
    }
    if ((this.init.strategy ?? 'tree') === 'tree' && this.init.source == null && this.state === DeploymentState.running) {
      const { chunkCount, fields: { chunkSize } } = this.manifest
      serveEndgame(this.pushes, { nodes: this.nodes.values(), wave: this.currentWave, hostUpload: this.init.hostUpload, exclude: this.planOptions.exclude, chunkCount, chunkSize })
    }
  }

  /** Plans the wave's tree, announces the deployment to its nodes, and starts the host's own pushes. */
  private startWave (wave: number): void {
    this.currentWave = wave
    const members = waveMembers(this.nodes, wave)
    if (members.length === 0) {
      this.maybeFinish()
      return
    }
    const plan = planWave(this.targets, members.map(node => node.peerId), this.planOptions)
    this.plan = plan
    this.slowRelays.watch(plan)
    this.pushes.planned(plan)
    const stripes = plan.stripes.length
    this.hostChildren = Math.max(this.hostChildren, new Set(plan.stripes.flatMap(tree => tree.children.map(child => child.id))).size)
    for (const node of members) {
      node.parent = plan.stripes[0].parentOf.get(node.peerId) ?? ''
      // the planned delivery is every node's first attempt
      node.attempts = 1
      node.reason = ''
      node.lastProgressAt = Date.now()
      this.nodes.persist(node)
    }
    const described = this.describePlan()
    this.store.planned(described)
    this.emit('plan', described)
    if (this.waveCount > 1) {
      log('%s: wave %d of %d, %d nodes', this.id, wave + 1, this.waveCount, members.length)
    }
    for (const node of members) {
      this.components.channels.send(node.peerId, { deploy: this.pushes.notice(node.peerId) })
    }
    // every planned edge is connected now, while the uplinks are idle (children behind NAT dial their parents, docs/internet.md)
    this.pushes.preconnect(plan.stripes)
    plan.stripes.forEach((tree, index) => {
      for (const child of tree.children) {
        if (this.init.source != null && this.pushes.askToRelay(this.init.source, child)) {
          const node = this.nodes.get(child.id)
          if (node != null) {
            node.parent = this.init.source
            this.nodes.persist(node)
          }
          continue
        }
        this.recovery.push(child.id, child, stripes > 1 ? { index, count: stripes } : undefined)
      }
    })
  }

  /**
   * Picks up a deployment a host restart interrupted, from its record: every
   * node keeps its state; nodes are served again as they re-join (or when the
   * stall watchdog finds them), each resuming from the chunks it holds.
   */
  resumeFromRecord (record: DeploymentRecord, nodes: DeploymentNodeRecord[]): void {
    this.startedAt = record.startedAt
    this.pushes.bytesSent = record.hostBytesSent
    this.moveTo(DeploymentState.running)
    try {
      const plan = JSON.parse(record.plan) as DeploymentPlan
      this.lowerBoundMs = plan.lowerBoundMs
      this.resumedHostChildren = plan.nodes.filter(node => node.parent === '' || (node.stripeParents ?? []).includes('')).length
    } catch {}
    for (const saved of nodes) {
      const node = this.nodes.get(saved.peerId)
      if (node != null) {
        const { state, reason, parent, bytesReceived, bytesSent, attempts, version } = saved
        this.nodes.restore(node, { state, reason, parent, bytesReceived, bytesSent, attempts, version })
      }
    }
    this.nodes.recount()
    log('%s resumed after a host restart: %d nodes not finished', this.id, this.nodes.unfinished())
    this.watch()
    this.maybeFinish()
  }

  describePlan (): DeploymentPlan {
    return describePlan(this.plan, this.nodes.values(), this.targets, { lowerBoundMs: this.lowerBoundMs, hostUpload: this.init.hostUpload })
  }

  /** A node's own account of its progress (NodeTracker.applyReport); a finished node's last figures may complete the rollout. */
  onReport (peerId: string, report: StateReport): void {
    if (this.nodes.applyReport(peerId, report)) {
      this.maybeFinish()
    }
  }

  /** A node's signed receipt: answered with an install authorization (held while paused). */
  async onReceipt (peerId: string, receipt: Receipt): Promise<void> {
    await this.authorizer.onReceipt(peerId, receipt, this.state === DeploymentState.paused)
  }

  /** A node (re)joined: its version may complete it, or the host serves it again (see Recovery.onJoin). */
  onJoin (peerId: string, version: string): void {
    if (this.startedAt !== 0) {
      this.recovery.onJoin(peerId, version)
    }
  }

  /** What a node says on the control channel about this deployment (see RunningDeployments.dispatch). */
  onResend (peerId: string, request: ResendRequest): void {
    this.recovery.onResend(peerId, request)
  }

  onBadChunk (peerId: string, report: BadChunkReport): void {
    this.recovery.onBadChunk(peerId, report)
  }

  /** A node lost its parent: another relay takes over its stripe, or the host serves it (see Recovery.onNeedParent). */
  onNeedParent (peerId: string, lost: string, stripe?: number): void {
    const plan = this.recovery.onNeedParent(peerId, lost, stripe, this.plan, this.targets, this.planOptions)
    if (plan != null && plan !== this.plan) this.slowRelays.watch(plan)
    this.plan = plan
  }

  /** After each wave: stop if it failed too often, else go on with the next (unless paused). */
  private maybeAdvanceWave (): boolean {
    if (this.summary != null || this.stopReason != null || this.nodes.unfinishedIn(this.currentWave) > 0 || this.currentWave >= this.waveCount - 1) {
      return false
    }
    const stop = waveFailure(waveMembers(this.nodes, this.currentWave), this.currentWave, this.waveCount, this.init.maxFailures ?? 0)
    if (stop != null) {
      this.endEarly(stop)
      return true
    }
    if (this.state === DeploymentState.paused) {
      return true
    }
    this.startWave(this.currentWave + 1)
    return true
  }

  /** Ends the rollout early: nodes not finished are skipped with the reason. */
  private endEarly (stop: StopReason): void {
    this.stopReason = stop
    const reason = describeStopReason(stop)
    log('%s: %s', this.id, reason)
    skipUnfinished(this.nodes, this.components.channels, { deploymentId: this.id, reason }, stop.kind !== 'failure-threshold', this.currentWave)
    this.maybeFinish()
  }

  /**
   * A member removed from the fleet (`cascade member remove`): skipped with
   * `reason`, never used as a relay again; false when it is not being served
   * (or the deployment has not started: its upload is still running).
   */
  drop (peerId: string, reason: string): boolean {
    const node = this.nodes.serving(peerId)
    if (node == null || this.startedAt === 0) {
      return false
    }
    this.excludedRelays.add(peerId)
    this.components.channels.send(peerId, { cancel: { deploymentId: this.id, reason } })
    // a node of a later wave ends with the wave under way, so that no later wave plans it
    node.wave = Math.min(node.wave, this.currentWave)
    this.nodes.skip(node, reason)
    this.nodes.recount()
    this.maybeFinish()
    return true
  }

  /** Holds new install authorizations (receipts wait) and later waves; throws DeploymentControlError when it cannot. */
  async pause (): Promise<void> {
    if (this.finished) {
      throw new DeploymentControlError(`deployment ${this.id} has finished`)
    }
    if (this.state === DeploymentState.paused) {
      throw new DeploymentControlError(`deployment ${this.id} is already paused`)
    }
    if (!this.moveTo(DeploymentState.paused)) {
      throw new DeploymentControlError(`deployment ${this.id} is ${this.state}`)
    }
    this.store.moved(DeploymentState.paused)
  }

  async resume (): Promise<void> {
    if (this.state !== DeploymentState.paused || !this.moveTo(DeploymentState.running)) {
      throw new DeploymentControlError(`deployment ${this.id} is not paused`)
    }
    this.store.moved(DeploymentState.running)
    await this.authorizer.releaseHeld()
    if (!this.maybeAdvanceWave()) {
      this.maybeFinish()
    }
  }

  async cancel (actor: string): Promise<void> {
    if (this.finished) {
      throw new DeploymentControlError(`deployment ${this.id} has finished`)
    }
    // a paused rollout runs again just long enough to end: the summary moves it to cancelled
    this.moveTo(DeploymentState.running)
    this.pushes.abort()
    this.endEarly({ kind: 'cancelled', by: actor })
  }

  private maybeFinish (): void {
    if (this.maybeAdvanceWave()) {
      return
    }
    if (this.summary != null || this.nodes.unfinished() > 0) {
      return
    }
    this.finishedAt ||= Date.now()
    if (this.nodes.relaying() && Date.now() - this.finishedAt < RELAY_REPORT_GRACE_MS) {
      this.finishTimer ??= setTimeout(() => { this.finishTimer = undefined; this.maybeFinish() }, RELAY_REPORT_GRACE_MS)
      return
    }
    clearTimeout(this.finishTimer)
    clearInterval(this.watchdog)
    const nodes = [...this.nodes.values()]
    const failed = nodes.filter(node => node.state !== NodeState.done)
    const success = failed.length === 0
    const state = this.stopReason != null ? stoppedState(this.stopReason) : success ? DeploymentState.succeeded : DeploymentState.failed
    const reason = this.stopReason != null ? describeStopReason(this.stopReason) : failed.map(node => `${node.peerId}: ${node.state} (${node.reason})`).join('; ')
    // paused (the last nodes finished, or a wave failed) or uploading (cancelled): it ends from running where it cannot end directly
    if (!canMoveDeployment(this.state, state)) this.moveTo(DeploymentState.running)
    this.moveTo(state)
    this.store.finished({ state, reason, finishedAt: this.finishedAt })
    this.summary = {
      deploymentId: this.id,
      version: this.manifest.fields.version,
      success,
      hostBytesSent: this.hostBytesSent,
      packageSize: this.size,
      nodes: nodes.map(node => this.nodes.progressOf(node)),
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
    await this.pushes.stop()
  }
}
