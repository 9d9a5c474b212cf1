import { EventEmitter } from 'node:events'
import { mkdir } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import { logger } from '@libp2p/logger'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { join as joinPath } from 'node:path'
import { AuthorizationPayload, HostMessage, INSTALL_DOMAIN, JOIN_HANDSHAKE_TIMEOUT_MS, JOIN_PROTOCOL, JoinRequest, JoinResponse, MAX_CONTROL_MESSAGE_BYTES, NodeMessage, RECEIPT_DOMAIN, signStatement, verifyStatement } from '../../protocols/join/index.js'
import { PROBE_PROTOCOL, answerProbe } from '../../protocols/probe/index.js'
import { MAX_PUSH_FRAME_BYTES, PUSH_PROTOCOL, PushFrame, PushReply } from '../../protocols/push/index.js'
import { createInstaller } from '../installer/index.js'
import { compareVersions } from '../package/index.js'
import { IncomingDeployment } from './incoming-deployment.js'
import { InstallGate } from './install-gate.js'
import type { InstallClearance } from './install-gate.js'
import type { Installer, InstallOutcome } from '../installer/index.js'
import type { VerifiedManifest } from '../package/index.js'
import type { InstallAuthorization, StateReport } from '../../protocols/join/index.js'
import { ControlChannel, HEARTBEAT_INTERVAL_MS, boundedPbStream } from '../control-channel.js'
import { loadOrCreateIdentity } from '../identity.js'
import { createCascadeLibp2p } from '../libp2p.js'
import { createUploadLimiter } from '../upload-limiter.js'
import type { CascadeNode, CascadeNodeInit, NodeEvents } from './index.js'
import type { CascadeLibp2p } from '../libp2p.js'
import type { UploadLimiter } from '../upload-limiter.js'
import { TimeoutError } from '@libp2p/interface'
import type { Connection, PeerId, PrivateKey, Stream } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'

const log = logger('cascade:node')

export class InvalidHostAddressError extends Error {
  static override readonly name = 'InvalidHostAddressError'
  override readonly name = 'InvalidHostAddressError'
}

/** Backoff between attempts to reach the host: doubles from MIN to MAX. */
const RECONNECT_MIN_MS = 250
const RECONNECT_MAX_MS = 15_000

/** A probe takes two seconds at most; this bounds a stuck one. */
const PROBE_TIMEOUT_MS = 30_000

/**
 * A relay's push can overtake the host's notice of the deployment (they
 * travel on different connections): wait this long for the notice before
 * refusing a push as one the host never started.
 */
const NOTICE_WAIT_MS = 10_000

/** How often progress (bytes received and relayed) is reported to the host. */
const PROGRESS_REPORT_INTERVAL_MS = 500

/** Deployment ids name folders on our disk: the host makes them from base36 time and hex. */
const DEPLOYMENT_ID = /^[a-z0-9][a-z0-9-]{0,63}$/

/** Chunk stores of deployments in progress live here, inside the data dir. */
const INCOMING_DIR = 'incoming'

type HostChannel = ControlChannel<HostMessage, NodeMessage>

/** Parses `--host`: it must name the host's peer id, which pins the host. */
export function parseHostAddress (text: string): { addr: Multiaddr, peerId: PeerId } {
  let addr: Multiaddr
  try {
    addr = multiaddr(text)
  } catch (err: any) {
    throw new InvalidHostAddressError(`--host "${text}" is not a multiaddr: ${err.message}`)
  }
  const peerIdText = addr.getComponents().findLast(component => component.name === 'p2p')?.value
  if (peerIdText == null) {
    throw new InvalidHostAddressError(`--host "${text}" must end in /p2p/<host peer id>, which pins the host`)
  }
  return { addr, peerId: peerIdFromString(peerIdText) }
}

