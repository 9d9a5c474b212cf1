/**
 * The deployments running now: the rollout (at most one, the last one kept
 * after it finished) and the catch-ups of late members. Node messages and
 * joins reach a deployment through here; pause, resume and cancel too. It
 * also starts catch-ups (catch-ups.ts), and resumes after a host restart what
 * was running.
 */
import { EventEmitter } from 'node:events'
import { join } from 'node:path'
import { logger } from '@libp2p/logger'
import { ChunkStore, decodeSignedManifest } from '../package/index.js'
import { DeploymentState, NodeState, isTerminal } from '../../state/index.js'
import { createDeployment } from './deployment/index.js'
import { DeploymentControlError } from './errors.js'
import { fleetMaxFanout, hostUpload, onlineMembers } from './components.js'
import { CatchUps, describeVersion } from './catch-ups.js'
import { DEPLOYMENTS_DIR } from './deployment-dirs.js'
import { sendsTo } from '../../tree/index.js'
import { finishedEvent } from './deployment-events.js'
import type { DeploymentEventMap } from './deployment-events.js'
import type { CoreComponents } from './components.js'
import type { Deployment, DeploymentInit } from './deployment/index.js'
import type { MemberRecord } from './database.js'
import type { ControlAction } from '../../protocols/admin/index.js'
import type { NodeMessage, UnreachableChild } from '../../protocols/join/index.js'
import type { NodeState as NodeStateType } from '../../state/index.js'

const log = logger('cascade:host:deployments')

/** Characters of a relay's reason kept with a failed pair: a line in a log. */
const MAX_UNREACHABLE_REASON = 200

/** What a new deployment needs beyond the host's components. */
export type NewDeployment = Omit<DeploymentInit, 'hostUpload' | 'maxFanout'> & { maxFanout?: number }

/** Announces catch-ups, and the end of a rollout resumed after a restart (the publish service announces the others). */
export class RunningDeployments extends EventEmitter<DeploymentEventMap> {
  private readonly components: CoreComponents
  /** the rollout running now, or the last one */
  active?: Deployment
  /** the catch-ups of late members, running or gathering */
  private readonly catchUps: CatchUps
  /** members that joined while a rollout they are not part of ran: each is caught up when it ends */
  private readonly joinedDuring = new Set<string>()

  constructor (components: CoreComponents) {
    super()
    this.components = components
    this.catchUps = new CatchUps(components, this)
    this.catchUps.on('deployment:started', event => { this.emit('deployment:started', event) })
    this.catchUps.on('deployment:finished', event => { this.emit('deployment:finished', event) })
  }

  /** Where a deployment's package is buffered. */
  packageDir (id: string): string {
    return join(this.components.config.dataDir, DEPLOYMENTS_DIR, id)
  }

  /** A deployment wired to this host: its libp2p, limits, channels, and the rules as they stand at each authorization. */
  create (options: NewDeployment): Deployment {
    return createDeployment(this.components, {
      ...options,
      hostUpload: hostUpload(this.components),
      maxFanout: options.maxFanout ?? fleetMaxFanout(this.components)
    })
  }

  /** The rollout running now (not finished), if any. */
  get running (): Deployment | undefined {
    return this.active != null && !this.active.finished ? this.active : undefined
  }

  /** Makes `deployment` the rollout (held while its upload runs, so a second admin is refused). */
  hold (deployment: Deployment): void {
    const previous = this.active
    this.active = deployment
    this.joinedDuring.clear()
    deployment.once('finished', () => { this.rolloutEnded(deployment) })
    void previous?.stop()
  }

  /**
   * A rollout ended: the members that joined while it ran, and are not its
   * nodes, are caught up now (its release may be the newest meant for them,
   * and none was delivered when they joined).
   */
  private rolloutEnded (deployment: Deployment): void {
    if (this.active !== deployment) {
      return
    }
    const waiting = new Set(this.joinedDuring)
    this.joinedDuring.clear()
    this.catchUps.start(onlineMembers(this.components).filter(member => waiting.has(member.peerId)), false)
  }

