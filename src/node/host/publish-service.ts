/**
 * `/cascade/publish/1.0.0` on the host: an admin's request is granted or
 * refused (docs/update-flow.md), the package is uploaded within the credit
 * the host grants and buffered on disk, and the deployment starts; the admin
 * watches its plan, progress and summary on the same stream.
 */
import { statfs } from 'node:fs/promises'
import { logger } from '@libp2p/logger'
import { receiveWithinCredit } from '../flow/credit-receiver.js'
import { newDeploymentId, rollbackDeploymentOf } from '../trust/index.js'
import { ChunkStore, compareVersions, decodeSignedManifest, isVersion, parseVersion } from '../package/index.js'
import { boundedPbStream } from '../control-channel.js'
import { DeploymentState, wasDelivered } from '../../state/index.js'
import { STRATEGIES } from './deployment/index.js'
import { PublishRefusedError } from './errors.js'
import { onlineMembers } from './components.js'
import { selectTargets } from './rules.js'
import { ProtocolService } from './protocol-service.js'
import { finishedEvent, startedEvent } from './deployment-events.js'
import { completeWithSites, followSiteProgress } from '../site/site-summary.js'
import { MAX_PUBLISH_FRAME_BYTES, PUBLISH_PROTOCOL, PublishEvent, PublishRequest, UploadChunk, uploadWindow } from '../../protocols/publish/index.js'
import { MAX_STRIPES } from '../../protocols/push/index.js'
import type { HostComponents } from './components.js'
import type { HostEvents } from './index.js'
import type { Deployment, DistributionStrategy } from './deployment/index.js'
import type { VerifiedManifest } from '../package/index.js'
import type { MemberRecord } from './database.js'
import type { Connection, PeerId, Stream } from '@libp2p/interface'
import type { ProtobufStream } from '@libp2p/utils'

const log = logger('cascade:host:publish')

/** Room to leave on the host's disk beyond the package itself. */
const DISK_HEADROOM_BYTES = 64 * 1024 * 1024

/** A rollout in more steps than this is not a plan a person can follow. */
const MAX_WAVES = 20

/** How long an admin has to send its request, and then each upload frame. */
const REQUEST_TIMEOUT_MS = 30_000
const UPLOAD_IDLE_TIMEOUT_MS = 60_000

/** Refused requests name at most this many excluded members, then "+N more". */
const EXCLUDED_SHOWN = 3

export type PublishServiceEvents = Pick<HostEvents, 'refused' | 'deployment:started' | 'deployment:finished'>

/** One deployment at a time. */
export class PublishService extends ProtocolService<HostComponents, PublishServiceEvents> {
  constructor (components: HostComponents) {
    super(components, PUBLISH_PROTOCOL, 'publish')
  }

  /**
   * The members this update goes to: online ones matching the request's
   * selector whose groups' rules admit it (docs/fleet-rules.md). Members
   * outside the selection neither receive nor relay it: their bandwidth and
   * disk are not spent on an update they may not even be allowed to hold.
   */
  private selectTargets (request: PublishRequest, manifest: VerifiedManifest): { targets: MemberRecord[], excluded: Array<{ peerId: string, reason: string }> } {
    return selectTargets(onlineMembers(this.components), {
      target: request.target,
      update: { name: manifest.fields.name, version: manifest.fields.version, channel: request.channel }
    }, this.components.rules.policy())
  }

  /** Checks waves (cumulative fractions, increasing, ending at 1) and the failure threshold. */
  private validateRollout (request: PublishRequest): void {
    if (request.strategy !== '' && !STRATEGIES.includes(request.strategy as DistributionStrategy)) {
      throw new PublishRefusedError(`unknown strategy "${request.strategy}" (${STRATEGIES.join(', ')})`)
    }
    if (request.stripes > MAX_STRIPES) {
      throw new PublishRefusedError(`at most ${MAX_STRIPES} stripes`)
    }
    const waves = request.waves
    if (waves.length > MAX_WAVES) {
      throw new PublishRefusedError(`at most ${MAX_WAVES} waves`)
    }
    for (let i = 0; i < waves.length; i++) {
      if (!(waves[i] > 0 && waves[i] <= 1) || (i > 0 && waves[i] <= waves[i - 1])) {
        throw new PublishRefusedError('waves must be increasing fractions of the fleet, each in (0, 1], e.g. 10%,50%,100%')
      }
    }
    if (waves.length > 0 && waves[waves.length - 1] !== 1) {
      throw new PublishRefusedError('the last wave must be 100%')
    }
    if (!(request.maxFailures >= 0 && request.maxFailures <= 1)) {
      throw new PublishRefusedError('max failures must be a fraction between 0% and 100%')
    }
  }