export class CascadeClient extends EventEmitter<NodeEvents> implements CascadeNode {
  private readonly init: CascadeNodeInit
  private readonly hostAddr: Multiaddr
  private readonly hostPeerId: PeerId
  private readonly limiter: UploadLimiter
  private libp2p?: CascadeLibp2p
  private channel?: HostChannel
  private running = false
  private readonly stopController = new AbortController()
  private connectLoop?: Promise<void>
  private privateKey?: PrivateKey
  private installer?: Installer
  private readonly deployments = new Map<string, IncomingDeployment>()
  /** verified deployments whose receipt the host has not answered yet */
  private readonly awaitingAuthorization = new Set<string>()
  private installing?: Promise<void>
  private installGate?: InstallGate
  private progressTimer?: ReturnType<typeof setInterval>
  /** when bytes from the host last arrived on a push or probe stream */
  private hostDataAt = 0

  constructor (init: CascadeNodeInit) {
    super()
    this.init = init
    const { addr, peerId } = parseHostAddress(init.host)
    this.hostAddr = addr
    this.hostPeerId = peerId
    this.limiter = createUploadLimiter(init.uploadLimit)
  }

  get peerId (): PeerId {
    if (this.libp2p == null) {
      throw new Error('node not started')
    }
    return this.libp2p.peerId
  }

  get joined (): boolean {
    return this.channel?.open === true
  }

  multiaddrs (): string[] {
    return this.libp2p?.getMultiaddrs().map(ma => ma.toString()) ?? []
  }

  async start (): Promise<void> {
    await mkdir(this.init.dataDir, { recursive: true })
    const privateKey = await loadOrCreateIdentity(this.init.dataDir)
    this.privateKey = privateKey
    this.installer = createInstaller({ dataDir: this.init.dataDir, app: this.init.app })
    if (this.init.seedRelease != null) {
      await this.installer.ensureInitialRelease(this.init.seedRelease.version, this.init.seedRelease.dir)
    }
    await this.installer.start()
    this.libp2p = await createCascadeLibp2p({ privateKey, listen: this.init.listen ?? ['/ip4/127.0.0.1/tcp/0'] })
    await this.libp2p.handle(PROBE_PROTOCOL, async (stream, connection) => { await this.handleProbe(stream, connection) })
    await this.libp2p.handle(PUSH_PROTOCOL, async (stream, connection) => { await this.handlePush(stream, connection) }, {
      // a parent, plus the host resending, plus a re-planned parent
      maxInboundStreams: 8
    })
    this.progressTimer = setInterval(() => { this.reportProgress() }, PROGRESS_REPORT_INTERVAL_MS)
    this.progressTimer.unref()
    this.running = true
    this.connectLoop = this.stayJoined()
  }

  async stop (): Promise<void> {
    this.running = false
    this.stopController.abort()
    clearInterval(this.progressTimer)
    this.channel?.close()
    await Promise.allSettled([...this.deployments.values()].map(async deployment => deployment.close()))
    await this.libp2p?.stop()
    await this.connectLoop
    await this.installing?.catch(() => {})
    await this.installer?.stop()
  }

  /** The release this node runs now ('' when none). */
  async installedVersion (): Promise<string> {
    return (await this.installer?.currentVersion()) ?? ''
  }

  /** Only the pinned host may probe us: a probe makes us spend upload. */
  private isHost (connection: Connection): boolean {
    return connection.remotePeer.equals(this.hostPeerId)
  }

