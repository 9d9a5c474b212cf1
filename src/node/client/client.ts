/**
 * The node role: assembles the link to the host (host-link.ts), the
 * deployments it receives and relays (incoming-deployment.ts), pushes to it
 * (push-handler.ts) and the install flow (installer-flow.ts), and answers
 * the host's speed probes.
 */
import { EventEmitter } from 'node:events'
import { join as joinPath } from 'node:path'
import { logger } from '@libp2p/logger'
import { PROBE_PROTOCOL, answerProbe } from '../../protocols/probe/index.js'
import { PUSH_PROTOCOL } from '../../protocols/push/index.js'
import { ReceiveState } from '../../state/index.js'
import { parseHostAddress } from '../host-address.js'
import { acquireDataDirLock } from '../data-dir-lock.js'
import { loadOrCreateIdentity } from '../identity.js'
import { APP_LOG_FILE, createInstaller } from '../installer/index.js'
import { createCascadeLibp2p, selfReachability } from '../libp2p.js'
import { dialPlannedPeer } from './dial-planned-peer.js'
import { createNodeMetrics } from '../metrics/index.js'
import { compareVersions, isVersion } from '../package/index.js'
import { createUploadLimiter } from '../upload-limiter.js'
import { pacedLimiter } from '../flow/pacing.js'
import { NodeTrust, TrustRefresh } from '../trust/index.js'
import { HostLink } from './host-link.js'
import { IncomingDeployment } from './incoming-deployment.js'
import { InstallGate } from './install-gate.js'
import { InstallerFlow } from './installer-flow.js'
import { DEPLOYMENT_ID, PushHandler } from './push-handler.js'
import type { CascadeNode, CascadeNodeInit, NodeEvents } from './index.js'
import type { Installer } from '../installer/index.js'
import type { CascadeLibp2p } from '../libp2p.js'
import type { VerifiedManifest } from '../package/index.js'
import type { DataDirLock } from '../data-dir-lock.js'
import type { NodeMetrics } from '../metrics/index.js'
import type { UploadLimiter } from '../upload-limiter.js'
import type { HostMessage, NodeMessage } from '../../protocols/join/index.js'
import type { Connection, PeerId, Stream } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'

const log = logger('cascade:node')

/** A probe takes two seconds at most; this bounds a stuck one. */
const PROBE_TIMEOUT_MS = 30_000

/** How often progress (bytes received and relayed) is reported to the host. */
const PROGRESS_REPORT_INTERVAL_MS = 500

/** Chunk stores of deployments in progress live here, inside the data dir. */
const INCOMING_DIR = 'incoming'

/** Pushes at once: a parent, plus the host resending, plus a re-planned parent. */
const MAX_INBOUND_PUSHES = 8

/** What start() builds; absent before it. */
interface Started {
  libp2p: CascadeLibp2p
  link: HostLink
  flow: InstallerFlow
}

/** The node role (`cascade node`): one per device. */
export class NodeRole extends EventEmitter<NodeEvents> implements CascadeNode {
  private readonly init: CascadeNodeInit
  private readonly hostAddr: Multiaddr
  private readonly hostPeerId: PeerId
  private readonly limiter: UploadLimiter
  private readonly stopController = new AbortController()
  private readonly deployments = new Map<string, IncomingDeployment>()
  private started?: Started
  private installer?: Installer
  private dirLock?: DataDirLock
  private installGate?: InstallGate
  private progressTimer?: ReturnType<typeof setInterval>
  /** `--metrics`: this node's /metrics (src/node/metrics/) */
  private metrics?: NodeMetrics
  /** `--trust-root`: what this node trusts itself (src/node/trust/) */
  private trust?: NodeTrust
  private trustRefresh?: TrustRefresh
  /** host messages are handled one at a time, in the order they came */
  private handling: Promise<void> = Promise.resolve()

  constructor (init: CascadeNodeInit) {
    super()
    this.init = init
    const { addr, peerId } = parseHostAddress(init.host)
    this.hostAddr = addr
    this.hostPeerId = peerId
    this.limiter = init.site?.limiter ?? createUploadLimiter(init.uploadLimit)
  }

  get peerId (): PeerId {
    if (this.started == null) {
      throw new Error('node not started')
    }
    return this.started.libp2p.peerId
  }