  /** Lets go of a rollout whose upload failed. */
  release (id: string): void {
    if (this.active?.id === id) {
      this.active = undefined
      this.joinedDuring.clear()
    }
  }

  /** The deployment a node's message about `deploymentId` belongs to. */
  private deploymentFor (deploymentId: string, peerId: string): Deployment | undefined {
    if (this.active?.id === deploymentId && this.active.nodes.has(peerId)) {
      return this.active
    }
    const catchUp = this.catchUps.of(peerId)
    return catchUp?.id === deploymentId ? catchUp : undefined
  }

  /** Reports, resend requests, receipts and bad-chunk reports go to the deployment they name. */
  async dispatch (peerId: string, message: NodeMessage, receiptFor?: string): Promise<void> {
    if (message.report != null) {
      this.deploymentFor(message.report.deploymentId, peerId)?.onReport(peerId, message.report)
    }
    if (message.resend != null) {
      this.deploymentFor(message.resend.deploymentId, peerId)?.onResend(peerId, message.resend)
    }
    if (message.receipt != null && receiptFor != null) {
      await this.deploymentFor(receiptFor, peerId)?.onReceipt(peerId, message.receipt)
    }
    if (message.badChunk != null) {
      this.deploymentFor(message.badChunk.deploymentId, peerId)?.onBadChunk(peerId, message.badChunk)
    }
    if (message.needParent != null) {
      this.deploymentFor(message.needParent.deploymentId, peerId)?.onNeedParent(peerId, message.needParent.lost, message.needParent.stripe)
    }
    if (message.unreachable != null) {
      this.onUnreachable(peerId, message.unreachable)
    }
  }

  /**
   * A relay could not open a connection to its planned child (docs/internet.md):
   * that pair is never planned again, and the host serves the child. Only
   * from the child's planned parent (or, for a split stripe-child, its
   * helper) in that stripe: a relay can mark no other pair, nor have the host
   * push to anyone else.
   */
  private onUnreachable (relay: string, report: UnreachableChild): void {
    const deployment = this.deploymentFor(report.deploymentId, report.peerId)
    const plan = deployment?.plan
    if (deployment == null || plan == null || !sendsTo(plan, report.stripe ?? 0, report.peerId, relay)) {
      log('ignored %s\'s report of an unreachable child %s: not its planned child in %s', relay, report.peerId, report.deploymentId)
      return
    }
    const childIp = this.components.database.getMember(report.peerId)?.observedIp ?? ''
    this.components.failedPairs?.add({ parent: relay, child: report.peerId, reason: report.reason.slice(0, MAX_UNREACHABLE_REASON), childIp })
    deployment.onNeedParent(report.peerId, relay, report.stripe)
  }

  /**
   * A member (re)joined: the rollout learns of it (its version may complete
   * it, or it is served again), and a member on an older release than the
   * newest one meant for it catches up.
   */
  joined (member: MemberRecord): void {
    this.settleInterrupted(member)
    this.active?.onJoin(member.peerId, member.version)
    // a catch-up waiting for the member's restart: the version it reports completes it
    const catchUp = this.catchUps.of(member.peerId)
    if (catchUp != null) {
      catchUp.onJoin(member.peerId, member.version)
      return
    }
    if (this.deploymentFor(this.active?.id ?? '', member.peerId) != null) {
      return
    }
    if (this.active != null && !this.active.finished) {
      this.joinedDuring.add(member.peerId)
    }
    this.catchUps.start([member], true)
  }

  /** A member left: its catch-up learns of it (see CatchUps.left). */
  left (peerId: string): void {
    this.catchUps.left(peerId)
  }

  /**
   * A member re-joins: its rows left unfinished when it went offline (a
   * catch-up it left, or one a host restart cut short) end now: done when it
   * runs that deployment's release, else skipped (a catch-up may follow).
   */
  private settleInterrupted (member: MemberRecord): void {
    const db = this.components.database
    for (const row of db.listMemberNodes(member.peerId)) {
      if (isTerminal(row.state) || this.deploymentFor(row.deploymentId, member.peerId) != null || this.running?.id === row.deploymentId) {
        continue
      }
      const version = db.getDeployment(row.deploymentId)?.version
      const done = version != null && version === member.version
      db.upsertDeploymentNode({ ...row, state: done ? NodeState.done : NodeState.skipped, reason: done ? '' : `re-joined on ${describeVersion(member.version)} after it was interrupted`, updatedAt: Date.now() })
    }
  }

