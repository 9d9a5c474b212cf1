import { randomBytes } from 'node:crypto'
import { statfs } from 'node:fs/promises'
import { join } from 'node:path'
import { logger } from '@libp2p/logger'
import { ChunkStore, compareVersions, decodeSignedManifest } from '../package/index.js'
import { boundedPbStream } from '../control-channel.js'
import { DEFAULT_MAX_FANOUT } from '../../tree/index.js'
import { Deployment } from './deployment.js'
import { STRATEGIES } from './deployment.js'
import type { DeploymentInit, DistributionStrategy } from './deployment.js'
import { allowedUpdates, selectTargets } from './rules.js'
import { RulesStore } from './rules-store.js'
import { MAX_PUBLISH_FRAME_BYTES, PUBLISH_PROTOCOL, PublishEvent, PublishRequest, UPLOAD_WINDOW_CHUNKS, UploadChunk } from '../../protocols/publish/index.js'
import { MAX_STRIPES } from '../../protocols/push/index.js'
import type { ControlChannel } from '../control-channel.js'
import type { CascadeLibp2p } from '../libp2p.js'
import type { VerifiedManifest } from '../package/index.js'
import type { UploadLimiter } from '../upload-limiter.js'
import type { DeploymentRecord, HostDatabase, MemberRecord } from './database.js'
import type { HostMessage, NodeMessage } from '../../protocols/join/index.js'
import type { Connection, PeerId, PrivateKey, Stream } from '@libp2p/interface'
import type { ProtobufStream } from '@libp2p/utils'

const log = logger('cascade:host:publish')

/** Buffered packages live here, one folder per deployment. */
export const DEPLOYMENTS_DIR = 'deployments'

/** Room to leave on the host's disk beyond the package itself. */
const DISK_HEADROOM_BYTES = 64 * 1024 * 1024

/** A rollout in more steps than this is not a plan a person can follow. */
const MAX_WAVES = 20

/** How long an admin has to send its request, and then each upload frame. */
const REQUEST_TIMEOUT_MS = 30_000
const UPLOAD_IDLE_TIMEOUT_MS = 60_000

export class PublishRefusedError extends Error {
  static override readonly name = 'PublishRefusedError'
  override readonly name = 'PublishRefusedError'
}

export interface PublishServiceInit {
  dataDir: string
  db: HostDatabase
  libp2p: CascadeLibp2p
  limiter: UploadLimiter
  hostKey: PrivateKey
  admins: Set<string>
  onlineMembers(): MemberRecord[]
  channelOf(peerId: string): ControlChannel<NodeMessage, HostMessage> | undefined
  /** bytes/s the host can upload, for the planner */
  hostUpload(): number
  refuse(peer: PeerId, protocol: string, reason: string): void
  maxFanout?: number
  stallTimeoutMs?: number
  maxAttempts?: number
}

/** `/cascade/publish/1.0.0` on the host: one deployment at a time. */
export class PublishService {
  private readonly init: PublishServiceInit
  active?: Deployment

  constructor (init: PublishServiceInit) {
    this.init = init
  }

  /**
   * The members this update goes to: online ones matching the request's
   * selector (seed 003) whose groups' rules admit it (seed 002). Members
   * outside the selection neither receive nor relay it: their bandwidth and
   * disk are not spent on an update they may not even be allowed to hold.
   */
  private selectTargets (request: PublishRequest, manifest: VerifiedManifest): { targets: MemberRecord[], excluded: Array<{ peerId: string, reason: string }> } {
    const policy = new RulesStore(this.init.db.db).policy()
    return selectTargets(this.init.onlineMembers(), {
      target: request.target,
      update: { name: manifest.fields.name, version: manifest.fields.version, channel: request.channel }
    }, policy)
  }