  /** This node's libp2p once started (test/faults.test.ts hangs up a link through it). */
  private get libp2p (): CascadeLibp2p | undefined {
    return this.started?.libp2p
  }

  /** `http://HOST:PORT` of this node's /metrics, when started with `metrics` */
  get metricsUrl (): string | undefined {
    return this.metrics?.url
  }

  get joined (): boolean {
    return this.started?.link.joined === true
  }

  multiaddrs (): string[] {
    return this.libp2p?.getMultiaddrs().map(ma => ma.toString()) ?? []
  }

  async start (): Promise<void> {
    this.metrics = this.init.metrics == null ? undefined : createNodeMetrics({ address: this.init.metrics, node: this })
    // one process per data dir: a second node here would share our identity and releases
    this.dirLock = await acquireDataDirLock(this.init.dataDir)
    await this.metrics?.start().catch(async (err: Error) => { await this.dirLock?.release(); throw err })
    const site = this.init.site
    const privateKey = site?.privateKey ?? await loadOrCreateIdentity(this.init.dataDir)
    const installer = site?.installer ?? createInstaller({ dataDir: this.init.dataDir, app: this.init.app })
    this.installer = installer
    if (this.init.seedRelease != null) {
      await installer.ensureInitialRelease(this.init.seedRelease.version, this.init.seedRelease.dir)
    }
    installer.app?.on('exit', (exit) => {
      if (!exit.expected) {
        this.emit('app-exited', { version: exit.version, code: exit.code, signal: exit.signal, logFile: joinPath(this.init.dataDir, APP_LOG_FILE) })
      }
    })
    await installer.start()
    if (this.init.trustRoot != null) {
      this.trust = await NodeTrust.open(this.init.dataDir, this.init.trustRoot, (await installer.currentVersion()) ?? '')
    }
    const libp2p = site?.libp2p ?? await createCascadeLibp2p({ privateKey, listen: this.init.listen ?? ['/ip4/127.0.0.1/tcp/0'], metrics: this.metrics?.registry, natTraversal: true, upnp: this.init.upnp })
    const signal = this.stopController.signal
    const link = new HostLink({
      libp2p,
      hostAddr: this.hostAddr,
      hostPeerId: this.hostPeerId,
      joinRequest: async () => ({
        version: await this.installedVersion(),
        listenAddrs: libp2p.getMultiaddrs().map(ma => ma.bytes),
        labels: Object.entries(this.init.labels ?? {}).map(([key, value]) => ({ key, value })),
        uploadLimit: this.init.uploadLimit ?? 0,
        joinToken: this.init.joinToken ?? '',
        site: site != null ? true : undefined,
        reachability: selfReachability(libp2p.getMultiaddrs())
      }),
      heartbeatIntervalMs: this.init.heartbeatIntervalMs,
      reconnectMinMs: this.init.reconnectMinMs,
      reconnectMaxMs: this.init.reconnectMaxMs
    })
    const flow = new InstallerFlow({ libp2p, privateKey, hostPeerId: this.hostPeerId, installer, gate: this.gate, link, deployments: this.deployments, signal })
    const pushes = new PushHandler({ hostPeerId: this.hostPeerId, link, deployments: this.deployments, signal, faults: this.init.faults })
    this.started = { libp2p, link, flow }
    this.follow(link, flow)
    await libp2p.handle(PROBE_PROTOCOL, async (stream, connection) => { await this.handleProbe(stream, connection) })
    await libp2p.handle(PUSH_PROTOCOL, async (stream, connection) => { await pushes.handle(stream, connection) }, {
      maxInboundStreams: MAX_INBOUND_PUSHES
    })
    this.progressTimer = setInterval(() => { this.reportProgress() }, PROGRESS_REPORT_INTERVAL_MS)
    this.progressTimer.unref()
    if (this.trust != null) {
      this.trustRefresh = new TrustRefresh({ trust: this.trust, libp2p, hostPeerId: this.hostPeerId, refreshMs: this.init.trustRefreshMs, registry: this.metrics?.registry })
      this.trustRefresh.on('notice', (notice) => { this.emit('trust', notice) })
      this.trustRefresh.on('root', (event) => { this.emit('trust:root', event) })
      this.trustRefresh.on('timestamp', (event) => { this.emit('trust:timestamp', event) })
      this.trustRefresh.start()
    }
    link.start()
  }