  /**
   * A release became deliverable without a rollout (a site's forward that had
   * no member to update when it began): every online member it is meant for
   * catches up now, as when it joins.
   */
  catchUpOnline (): void {
    this.catchUps.start(onlineMembers(this.components), false)
  }

  /** pause / resume / cancel of the running rollout; throws DeploymentControlError when it cannot. */
  async control (action: ControlAction, id: string, actor: string): Promise<void> {
    const deployment = this.running?.id === id ? this.running : undefined
    if (deployment == null) {
      throw new DeploymentControlError(`deployment ${id} is not running`)
    }
    if (action === 'pause') {
      await deployment.pause()
    } else if (action === 'resume') {
      await deployment.resume()
    } else {
      await deployment.cancel(actor)
    }
  }

  /** A member was removed from the fleet: the rollout and its catch-up drop it; returns the ids of those that did. */
  removed (peerId: string, reason: string): string[] {
    return [this.running, this.catchUps.of(peerId)]
      .filter((deployment): deployment is Deployment => deployment?.drop(peerId, reason) === true)
      .map(deployment => deployment.id)
  }

  /**
   * A member's state in the deployment (or catch-up) running now, for status;
   * for an offline member nothing serves now, the state it was left in (its
   * newest unfinished row): the status shows it as its last known state.
   */
  nodeState (peerId: string): { id: string, state: NodeStateType, reason: string } | undefined {
    const deployment = this.running?.nodes.has(peerId) === true ? this.running : this.catchUps.of(peerId)
    const node = deployment?.nodes.get(peerId)
    if (deployment != null && node != null) {
      return { id: deployment.id, state: node.state, reason: node.reason }
    }
    if (this.components.channels.has(peerId)) {
      return undefined
    }
    const last = this.components.database.listMemberNodes(peerId)[0]
    return last == null || isTerminal(last.state) ? undefined : { id: last.deploymentId, state: last.state, reason: last.reason }
  }

  /**
   * After a restart: a deployment that was running resumes from its record;
   * one whose upload was cut off cannot (the admin must publish again).
   */
  async resumeInterrupted (): Promise<void> {
    const db = this.components.database
    const members = new Map(db.listMembers().map(member => [member.peerId, member]))
    for (const record of db.listDeployments()) {
      if (record.state === DeploymentState.uploading) {
        db.updateDeployment(record.id, { state: DeploymentState.failed, reason: 'the host restarted during the upload', finishedAt: Date.now() })
        continue
      }
      if (record.state !== DeploymentState.running) {
        continue
      }
      try {
        const manifest = await decodeSignedManifest(record.signedManifest)
        const store = await ChunkStore.open(this.packageDir(record.id), manifest)
        if (!store.complete) {
          throw new Error('the buffered package is incomplete')
        }
        const saved = db.listDeploymentNodes(record.id).filter(node => node.catchUp !== true)
        const targets = saved.map(node => members.get(node.peerId)).filter((member): member is MemberRecord => member != null)
        const deployment = this.create({
          id: record.id,
          manifest,
          signedManifest: record.signedManifest as Uint8Array<ArrayBuffer>,
          store,
          targets,
          waves: record.waves,
          maxFailures: record.maxFailures,
          channel: record.channel
        })
        this.hold(deployment)
        db.audit('host', 'resume', record.id, 'after a host restart')
        deployment.once('finished', summary => { this.emit('deployment:finished', finishedEvent(deployment, summary, false)) })
        deployment.resumeFromRecord(record, saved)
      } catch (err: any) {
        log.error('cannot resume deployment %s: %e', record.id, err)
        db.updateDeployment(record.id, { state: DeploymentState.failed, reason: `cannot resume after a host restart: ${err.message}`, finishedAt: Date.now() })
      }
    }
  }

  async stop (): Promise<void> {
    await this.active?.stop()
    await this.catchUps.stop()
  }
}