  /** Checks waves (cumulative fractions, increasing, ending at 1) and the failure threshold. */
  private validateRollout (request: PublishRequest): string | undefined {
    if (request.strategy !== '' && !STRATEGIES.includes(request.strategy as DistributionStrategy)) {
      return `unknown strategy "${request.strategy}" (${STRATEGIES.join(', ')})`
    }
    if (request.stripes > MAX_STRIPES) {
      return `at most ${MAX_STRIPES} stripes`
    }
    const waves = request.waves
    if (waves.length > MAX_WAVES) {
      return `at most ${MAX_WAVES} waves`
    }
    for (let i = 0; i < waves.length; i++) {
      if (!(waves[i] > 0 && waves[i] <= 1) || (i > 0 && waves[i] <= waves[i - 1])) {
        return 'waves must be increasing fractions of the fleet, each in (0, 1], e.g. 10%,50%,100%'
      }
    }
    if (waves.length > 0 && waves[waves.length - 1] !== 1) {
      return 'the last wave must be 100%'
    }
    if (!(request.maxFailures >= 0 && request.maxFailures <= 1)) {
      return 'max failures must be a fraction between 0% and 100%'
    }
    return undefined
  }

  /**
   * What "the fleet runs", for the not-newer check: the newest version this
   * host itself delivered of this package, or else what at least half of the
   * targets report (one member reporting "99999" must not block every release).
   */
  private fleetVersion (name: string, targets: MemberRecord[]): string | undefined {
    const delivered = this.init.db.listDeploymentsBrief()
      .filter(d => d.name === name && d.startedAt > 0 && (d.state === 'succeeded' || d.state === 'failed' || d.state === 'stopped'))
      .map(d => d.version)
    // a member with no release counts as the oldest
    const reported = targets.map(t => t.version).sort((a, b) => a === '' ? -1 : b === '' ? 1 : compareVersions(a, b))
    const median = reported[Math.floor((reported.length - 1) / 2)]
    return [...delivered, ...(median == null || median === '' ? [] : [median])].sort(compareVersions).at(-1)
  }

  /** Why this request must be refused, or undefined to grant it (seed 000: the host grants or refuses). */
  private async refusal (peer: PeerId, manifest: VerifiedManifest, targets: MemberRecord[]): Promise<string | undefined> {
    if (!this.init.admins.has(peer.toString())) {
      return `peer ${peer.toString()} is not an authorized admin`
    }
    if (!this.init.admins.has(manifest.publisher)) {
      return `publisher ${manifest.publisher} is not authorized on this host`
    }
    if (this.active != null && !this.active.finished) {
      return `deployment ${this.active.id} is still running`
    }
    if (targets.length === 0) {
      return 'no online nodes to update'
    }
    const version = manifest.fields.version
    const fleetVersion = this.fleetVersion(manifest.fields.name, targets)
    if (fleetVersion != null && compareVersions(version, fleetVersion) <= 0 && !manifest.fields.rollback) {
      return `version ${version} is not newer than ${fleetVersion}, which the fleet runs`
    }
    const disk = await statfs(this.init.dataDir)
    const free = disk.bavail * disk.bsize
    if (manifest.fields.size + DISK_HEADROOM_BYTES > free) {
      return `package too large for the host's disk (${manifest.fields.size} bytes, ${free} free)`
    }
    return undefined
  }