  /** Passes the link's and the install flow's events on, and acts on the host's messages. */
  private follow (link: HostLink, flow: InstallerFlow): void {
    link.on('joined', (event) => {
      this.emit('joined', event)
      // what the host may have missed while we were away: progress (a relay may
      // have finished meanwhile) and receipts
      for (const deployment of this.deployments.values()) {
        deployment.sendReport()
      }
      flow.resendReceipts()
    })
    link.on('disconnected', (event) => { this.emit('disconnected', event) })
    link.on('refused', (event) => { this.emit('refused', event) })
    link.on('message', (message) => {
      this.handling = this.handling.then(async () => { await this.handleHostMessage(message) })
        .catch((err: Error) => { log.error('could not handle a message from the host: %e', err) })
    })
    flow.on('installed', (event) => {
      void this.trust?.installed(event.version).catch((err: Error) => { log.error('cannot record the installed version as trusted: %e', err) })
      this.emit('installed', event)
    })
    flow.on('install-failed', (event) => { this.emit('install-failed', event) })
    flow.on('refused', ({ reason }) => { this.emit('refused', { reason, permanent: false }) })
    flow.on('notice', (notice) => { this.emit('notice', notice) })
  }

  async stop (): Promise<void> {
    this.stopController.abort()
    clearInterval(this.progressTimer)
    this.trustRefresh?.stop()
    const started = this.started
    const stopping = started?.link.stop()
    await Promise.allSettled([...this.deployments.values()].map(async deployment => deployment.close()))
    if (this.init.site == null) {
      // a site's libp2p node is its host's: the host stops it
      await started?.libp2p.stop()
    }
    await stopping
    await started?.flow.stop()
    await this.installer?.stop()
    await this.metrics?.stop()
    await this.dirLock?.release()
  }

  /** A message to the host on the control channel (a site's reports: src/node/site/site-reporter.ts). */
  send (message: NodeMessage): void {
    this.started?.link.send(message)
  }

  /** The release this node runs now ('' when none). */
  async installedVersion (): Promise<string> {
    return (await this.installer?.currentVersion()) ?? ''
  }