  /**
   * What "the fleet runs", for the not-newer check: the newest version this
   * host itself delivered of this package, or else what at least half of the
   * targets report (one member reporting "99999" must not block every release).
   */
  private fleetVersion (name: string, targets: MemberRecord[]): string | undefined {
    const delivered = this.components.database.listDeploymentsBrief()
      .filter(d => d.name === name && d.startedAt > 0 && wasDelivered(d.state))
      .map(d => d.version)
      .filter(isVersion)
    // a member with no release, or one that is not a version, counts as the oldest
    const reported = targets.map(t => isVersion(t.version) ? t.version : '').sort((a, b) => a === '' ? -1 : b === '' ? 1 : compareVersions(a, b))
    const median = reported[Math.floor((reported.length - 1) / 2)]
    return [...delivered, ...(median == null || median === '' ? [] : [median])].sort(compareVersions).at(-1)
  }

  /**
   * With a root of trust: the release is signed by the publishers' threshold
   * (so a publish below it never starts: `cascade sign` adds signatures),
   * and a rollback's deployment id is still unused.
   */
  private checkTrust (manifest: VerifiedManifest): void {
    const trust = this.components.trust
    if (trust == null) {
      return
    }
    let release
    try {
      release = trust.checkRelease(manifest)
    } catch (err: any) {
      throw new PublishRefusedError(err.message)
    }
    if (release.rollbackDeployment != null && this.components.database.getDeployment(release.rollbackDeployment) != null) {
      throw new PublishRefusedError(`the rollback is signed for deployment ${release.rollbackDeployment}, which already ran: a signed rollback runs once (prepare a new one)`)
    }
  }

  /** Grants the request, or throws PublishRefusedError with the reason. */
  private async grant (peer: PeerId, manifest: VerifiedManifest, targets: MemberRecord[]): Promise<void> {
    const admins = this.components.admins
    if (!admins.has(peer.toString())) {
      throw new PublishRefusedError(`peer ${peer.toString()} is not an authorized admin`)
    }
    if (!admins.has(manifest.publisher)) {
      throw new PublishRefusedError(`publisher ${manifest.publisher} is not authorized on this host`)
    }
    this.checkTrust(manifest)
    const running = this.components.deployments.running
    if (running != null) {
      throw new PublishRefusedError(`deployment ${running.id} is still running`)
    }
    if (targets.length === 0) {
      throw new PublishRefusedError('no online nodes to update')
    }
    const version = manifest.fields.version
    try {
      parseVersion(version)
    } catch (err: any) {
      // what cannot be ordered cannot be checked for "newer" (docs/versions.md)
      throw new PublishRefusedError(`version ${err.message as string}`)
    }
    const fleetVersion = this.fleetVersion(manifest.fields.name, targets)
    if (fleetVersion != null && compareVersions(version, fleetVersion) <= 0 && !manifest.fields.rollback) {
      throw new PublishRefusedError(`version ${version} is not newer than ${fleetVersion}, which the fleet runs`)
    }
    const disk = await statfs(this.components.config.dataDir)
    const free = disk.bavail * disk.bsize
    if (manifest.fields.size + DISK_HEADROOM_BYTES > free) {
      throw new PublishRefusedError(`package too large for the host's disk (${manifest.fields.size} bytes, ${free} free)`)
    }
  }