  private async handleProbe (stream: Stream, connection: Connection): Promise<void> {
    if (!this.isHost(connection)) {
      log.error('refused a probe from %p: not our host', connection.remotePeer)
      stream.abort(new Error('only the host may probe'))
      return
    }
    try {
      // answerProbe attaches its reader synchronously, before this watcher
      const answering = answerProbe(stream, this.limiter, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) })
      this.watchHostData(stream)
      await answering
      this.emit('probed', { direction: 'both' })
    } catch (err: any) {
      log.error('probe from the host failed: %s', err.message)
      stream.abort(err)
    }
  }

  /** Joins the host and re-joins after every disconnection, with backoff. */
  private async stayJoined (): Promise<void> {
    const minMs = this.init.reconnectMinMs ?? RECONNECT_MIN_MS
    const maxMs = this.init.reconnectMaxMs ?? RECONNECT_MAX_MS
    let delayMs = minMs
    while (this.running) {
      let channel: HostChannel | undefined
      try {
        channel = await this.join()
        delayMs = minMs
        await channel.run(async (message) => { await this.handleHostMessage(message) })
        channel.close()
        this.emit('disconnected', { reason: 'control channel closed' })
      } catch (err: any) {
        channel?.close(err)
        if (!this.running) {
          break
        }
        log('not joined: %s', err.message)
        this.emit('disconnected', { reason: err.message })
      } finally {
        this.channel = undefined
      }
      if (!this.running) {
        break
      }
      // full jitter: a fleet reconnecting after a host restart spreads over the
      // whole backoff window instead of arriving in lockstep
      const waitMs = minMs / 2 + Math.random() * delayMs
      delayMs = Math.min(maxMs, delayMs * 2)
      await sleep(waitMs, undefined, { signal: this.stopController.signal }).catch(() => {})
    }
  }

  /**
   * The join handshake times out after JOIN_HANDSHAKE_TIMEOUT_MS without
   * anything from the host. On a re-join while the host still pushes to us
   * over the same connection, its answer waits behind that push data (tens
   * of seconds to a slow node), so push data arriving extends the deadline.
   */
  private async join (): Promise<HostChannel> {
    const startedAt = Date.now()
    const timeout = new AbortController()
    const timer = setInterval(() => {
      if (Date.now() - Math.max(startedAt, this.hostDataAt) > JOIN_HANDSHAKE_TIMEOUT_MS) {
        timeout.abort(new TimeoutError(`join handshake: nothing from the host for ${JOIN_HANDSHAKE_TIMEOUT_MS} ms`))
      }
    }, 250)
    timer.unref()
    try {
      return await this.handshake(AbortSignal.any([timeout.signal, this.stopController.signal]))
    } finally {
      clearInterval(timer)
    }
  }

  private async handshake (signal: AbortSignal): Promise<HostChannel> {
    const libp2p = this.libp2p
    if (libp2p == null) {
      throw new Error('node not started')
    }
    let stream: Stream
    try {
      stream = await libp2p.dialProtocol(this.hostAddr, JOIN_PROTOCOL, { signal })
    } catch (err: any) {
      // the Noise handshake checks the remote key against /p2p/ in the address;
      // libp2p reports a mismatch as UnexpectedPeerError, Noise as a plain Error
      if (err.name === 'UnexpectedPeerError' || /does not match expected remote identity/.test(err.message)) {
        const reason = `the peer at ${this.hostAddr.toString()} is not host ${this.hostPeerId.toString()}: ${err.message}`
        log.error(reason)
        this.emit('refused', { reason })
      }
      throw err
    }
    const pb = boundedPbStream(stream, MAX_CONTROL_MESSAGE_BYTES)
    const labels = Object.entries(this.init.labels ?? {}).map(([key, value]) => ({ key, value }))
    await pb.write({
      version: await this.installedVersion(),
      listenAddrs: libp2p.getMultiaddrs().map(ma => ma.bytes),
      labels,
      uploadLimit: this.init.uploadLimit ?? 0,
      joinToken: this.init.joinToken ?? ''
    }, JoinRequest, { signal })
    const response = await pb.read(JoinResponse, { signal })
    if (!response.accepted) {
      log.error('the host refused us: %s', response.reason)
      this.emit('refused', { reason: response.reason })
      stream.abort(new Error(`refused: ${response.reason}`))
      throw new Error(`the host refused us: ${response.reason}`)
    }
    const channel = new ControlChannel<HostMessage, NodeMessage>({
      peer: this.hostPeerId,
      stream,
      pb,
      receive: HostMessage,
      send: NodeMessage,
      heartbeat: () => ({ heartbeat: { sentAt: Date.now() } }),
      isHeartbeat: (message) => message.heartbeat != null,
      maxMessageBytes: MAX_CONTROL_MESSAGE_BYTES,
      heartbeatIntervalMs: this.init.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS
    })
    this.channel = channel
    log('joined host %p', this.hostPeerId)
    this.emit('joined', { host: this.hostPeerId.toString() })
    // what the host may have missed while we were away: progress (a relay may
    // have finished meanwhile) and receipts
    for (const deployment of this.deployments.values()) {
      deployment.sendReport()
    }
    for (const id of this.awaitingAuthorization) {
      const deployment = this.deployments.get(id)
      if (deployment != null) {
        void this.sendReceipt(deployment)
      }
    }
    return channel
  }

  /**
   * Bytes from the host arrived on a push or probe stream: it is alive even
   * when its heartbeats, queued behind those bytes on the same connection,
   * are late (docs/benchmarks.md, Findings 2).
   */
  private heardFromHost (): void {
    this.hostDataAt = Date.now()
    this.channel?.markAlive()
  }

  /**
   * Calls heardFromHost whenever `stream` delivers bytes (every muxer data
   * frame, so even a chunk that takes longer than DEAD_AFTER_MS to arrive
   * keeps the channel alive). Only observes: add it after the stream's reader
   * is attached, since a stream dispatches data as soon as any listener
   * exists, and a reader added later would miss it.
   */
  private watchHostData (stream: Stream): void {
    stream.addEventListener('message', () => { this.heardFromHost() })
  }

  private send (message: NodeMessage): void {
    this.channel?.send(message).catch((err: Error) => { log('could not reach the host: %s', err.message) })
  }

  private report (deploymentId: string, report: Omit<StateReport, 'deploymentId'>): void {
    this.send({ report: { ...report, deploymentId } })
  }

  private reportProgress (): void {
    for (const deployment of this.deployments.values()) {
      if (deployment.state === 'receiving' || deployment.relaying) {
        deployment.sendReport()
      }
    }
  }

  private async handleHostMessage (message: HostMessage): Promise<void> {
    for (const id of [message.deploy?.deploymentId, message.relay?.deploymentId]) {
      if (id != null && !DEPLOYMENT_ID.test(id)) {
        log.error('ignored a host message naming a malformed deployment id')
        return
      }
    }
    if (message.deploy != null) {
      const { deploymentId, manifestId } = message.deploy
      if (!this.deployments.has(deploymentId)) {
        this.deployments.set(deploymentId, this.newDeployment(deploymentId, manifestId))
        log('host announced deployment %s', deploymentId)
      }
    }
    if (message.authorization != null) {
      this.installing = (this.installing ?? Promise.resolve()).then(async () => {
        if (message.authorization != null) {
          await this.install(message.authorization)
        }
      }).catch((err: Error) => { log.error('install failed: %s', err.message) })
    }
    if (message.relay != null) {
      const { deploymentId, manifestId, targets } = message.relay
      let deployment = this.deployments.get(deploymentId)
      if (deployment == null) {
        deployment = this.newDeployment(deploymentId, manifestId)
        this.deployments.set(deploymentId, deployment)
      }
      await deployment.relayFromDisk(targets).catch((err: Error) => {
        log.error('cannot relay %s for a catch-up: %s', deploymentId, err.message)
      })
    }
    if (message.stopRelaying != null) {
      log.error('the host told us to stop relaying %s: %s', message.stopRelaying.deploymentId, message.stopRelaying.reason)
      this.deployments.get(message.stopRelaying.deploymentId)?.stopRelaying()
    }
    if (message.cancel != null) {
      const deployment = this.deployments.get(message.cancel.deploymentId)
      this.deployments.delete(message.cancel.deploymentId)
      this.awaitingAuthorization.delete(message.cancel.deploymentId)
      await deployment?.close()
    }
  }

  private newDeployment (deploymentId: string, manifestId: string): IncomingDeployment {
    return new IncomingDeployment({
      deploymentId,
      manifestId,
      self: this.peerId.toString(),
      incomingDir: joinPath(this.init.dataDir, INCOMING_DIR),
      libp2p: this.libp2p as CascadeLibp2p,
      limiter: this.limiter,
      refuseManifest: async (manifest) => this.refuseManifest(manifest),
      report: (report) => { this.report(deploymentId, report) },
      reportBadChunk: (relay, index, reason) => {
        this.send({ badChunk: { deploymentId, relay, index, reason } })
      },
      needParent: (lost, missing, stripe) => {
        this.send({ needParent: { deploymentId, lost, missing, stripe } })
      },
      requestResend: (reason, missing) => {
        this.send({ resend: { deploymentId, reason, missing } })
      },
      waitUntilRelayAllowed: async (signal) => { await this.gate.waitUntilRelayAllowed(signal) },
      onVerified: (deployment) => {
        this.awaitingAuthorization.add(deployment.id)
        void this.sendReceipt(deployment)
      },
      faults: this.init.faults
    })
  }

  /** A version not newer than ours is refused unless the admin signed an explicit rollback. */
  private async refuseManifest (manifest: VerifiedManifest): Promise<string | undefined> {
    const installed = await this.installedVersion()
    if (installed !== '' && compareVersions(manifest.fields.version, installed) <= 0 && !manifest.fields.rollback) {
      return `version ${manifest.fields.version} is not newer than installed ${installed}`
    }
    return undefined
  }

  /** Proves receipt to the host over our own connection (seed 004's back channel). */
  private async sendReceipt (deployment: IncomingDeployment): Promise<void> {
    if (this.privateKey == null) {
      return
    }
    const receipt = await signStatement(RECEIPT_DOMAIN, {
      deploymentId: deployment.id,
      manifestId: deployment.manifestId,
      node: this.peerId.toString(),
      issuedAt: Date.now()
    }, this.privateKey)
    this.send({ receipt })
  }

  /** Installs only with the host's signed authorization for this node and this deployment. */
  private async install (authorization: InstallAuthorization): Promise<void> {
    const self = this.peerId.toString()
    // the deployment the authorization names (its signature is checked below)
    let named: string
    try {
      named = AuthorizationPayload.decode(authorization.payload).deploymentId
    } catch (err: any) {
      log.error('ignored an unreadable install authorization: %s', err.message)
      return
    }
    const deployment = this.awaitingAuthorization.has(named) ? this.deployments.get(named) : undefined
    if (deployment?.store == null || deployment.manifest == null) {
      log.error('ignored an install authorization: no verified package is waiting for one')
      return
    }
    try {
      await verifyStatement(INSTALL_DOMAIN, authorization, this.hostPeerId.publicKey as any, {
        deploymentId: deployment.id,
        manifestId: deployment.manifestId,
        node: self
      })
    } catch (err: any) {
      log.error('refused an install authorization: %s', err.message)
      this.emit('refused', { reason: `install authorization: ${err.message}` })
      return
    }
    this.awaitingAuthorization.delete(deployment.id)
    const version = deployment.manifest.fields.version
    const report = (state: string, reason = ''): void => {
      this.report(deployment.id, { state, bytesReceived: deployment.bytesReceived, bytesSent: deployment.bytesSent, reason, version, relaysActive: deployment.relaying ? 1 : 0, bytesDuplicate: deployment.bytesDuplicate })
    }
    report('authenticated')
    // seeds 001, 003, 004: the window, the app in use, the installable state
    const clearance = await this.waitForInstallClearance(deployment, report)
    if (clearance == null) {
      return
    }
    if (clearance.status === 'refused') {
      log.error('gave up installing %s: %s', version, clearance.reason)
      report('failed', clearance.reason)
      return
    }
    report('installing')
    const installer = this.installer as Installer
    let outcome: InstallOutcome
    try {
      outcome = await installer.install({ version, packagePath: deployment.store.packagePath, fileName: deployment.manifest.fields.fileName })
    } catch (err: any) {
      // refused before the switch (an unsafe archive, a full disk): the old release still runs
      log.error('could not install %s: %s', version, err.message)
      report('failed', err.message)
      return
    } finally {
      await clearance.lock.release()
    }
    if (outcome.status === 'installed' || outcome.status === 'unchanged') {
      report('restarting')
      log('installed %s; re-joining the host', version)
      this.emit('installed', { version })
      // the "reboot" of seed 000: reconnect and report the version we now run
      await this.libp2p?.hangUp(this.hostPeerId).catch(() => {})
    } else if (outcome.status === 'rolled-back') {
      report('rolled-back', outcome.reason)
    } else {
      report('failed', outcome.reason)
    }
  }

  /**
   * Waits until the install gate clears the package (reporting `deferred`
   * with the reason meanwhile), or refuses it. Undefined when the node stops
   * or the host cancels the deployment while it waits.
   */
  private async waitForInstallClearance (deployment: IncomingDeployment, report: (state: string, reason?: string) => void): Promise<InstallClearance | undefined> {
    const version = deployment.manifest?.fields.version ?? ''
    const cancelled = new AbortController()
    const signal = AbortSignal.any([this.stopController.signal, cancelled.signal])
    try {
      return await this.gate.waitForClearance({
        version,
        packageSize: deployment.manifest?.fields.size ?? 0,
        signal,
        onDeferred: (reason) => {
          if (this.deployments.get(deployment.id) !== deployment) {
            cancelled.abort()
            return
          }
          report('deferred', reason)
        },
        onNotice: (notice) => { this.emit('notice', notice) }
      })
    } catch (err: any) {
      if (signal.aborted) {
        log('stopped waiting to install %s: %s', version, cancelled.signal.aborted ? 'the host cancelled the deployment' : 'the node stops')
        return undefined
      }
      throw err
    }
  }

  /**
   * This device's install and relay policy. Relays to children must wait on
   * `gate.waitUntilRelayAllowed(signal)` before they start (seed 004).
   */
  private get gate (): InstallGate {
    this.installGate ??= new InstallGate({
      ...this.init.installPolicy,
      dataDir: this.init.dataDir,
      appName: this.init.app?.command
    })
    return this.installGate
  }

  private async handlePush (stream: Stream, connection: Connection): Promise<void> {
    const from = connection.remotePeer.toString()
    const pb = boundedPbStream(stream, MAX_PUSH_FRAME_BYTES)
    if (this.isHost(connection)) {
      this.watchHostData(stream)
    }
    try {
      const frame = await pb.read(PushFrame, { signal: AbortSignal.timeout(NOTICE_WAIT_MS) })
      if (frame.offer == null) {
        throw new Error('a push must start with an offer')
      }
      const deploymentId = frame.offer.deploymentId
      if (!DEPLOYMENT_ID.test(deploymentId)) {
        throw new Error('malformed deployment id')
      }
      const deadline = Date.now() + NOTICE_WAIT_MS
      while (!this.deployments.has(deploymentId) && Date.now() < deadline && this.running) {
        await sleep(50)
      }
      const deployment = this.deployments.get(deploymentId)
      if (deployment == null) {
        const reason = `deployment ${deploymentId} was not started by our host`
        log.error('refused a push from %s: %s', from, reason)
        await pb.write({ refusal: { reason } }, PushReply).catch(() => {})
        stream.abort(new Error(reason))
        return
      }
      await deployment.receive(stream, pb, frame.offer, from)
    } catch (err: any) {
      log.error('push from %s refused: %s', from, err.message)
      stream.abort(err)
    }
  }
}