  /** Only the pinned host may probe us: a probe makes us spend upload. */
  private async handleProbe (stream: Stream, connection: Connection): Promise<void> {
    if (!connection.remotePeer.equals(this.hostPeerId)) {
      log('refused a probe from %p: not our host', connection.remotePeer)
      stream.abort(new Error('only the host may probe'))
      return
    }
    try {
      // answerProbe attaches its reader synchronously, before this watcher
      const answering = answerProbe(stream, this.limiter, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) })
      this.started?.link.watchHostData(stream)
      await answering
      this.emit('probed', { direction: 'both' })
    } catch (err: any) {
      log.error('probe from the host failed: %e', err)
      stream.abort(err)
    }
  }

  private reportProgress (): void {
    for (const deployment of this.deployments.values()) {
      if (deployment.state === ReceiveState.receiving || deployment.relaying) {
        deployment.sendReport()
      }
    }
  }

  private async handleHostMessage (message: HostMessage): Promise<void> {
    for (const id of [message.deploy?.deploymentId, message.relay?.deploymentId]) {
      if (id != null && !DEPLOYMENT_ID.test(id)) {
        log('ignored a host message naming a malformed deployment id')
        return
      }
    }
    if (message.deploy != null) {
      const { deploymentId, manifestId, pace } = message.deploy
      if (!this.deployments.has(deploymentId)) {
        this.deployments.set(deploymentId, this.newDeployment(deploymentId, manifestId, pace))
        log('host announced deployment %s (relays paced at %s)', deploymentId, pace == null ? 'no pace' : `${pace} B/s`)
      }
    }
    if (message.authorization != null) {
      this.started?.flow.authorized(message.authorization)
    }
    if (message.relay != null) {
      const { deploymentId, manifestId, targets, stripeIndex, stripeCount, rate, descending } = message.relay
      let deployment = this.deployments.get(deploymentId)
      if (deployment == null) {
        deployment = this.newDeployment(deploymentId, manifestId)
        this.deployments.set(deploymentId, deployment)
      }
      const stripe = stripeIndex == null || stripeCount == null ? undefined : { index: stripeIndex, count: stripeCount }
      await deployment.relayFromDisk(targets, { stripe, rate, descending }).catch((err: Error) => {
        log.error('cannot relay %s as the host asks: %e', deploymentId, err)
      })
    }
    if (message.connect != null && this.started != null) {
      void dialPlannedPeer(this.started.libp2p, message.connect, this.stopController.signal)
    }
    if (message.stopRelaying != null) {
      log('the host told us to stop relaying %s: %s', message.stopRelaying.deploymentId, message.stopRelaying.reason)
      this.deployments.get(message.stopRelaying.deploymentId)?.stopRelaying()
    }
    if (message.cancel != null) {
      const deployment = this.deployments.get(message.cancel.deploymentId)
      this.deployments.delete(message.cancel.deploymentId)
      this.started?.flow.forget(message.cancel.deploymentId)
      await deployment?.close()
      this.emit('cancel', { deploymentId: message.cancel.deploymentId, reason: message.cancel.reason })
    }
  }

  /** `pace`: bytes/s our relays in it may fill (src/node/flow/pacing.ts), from the host's notice */
  private newDeployment (deploymentId: string, manifestId: string, pace?: number): IncomingDeployment {
    const { libp2p, link, flow } = this.started as Started
    const deployment = new IncomingDeployment({
      deploymentId,
      manifestId,
      self: libp2p.peerId.toString(),
      incomingDir: this.init.site?.incomingDir ?? joinPath(this.init.dataDir, INCOMING_DIR),
      libp2p,
      limiter: pacedLimiter(this.limiter, pace),
      policy: {
        refuseManifest: async (manifest) => this.refuseManifest(manifest, deploymentId),
        waitUntilRelayAllowed: async (signal) => { await this.gate.waitUntilRelayAllowed(signal) }
      },
      faults: this.init.faults
    })
    let opened = false
    deployment.on('report', (report) => {
      link.send({ report: { ...report, deploymentId } })
      // the first report after the offer was accepted: the store is open
      if (!opened && deployment.store != null) {
        opened = true
        this.emit('store-opened', { deploymentId, store: deployment.store })
      }
    })
    deployment.on('bad-chunk', ({ relay, index, reason }) => {
      link.send({ badChunk: { deploymentId, relay, index, reason } })
      this.emit('refused-push', { deploymentId, from: relay, reason })
    })
    deployment.on('need-parent', ({ lost, missing, stripe }) => { link.send({ needParent: { deploymentId, lost, missing, stripe } }) })
    deployment.on('unreachable', ({ child, stripe, reason }) => { link.send({ unreachable: { deploymentId, peerId: child, stripe, reason } }) })
    deployment.on('verified', (verified) => { flow.verified(verified) })
    deployment.on('resend', ({ reason, missing }) => { link.send({ resend: { deploymentId, reason, missing } }) })
    this.metrics?.watch(deployment)
    return deployment
  }

  /**
   * With a root of trust, what it refuses (src/node/trust/node-trust.ts).
   * Without: a version not newer than ours is refused unless the admin
   * signed an explicit rollback.
   */
  private async refuseManifest (manifest: VerifiedManifest, deploymentId: string): Promise<string | undefined> {
    if (this.trust != null) {
      const refusal = await this.trust.refuse(manifest, deploymentId)
      if (refusal != null) {
        log('refused deployment %s: %s', deploymentId, refusal)
        this.emit('trust', { message: `refused deployment ${deploymentId} (${manifest.fields.name} ${manifest.fields.version}): ${refusal}` })
      }
      return refusal
    }
    const installed = await this.installedVersion()
    // a release that is not a version (an old "banana") cannot be newer than anything: any version replaces it
    if (isVersion(installed) && compareVersions(manifest.fields.version, installed) <= 0 && !manifest.fields.rollback) {
      return `version ${manifest.fields.version} is not newer than installed ${installed}`
    }
    return undefined
  }

  /** This device's install and relay policy (docs/install-policy.md): relays wait on it before they start. */
  private get gate (): InstallGate {
    this.installGate ??= new InstallGate({
      ...this.init.installPolicy,
      dataDir: this.init.dataDir,
      appName: this.init.app?.command
    })
    return this.installGate
  }
}
