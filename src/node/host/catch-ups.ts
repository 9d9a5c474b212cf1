/**
 * Catch-ups (docs/operations.md, "Nodes that were away during a release"): a
 * member that (re)joins on an older version than the newest delivered
 * deployment meant for it (its target selector and the rules, as now) gets
 * that release apart from any rollout, from the fastest member online that
 * already runs it, else from the host's buffer.
 *
 * Members that need the same release are caught up together: one catch-up
 * deployment for all that (re)join within CATCH_UP_QUIET_MS of each other
 * (CATCH_UP_GATHER_MAX_MS at most), planned as a tree among them. A fleet that comes back at once (a shop's
 * devices switched on in the morning, a site's members after the site
 * restarted) then relays the release among itself, where one catch-up each
 * would have taken it from one uplink, each device its own copy.
 */
import { EventEmitter } from 'node:events'
import { logger } from '@libp2p/logger'
import { ChunkStore, compareVersions, decodeSignedManifest } from '../package/index.js'
import { isVersion } from '../package/version.js'
import { NodeState, isTerminal, wasDelivered } from '../../state/index.js'
import { onlineMembers } from './components.js'
import { selectTargets } from './rules.js'
import { finishedEvent, startedEvent } from './deployment-events.js'
import type { DeploymentEventMap } from './deployment-events.js'
import type { CoreComponents } from './components.js'
import type { Deployment } from './deployment/index.js'
import type { DeploymentRecord, MemberRecord } from './database.js'
import type { NewDeployment } from './running-deployments.js'

const log = logger('cascade:host:catch-up')

/**
 * A member that needs a release waits this long for others that need it
 * too, from the last one that came: nodes that lost their host retry within
 * a few seconds of each other (src/node/client/host-link.ts spreads them
 * over its backoff window), so a fleet coming back gathers in a few
 * batches. One late node alone starts this much later than it would have,
 * a small part of a catch-up that ends in an install and a restart.
 */
export const CATCH_UP_QUIET_MS = 2_000

/** ...and at most this long from the first: a steady trickle of joins still starts every few seconds. */
export const CATCH_UP_GATHER_MAX_MS = 10_000

/** A member's reported version for the audit: one that is not a version (docs/versions.md) says so. */
export function describeVersion (version: string): string {
  return version === '' ? 'no release' : isVersion(version) ? version : `"${version}" (not a version)`
}

/**
 * What the catch-ups use of the host's deployments: the rollout (the members
 * it serves are not caught up apart), where packages are buffered, and how a
 * deployment is wired to this host.
 */
export interface HostDeployments {
  readonly running: Deployment | undefined
  packageDir: (id: string) => string
  create: (options: NewDeployment) => Deployment
}

/** Members gathered for one release's catch-up, and the timer that starts it. */
interface Gathering {
  record: DeploymentRecord
  members: Map<string, MemberRecord>
  firstAt: number
  timer?: ReturnType<typeof setTimeout>
}

/** Announces each catch-up's start and end (`catchUp` set). */
export class CatchUps extends EventEmitter<DeploymentEventMap> {
  private readonly components: CoreComponents
  private readonly deployments: HostDeployments
  /** catch-ups running now, by the peer id of each late node in them */
  private readonly running = new Map<string, Deployment>()
  /** members waiting for their catch-up to start, by the deployment id of the release they need */
  private readonly gathering = new Map<string, Gathering>()

  constructor (components: CoreComponents, deployments: HostDeployments) {
    super()
    this.components = components
    this.deployments = deployments
  }

  /** The catch-up serving `peerId` now. */
  of (peerId: string): Deployment | undefined {
    return this.running.get(peerId)
  }

  /** Whether `peerId` is being caught up, or waits for its catch-up to start. */
  has (peerId: string): boolean {
    return this.running.has(peerId) || [...this.gathering.values()].some(batch => batch.members.has(peerId))
  }

  /**
   * Catches up each of `members` that needs it: with the others that need
   * the same release and join soon after (`gather`: one member joined), or
   * at once (members that were waiting for a rollout to
   * end, or for a site to hold a release: they are all here already).
   */
  start (members: MemberRecord[], gather: boolean): void {
    const batches = new Set<string>()
    for (const member of members) {
      if (this.has(member.peerId) || this.deployments.running?.nodes.has(member.peerId) === true) {
        continue
      }
      const record = this.releaseFor(member)
      if (record == null) {
        continue
      }
      let batch = this.gathering.get(record.id)
      if (batch == null) {
        batch = { record, members: new Map(), firstAt: Date.now() }
        this.gathering.set(record.id, batch)
      }
      batch.members.set(member.peerId, member)
      batches.add(record.id)
      if (gather) {
        const id = record.id
        clearTimeout(batch.timer)
        batch.timer = setTimeout(() => { this.flush(id) }, Math.max(0, Math.min(CATCH_UP_QUIET_MS, batch.firstAt + CATCH_UP_GATHER_MAX_MS - Date.now())))
      }
    }
    if (!gather) {
      for (const id of batches) this.flush(id)
    }
  }