  async handle (stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer
    const pb = boundedPbStream(stream, MAX_PUBLISH_FRAME_BYTES)
    let request: PublishRequest
    let manifest: VerifiedManifest
    let targets: MemberRecord[]
    let unreadable: Error | undefined
    try {
      // before reading anything large: only admins may send a publish request
      if (!this.components.admins.has(peer.toString())) {
        throw new PublishRefusedError(`peer ${peer.toString()} is not an authorized admin`)
      }
      try {
        request = await pb.read(PublishRequest, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
        manifest = await decodeSignedManifest(request.signedManifest)
      } catch (err: any) {
        unreadable = err
        throw new PublishRefusedError(`unreadable publish request: ${err.message}`)
      }
      const selection = this.selectTargets(request, manifest)
      targets = selection.targets
      this.validateRollout(request)
      if (targets.length === 0 && selection.excluded.length > 0) {
        const shown = selection.excluded.slice(0, EXCLUDED_SHOWN).map(e => `${e.peerId}: ${e.reason}`).join('; ')
        const more = selection.excluded.length > EXCLUDED_SHOWN ? ` (+${selection.excluded.length - EXCLUDED_SHOWN} more)` : ''
        throw new PublishRefusedError(`no online member may receive this update: ${shown}${more}`)
      }
      await this.grant(peer, manifest, targets)
    } catch (err: any) {
      // the protocol edge: every refusal becomes the wire's refusal
      this.refuse(peer, err.message)
      await pb.write({ decision: { granted: false, reason: err.message, deploymentId: '', have: new Uint8Array() } }, PublishEvent).catch(() => {})
      await stream.close().catch(() => {})
      if (unreadable != null) {
        stream.abort(unreadable)
      }
      return
    }
    const started = await this.begin(peer, stream, pb, request, manifest, targets)
    if (started == null) {
      return
    }
    const { deployment, store } = started
    // the admin watches the rollout while its upload is still arriving
    const watching = this.watch(stream, pb, deployment)
    try {
      await this.receiveUpload(pb, store)
      if (!await store.verifyWhole()) {
        throw new PublishRefusedError('the uploaded package does not hash to its manifest')
      }
      deployment.uploaded()
    } catch (err: any) {
      log('upload of deployment %s failed: %e', deployment.id, err)
      this.refuse(peer, `upload of deployment ${deployment.id} failed: ${err.message}`)
      deployment.uploadFailed(err.message)
      await deployment.stop().catch(() => {})
      this.components.deployments.release(deployment.id)
      stream.abort(err)
    }
    await watching
  }

  /**
   * Records the deployment, grants the upload and starts the rollout at once:
   * the host seeds each chunk as it arrives (docs/update-flow.md, "Upload").
   * Undefined when the grant could not be given.
   */
  private async begin (peer: PeerId, stream: Stream, pb: ProtobufStream<Stream>, request: PublishRequest, manifest: VerifiedManifest, targets: MemberRecord[]): Promise<{ deployment: Deployment, store: ChunkStore } | undefined> {
    const { database, deployments } = this.components
    // a signed rollback runs as the one deployment it names (docs/security.md)
    const id = rollbackDeploymentOf(manifest) ?? newDeploymentId()
    let store: ChunkStore | undefined
    try {
      store = await ChunkStore.open(deployments.packageDir(id), manifest)
      database.insertDeployment({
        id,
        name: manifest.fields.name,
        version: manifest.fields.version,
        manifestId: manifest.id,
        signedManifest: request.signedManifest,
        publisher: manifest.publisher,
        state: DeploymentState.uploading,
        createdAt: Date.now(),
        target: request.target,
        channel: request.channel,
        waves: request.waves,
        maxFailures: request.maxFailures
      })
      database.audit(peer.toString(), 'publish', id, `${manifest.fields.name} ${manifest.fields.version} (${manifest.fields.size} bytes) to ${targets.length} nodes${request.target === '' ? '' : ` matching ${request.target}`}${request.waves.length > 0 ? ` in waves ${request.waves.map(w => `${Math.round(w * 100)}%`).join(',')}` : ''}`)
      log('granted %s %s to %p as deployment %s', manifest.fields.name, manifest.fields.version, peer, id)
      const deployment = deployments.create({
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
      deployments.hold(deployment)
      await pb.write({ decision: { granted: true, reason: '', deploymentId: id, have: store.bitmap() as Uint8Array<ArrayBuffer> }, credit: { chunks: uploadWindow(manifest.fields.chunkSize) } }, PublishEvent)
      deployment.once('finished', summary => { this.emit('deployment:finished', finishedEvent(deployment, summary, false)) })
      this.emit('deployment:started', startedEvent(deployment, peer.toString(), request.waves, false))
      deployment.start({ uploading: true })
      return { deployment, store }
    } catch (err: any) {
      this.refuse(peer, `upload of deployment ${id} failed: ${err.message}`)
      database.updateDeployment(id, { state: DeploymentState.failed, reason: `upload failed: ${err.message}`, finishedAt: Date.now() })
      deployments.release(id)
      await store?.close().catch(() => {})
      stream.abort(err)
      return undefined
    }
  }

  /** The admin's chunks, within the credit we grant: the host buffers the package on disk first. */
  private async receiveUpload (pb: ProtobufStream<Stream>, store: ChunkStore): Promise<void> {
    await receiveWithinCredit({
      done: () => store.complete,
      next: async () => pb.read(UploadChunk, { signal: AbortSignal.timeout(UPLOAD_IDLE_TIMEOUT_MS) }),
      store: async (chunk) => { await store.put(chunk.index, chunk.data) },
      grant: async (chunks) => { await pb.write({ credit: { chunks } }, PublishEvent) }
    })
  }

  /** The admin watches on this stream; the deployment goes on without it. */
  private async watch (stream: Stream, pb: ProtobufStream<Stream>, deployment: Deployment): Promise<void> {
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
    // the members of the sites below, from their reports (docs/hierarchy.md)
    const unfollow = followSiteProgress(this.components, deployment.id, progress => { forward({ progress }) })
    const summary = await completeWithSites(this.components, await deployment.done())
    unfollow()
    forward({ summary })
    await stream.close().catch(() => {})
  }
}