  async handle (stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer
    const pb = boundedPbStream(stream, MAX_PUBLISH_FRAME_BYTES)
    const refuse = async (reason: string): Promise<void> => {
      this.init.refuse(peer, PUBLISH_PROTOCOL, reason)
      await pb.write({ decision: { granted: false, reason, deploymentId: '', have: new Uint8Array() } }, PublishEvent).catch(() => {})
      await stream.close().catch(() => {})
    }
    // before reading anything large: only admins may send a publish request
    if (!this.init.admins.has(peer.toString())) {
      await refuse(`peer ${peer.toString()} is not an authorized admin`)
      return
    }
    let request: PublishRequest
    let manifest: VerifiedManifest
    try {
      request = await pb.read(PublishRequest, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
      manifest = await decodeSignedManifest(request.signedManifest)
    } catch (err: any) {
      await refuse(`unreadable publish request: ${err.message}`)
      stream.abort(err)
      return
    }
    let targets: MemberRecord[]
    let excluded: Array<{ peerId: string, reason: string }>
    try {
      ({ targets, excluded } = this.selectTargets(request, manifest))
    } catch (err: any) {
      await refuse(err.message)
      return
    }
    const reason = this.validateRollout(request) ?? (targets.length === 0 && excluded.length > 0
      ? `no online member may receive this update: ${excluded.slice(0, 3).map(e => `${e.peerId}: ${e.reason}`).join('; ')}${excluded.length > 3 ? ` (+${excluded.length - 3} more)` : ''}`
      : await this.refusal(peer, manifest, targets))
    if (reason != null) {
      await refuse(reason)
      return
    }

    const id = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`
    let store: ChunkStore | undefined
    let deployment: Deployment
    try {
      store = await ChunkStore.open(join(this.init.dataDir, DEPLOYMENTS_DIR, id), manifest)
      this.init.db.insertDeployment({
        id,
        name: manifest.fields.name,
        version: manifest.fields.version,
        manifestId: manifest.id,
        signedManifest: request.signedManifest,
        publisher: manifest.publisher,
        state: 'uploading',
        createdAt: Date.now(),
        target: request.target,
        channel: request.channel,
        waves: request.waves,
        maxFailures: request.maxFailures
      })
      this.init.db.audit(peer.toString(), 'publish', id, `${manifest.fields.name} ${manifest.fields.version} (${manifest.fields.size} bytes) to ${targets.length} nodes${request.target === '' ? '' : ` matching ${request.target}`}${request.waves.length > 0 ? ` in waves ${request.waves.map(w => `${Math.round(w * 100)}%`).join(',')}` : ''}`)
      log('granted %s %s to %p as deployment %s', manifest.fields.name, manifest.fields.version, peer, id)
      deployment = this.newDeployment({
        id,
        manifest,
        signedManifest: request.signedManifest,
        store,
        targets,
        maxFanout: request.maxFanout > 0 ? request.maxFanout : undefined,
        waves: request.waves,
        maxFailures: request.maxFailures,
        channel: request.channel,
        strategy: request.strategy === '' ? undefined : request.strategy as DistributionStrategy,
        stripes: request.stripes > 0 ? request.stripes : undefined
      })
      // held while the upload runs, so a second admin is refused; released on any failure below
      const previous = this.active
      this.active = deployment
      void previous?.stop()
      await pb.write({ decision: { granted: true, reason: '', deploymentId: id, have: store.bitmap() as Uint8Array<ArrayBuffer> }, credit: { chunks: UPLOAD_WINDOW_CHUNKS } }, PublishEvent)
      await this.receiveUpload(pb, store)
      if (!await store.verifyWhole()) {
        throw new PublishRefusedError('the uploaded package does not hash to its manifest')
      }
      deployment.start()
    } catch (err: any) {
      this.init.refuse(peer, PUBLISH_PROTOCOL, `upload of deployment ${id} failed: ${err.message}`)
      this.init.db.updateDeployment(id, { state: 'failed', reason: `upload failed: ${err.message}`, finishedAt: Date.now() })
      if (this.active?.id === id) {
        this.active = undefined
      }
      await store?.close().catch(() => {})
      stream.abort(err)
      return
    }

    // the admin watches on this stream; the deployment goes on without it
    const forward = (event: PublishEvent): void => {
      if (stream.status === 'open') {
        pb.write(event, PublishEvent).catch(() => {})
      }
    }
    deployment.on('progress', progress => { forward({ progress }) })
    deployment.on('plan', plan => { forward({ plan }) })
    if (deployment.plan != null) {
      forward({ plan: deployment.describePlan() })
    }
    const summary = await deployment.done()
    forward({ summary })
    await stream.close().catch(() => {})
  }

  /** The admin's chunks, within the credit we grant: the host buffers the package on disk first (seed 000). */
  private async receiveUpload (pb: ProtobufStream<Stream>, store: ChunkStore): Promise<void> {
    while (!store.complete) {
      const chunk = await pb.read(UploadChunk, { signal: AbortSignal.timeout(UPLOAD_IDLE_TIMEOUT_MS) })
      await store.put(chunk.index, chunk.data)
      if (!store.complete) {
        await pb.write({ credit: { chunks: 1 } }, PublishEvent)
      }
    }
  }

  /**
   * After a restart: a deployment that was running resumes from its record;
   * one whose upload was cut off cannot (the admin must publish again).
   */
  async resumeInterrupted (members: MemberRecord[]): Promise<void> {
    for (const record of this.init.db.listDeployments()) {
      if (record.state === 'uploading') {
        this.init.db.updateDeployment(record.id, { state: 'failed', reason: 'the host restarted during the upload', finishedAt: Date.now() })
        continue
      }
      if (record.state !== 'running') {
        continue
      }
      try {
        const manifest = await decodeSignedManifest(record.signedManifest)
        const store = await ChunkStore.open(join(this.init.dataDir, DEPLOYMENTS_DIR, record.id), manifest)
        if (!store.complete) {
          throw new Error('the buffered package is incomplete')
        }
        const saved = this.init.db.listDeploymentNodes(record.id)
        const targets = saved.map(node => members.find(member => member.peerId === node.peerId)).filter((member): member is MemberRecord => member != null)
        const deployment = this.newDeployment({
          id: record.id,
          manifest,
          signedManifest: record.signedManifest as Uint8Array<ArrayBuffer>,
          store,
          targets,
          waves: record.waves,
          maxFailures: record.maxFailures,
          channel: record.channel
        })
        this.active = deployment
        this.init.db.audit('host', 'resume', record.id, 'after a host restart')
        deployment.resumeFromRecord(record, saved)
      } catch (err: any) {
        log.error('cannot resume deployment %s: %s', record.id, err.message)
        this.init.db.updateDeployment(record.id, { state: 'failed', reason: `cannot resume after a host restart: ${err.message}`, finishedAt: Date.now() })
      }
    }
  }

  /** A deployment wired to this host: its libp2p, limits, channels, and the rules as they stand at each authorization. */
  private newDeployment (options: Pick<DeploymentInit, 'id' | 'manifest' | 'signedManifest' | 'store' | 'targets' | 'waves' | 'maxFailures' | 'catchUp' | 'source' | 'strategy' | 'stripes'> & { maxFanout?: number, channel: string }): Deployment {
    return new Deployment({
      ...options,
      libp2p: this.init.libp2p,
      limiter: this.init.limiter,
      db: this.init.db,
      hostKey: this.init.hostKey,
      hostUpload: this.init.hostUpload(),
      maxFanout: options.maxFanout ?? this.init.maxFanout ?? DEFAULT_MAX_FANOUT,
      channelOf: this.init.channelOf,
      addrsOf: (peerId) => this.init.db.getMember(peerId)?.addrs,
      stallTimeoutMs: this.init.stallTimeoutMs,
      maxAttempts: this.init.maxAttempts,
      refusal: (peerId) => this.ruleRefusal(peerId, options.manifest, options.channel)
    })
  }

  /** Why the rules refuse `peerId` this update now, or undefined (seed 002: checked at every authorization). */
  private ruleRefusal (peerId: string, manifest: VerifiedManifest, channel: string): string | undefined {
    const member = this.init.db.getMember(peerId)
    if (member == null) {
      return 'not a member'
    }
    const decision = allowedUpdates(member, { name: manifest.fields.name, version: manifest.fields.version, channel }, new RulesStore(this.init.db.db).policy())
    return decision.allowed ? undefined : decision.reason
  }

  /** pause / resume / cancel of the running deployment (the admin service audits them). */
  readonly control = {
    pause: async (id: string): Promise<string | undefined> => this.running(id)?.pause() ?? `deployment ${id} is not running`,
    resume: async (id: string): Promise<string | undefined> => this.running(id)?.resume() ?? `deployment ${id} is not running`,
    cancel: async (id: string, actor: string): Promise<string | undefined> => this.running(id)?.cancel(actor) ?? `deployment ${id} is not running`
  }

  /** A member's state in the deployment (or catch-up) running now, for status. */
  nodeState (peerId: string): { id: string, state: string, reason: string } | undefined {
    const deployment = this.active != null && !this.active.finished && this.active.nodes.has(peerId) ? this.active : this.catchUps.get(peerId)
    const node = deployment?.nodes.get(peerId)
    return deployment == null || node == null ? undefined : { id: deployment.id, state: node.state, reason: node.reason }
  }

  /** catch-ups running now, by the late node's peer id */
  private readonly catchUps = new Map<string, Deployment>()

  /** The deployment a node's message about `deploymentId` belongs to. */
  deploymentFor (deploymentId: string, peerId: string): Deployment | undefined {
    if (this.active?.id === deploymentId && this.active.nodes.has(peerId)) {
      return this.active
    }
    const catchUp = this.catchUps.get(peerId)
    return catchUp?.id === deploymentId ? catchUp : undefined
  }

  /**
   * Catch-up (seed 001: re-notify clients that have not taken the update): a
   * member that (re)joins on an older version than the newest finished
   * deployment meant for it (its target selector and the rules, as now) gets
   * that release, from a member that already runs it where one is online,
   * else from the host's buffer.
   */
  async catchUp (member: MemberRecord): Promise<void> {
    const running = this.catchUps.get(member.peerId)
    if (running != null) {
      running.onJoin(member.peerId, member.version)
      return
    }
    if (this.active != null && !this.active.finished && this.active.nodes.has(member.peerId)) {
      return
    }
    const policy = new RulesStore(this.init.db.db).policy()
    for (const brief of this.init.db.listDeploymentsBrief()) {
      if (!['succeeded', 'failed', 'stopped'].includes(brief.state)) {
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
        return
      }
      const record = this.init.db.getDeployment(brief.id)
      if (record != null) {
        await this.startCatchUp(record, member)
      }
      return
    }
  }

  private async startCatchUp (record: DeploymentRecord, member: MemberRecord): Promise<void> {
    const manifest = await decodeSignedManifest(record.signedManifest)
    const store = await ChunkStore.open(join(this.init.dataDir, DEPLOYMENTS_DIR, record.id), manifest)
    if (!store.complete) {
      await store.close()
      return
    }
    const online = new Set(this.init.onlineMembers().filter(m => m.version === record.version).map(m => m.peerId))
    const source = this.init.db.listDeploymentNodes(record.id).find(node => node.state === 'done' && online.has(node.peerId))?.peerId
    const deployment = this.newDeployment({
      id: record.id,
      manifest,
      signedManifest: record.signedManifest as Uint8Array<ArrayBuffer>,
      store,
      targets: [member],
      channel: record.channel,
      catchUp: true,
      source
    })
    this.catchUps.set(member.peerId, deployment)
    this.init.db.audit('host', 'catch-up', record.id, `${member.peerId} from ${member.version === '' ? 'no release' : member.version} to ${record.version}${source == null ? ' from the host' : ` relayed by ${source}`}`)
    log('catching %s up to %s (deployment %s)', member.peerId, record.version, record.id)
    deployment.once('finished', summary => {
      this.catchUps.delete(member.peerId)
      void deployment.stop()
      const node = summary.nodes[0]
      this.init.db.audit('host', 'catch-up finished', record.id, `${member.peerId}: ${node?.state ?? 'unknown'}${node?.reason != null && node.reason !== '' ? ` (${node.reason})` : ''}`)
    })
    deployment.start()
  }

  private running (id: string): Deployment | undefined {
    return this.active?.id === id && !this.active.finished ? this.active : undefined
  }

  async stop (): Promise<void> {
    await this.active?.stop()
    await Promise.allSettled([...this.catchUps.values()].map(async deployment => deployment.stop()))
  }
}