  /**
   * A member left: a catch-up serving it alone has nobody to serve until it
   * comes back (its join starts another). It ends now, its row keeping the
   * state the node was in, with the reason; it is no stall and no failure. A
   * node that leaves to restart after its install is expected back: its
   * re-join with the new version completes the catch-up (the stall watchdog
   * covers a node that never returns). In a catch-up of several the node is
   * served again when it re-joins, as in a rollout.
   */
  left (peerId: string): void {
    const catchUp = this.running.get(peerId)
    const node = catchUp?.nodes.get(peerId)
    if (catchUp == null || node == null || node.state === NodeState.restarting) {
      return
    }
    if ([...catchUp.nodes.values()].some(other => other.peerId !== peerId && !isTerminal(other.state))) {
      log('%s left during its catch-up to %s; the others go on', peerId, catchUp.id)
      return
    }
    this.forget(catchUp)
    void catchUp.stop()
    if (!isTerminal(node.state)) {
      node.reason = `left at ${new Date().toISOString()}; caught up again when it re-joins`
      catchUp.nodes.persist(node)
      this.components.database.audit('host', 'catch-up interrupted', catchUp.id, `${peerId}: went offline while ${node.state}; caught up again when it re-joins`)
      log('catch-up of %s interrupted: it went offline while %s', peerId, node.state)
    }
  }

  async stop (): Promise<void> {
    for (const batch of this.gathering.values()) clearTimeout(batch.timer)
    this.gathering.clear()
    await Promise.allSettled([...new Set(this.running.values())].map(async deployment => deployment.stop()))
  }

  /**
   * The newest delivered deployment meant for `member` (its target selector
   * and the rules, as now), when `member` runs an older version than its.
   */
  private releaseFor (member: MemberRecord): DeploymentRecord | undefined {
    const policy = this.components.rules.policy()
    for (const brief of this.components.database.listDeploymentsBrief()) {
      if (!wasDelivered(brief.state)) {
        continue
      }
      let meant = false
      try {
        meant = selectTargets([member], { target: brief.target, update: { name: brief.name, version: brief.version, channel: brief.channel } }, policy).targets.length === 1
      } catch {}
      if (!meant) {
        continue
      }
      if (member.version !== '' && compareVersions(brief.version, member.version) <= 0) {
        return undefined
      }
      return this.components.database.getDeployment(brief.id)
    }
    return undefined
  }

  /** Starts the catch-up of the members gathered for deployment `id` that are still online and not served. */
  private flush (id: string): void {
    const batch = this.gathering.get(id)
    if (batch == null) {
      return
    }
    clearTimeout(batch.timer)
    this.gathering.delete(id)
    // read again: a member probed while it waited is planned with what was measured
    const members = [...batch.members.keys()]
      .filter(peerId => this.components.channels.has(peerId) && !this.running.has(peerId) && this.deployments.running?.nodes.has(peerId) !== true)
      .map(peerId => this.components.database.getMember(peerId))
      .filter((member): member is MemberRecord => member != null)
    if (members.length > 0) {
      this.begin(batch.record, members).catch((err: Error) => { log.error('catch-up of %d members to %s failed: %e', members.length, id, err) })
    }
  }

  private async begin (record: DeploymentRecord, members: MemberRecord[]): Promise<void> {
    const db = this.components.database
    const manifest = await decodeSignedManifest(record.signedManifest)
    const store = await ChunkStore.open(this.deployments.packageDir(record.id), manifest)
    if (!store.complete) {
      await store.close()
      return
    }
    // the relay: of the members online that took this release and run it, the one with the fastest measured upload
    const holders = new Map(onlineMembers(this.components).filter(m => m.version === record.version).map(m => [m.peerId, m]))
    const source = db.listDeploymentNodes(record.id)
      .filter(node => node.state === NodeState.done)
      .map(node => holders.get(node.peerId))
      .filter((member): member is MemberRecord => member != null)
      .sort((a, b) => b.uploadBps - a.uploadBps)[0]?.peerId
    const deployment = this.deployments.create({
      id: record.id,
      manifest,
      signedManifest: record.signedManifest as Uint8Array<ArrayBuffer>,
      store,
      targets: members,
      channel: record.channel,
      record: 'catch-up',
      source
    })
    for (const member of members) {
      this.running.set(member.peerId, deployment)
      db.audit('host', 'catch-up', record.id, `${member.peerId} from ${describeVersion(member.version)} to ${record.version}${source == null ? ' from the host' : ` relayed by ${source}`}${members.length > 1 ? `, one of ${members.length} caught up together` : ''}`)
    }
    log('catching %d members up to %s (deployment %s)', members.length, record.version, record.id)
    deployment.once('finished', summary => {
      this.forget(deployment)
      void deployment.stop()
      for (const node of summary.nodes) {
        db.audit('host', 'catch-up finished', record.id, `${node.peerId}: ${node.state}${node.reason !== '' ? ` (${node.reason})` : ''}`)
      }
      this.emit('deployment:finished', finishedEvent(deployment, summary, true))
    })
    this.emit('deployment:started', startedEvent(deployment, 'host', [], true))
    deployment.start()
  }

  /** Lets go of every member `deployment` served. */
  private forget (deployment: Deployment): void {
    for (const [peerId, running] of this.running) {
      if (running === deployment) this.running.delete(peerId)
    }
  }
}
