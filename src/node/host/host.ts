import { EventEmitter } from 'node:events'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { logger } from '@libp2p/logger'
import { HEARTBEAT_INTERVAL_MS, ControlChannel, boundedPbStream } from '../control-channel.js'
import { loadOrCreateIdentity } from '../identity.js'
import { createCascadeLibp2p } from '../libp2p.js'
import { createUploadLimiter } from '../upload-limiter.js'
import { HostDatabase } from './database.js'
import { validateJoinRequest } from './membership.js'
import { Prober } from './prober.js'
import { loadOrCreateJoinToken, tokenMatches } from './enrollment.js'
import { PublishService } from './publish-service.js'
import { AdminService } from './admin-service.js'
import { ADMIN_PROTOCOL } from '../../protocols/admin/index.js'
import { PUBLISH_PROTOCOL } from '../../protocols/publish/index.js'
import { AuthorizationPayload, HostMessage, JOIN_PROTOCOL, JOIN_REQUEST_TIMEOUT_MS, JoinRequest, JoinResponse, MAX_CONTROL_MESSAGE_BYTES, NodeMessage } from '../../protocols/join/index.js'
import { peerIdFromString } from '@libp2p/peer-id'
import { MAX_STATUS_REQUEST_BYTES, STATUS_PROTOCOL, STATUS_TIMEOUT_MS, StatusRequest, StatusResponse } from '../../protocols/status/index.js'
import type { CascadeHost, CascadeHostInit, HostEvents, MemberStatus } from './index.js'
import type { Measurement, MemberRecord } from './database.js'
import type { Deployment } from './deployment.js'
import type { CascadeLibp2p } from '../libp2p.js'
import type { UploadLimiter } from '../upload-limiter.js'
import type { Connection, PeerId, Stream } from '@libp2p/interface'

const log = logger('cascade:host')

/** With no cap and nothing measured yet, plan as if the host had 100 Mbit/s. */
const FALLBACK_HOST_UPLOAD = 12_500_000

/**
 * A measurement younger than this is reused when a member re-joins: a fleet
 * reconnecting after a host restart is not probed all over again.
 */
const REMEASURE_AFTER_MS = 10 * 60_000

/** The host's database file inside its data dir. */
export const HOST_DATABASE_FILE = 'host.db'

type MemberChannel = ControlChannel<NodeMessage, HostMessage>

export class Host extends EventEmitter<HostEvents> implements CascadeHost {
  private readonly init: CascadeHostInit
  private libp2p?: CascadeLibp2p
  private db?: HostDatabase
  private prober?: Prober
  private limiter: UploadLimiter
  /** members whose control channel is open now, by peer id */
  private readonly channels = new Map<string, MemberChannel>()
  private readonly admins: Set<string>
  private publish?: PublishService
  /** the token a new node presents to enroll; undefined with open enrollment */
  joinToken: string | undefined
  private admin?: AdminService

  constructor (init: CascadeHostInit) {
    super()
    this.init = init
    this.limiter = createUploadLimiter(init.uploadLimit)
    this.admins = new Set(init.admins ?? [])
  }

  get peerId (): PeerId {
    return this.node.peerId
  }

  private get node (): CascadeLibp2p {
    if (this.libp2p == null) {
      throw new Error('host not started')
    }
    return this.libp2p
  }

  private get database (): HostDatabase {
    if (this.db == null) {
      throw new Error('host not started')
    }
    return this.db
  }

  multiaddrs (): string[] {
    return this.node.getMultiaddrs().map(ma => ma.toString())
  }

  async start (): Promise<void> {
    await mkdir(this.init.dataDir, { recursive: true })
    const privateKey = await loadOrCreateIdentity(this.init.dataDir)
    if (this.init.openEnrollment !== true) {
      this.joinToken = this.init.joinToken ?? await loadOrCreateJoinToken(this.init.dataDir)
    }
    this.db = new HostDatabase(join(this.init.dataDir, HOST_DATABASE_FILE))
    this.libp2p = await createCascadeLibp2p({ privateKey, listen: this.init.listen ?? ['/ip4/127.0.0.1/tcp/0'] })
    this.prober = new Prober({ libp2p: this.libp2p, limiter: this.limiter, durationMs: this.init.probeDurationMs })
    this.publish = new PublishService({
      dataDir: this.init.dataDir,
      db: this.db,
      libp2p: this.libp2p,
      limiter: this.limiter,
      hostKey: privateKey,
      admins: this.admins,
      onlineMembers: () => this.members().filter(member => member.online),
      channelOf: (peerId) => this.channels.get(peerId),
      hostUpload: () => this.hostUpload(),
      refuse: (peer, protocol, reason) => { this.refuse(peer, protocol, reason) },
      maxFanout: this.init.maxFanout,
      stallTimeoutMs: this.init.stallTimeoutMs,
      maxAttempts: this.init.maxAttempts
    })
    await this.libp2p.handle(PUBLISH_PROTOCOL, async (stream, connection) => { await this.publish?.handle(stream, connection) })
    this.admin = new AdminService({
      db: this.db,
      isAdmin: (peer) => this.isAdmin(peer),
      refuse: (peer, protocol, reason) => { this.refuse(peer, protocol, reason) },
      control: this.publish.control
    })
    await this.libp2p.handle(ADMIN_PROTOCOL, async (stream, connection) => { await this.admin?.handle(stream, connection) })
    await this.publish.resumeInterrupted(this.db.listMembers())
    await this.libp2p.handle(JOIN_PROTOCOL, async (stream, connection) => { await this.handleJoin(stream, connection) }, {
      // one control channel per member, plus room for a reconnect racing the old one
      maxInboundStreams: 4
    })
    await this.libp2p.handle(STATUS_PROTOCOL, async (stream, connection) => { await this.handleStatus(stream, connection) })
    log('host %p listening on %s', this.libp2p.peerId, this.multiaddrs().join(', '))
  }

  /**
   * What the host can upload, for the planner: its own cap when it has one,
   * otherwise the best rate it reached sending to a member (the download
   * probe runs at the host's full upload unless the member's link is slower).
   */
  hostUpload (): number {
    if (this.limiter.rate != null) {
      return this.limiter.rate
    }
    const best = Math.max(0, ...this.database.listMembers().map(member => member.downloadBps))
    return best > 0 ? best : FALLBACK_HOST_UPLOAD
  }

  /** The deployment running now, or the last one. */
  get deployment (): Deployment | undefined {
    return this.publish?.active
  }

  async stop (): Promise<void> {
    await this.publish?.stop()
    for (const channel of this.channels.values()) {
      channel.close()
    }
    await this.libp2p?.stop()
    this.db?.close()
  }

  private refuse (peer: PeerId, protocol: string, reason: string): void {
    log.error('refused %s from %p: %s', protocol, peer, reason)
    this.emit('refused', { peer: peer.toString(), protocol, reason })
  }

  private async handleJoin (stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer
    const key = peer.toString()
    const pb = boundedPbStream(stream, MAX_CONTROL_MESSAGE_BYTES)
    let request: JoinRequest
    try {
      request = await pb.read(JoinRequest, { signal: AbortSignal.timeout(JOIN_REQUEST_TIMEOUT_MS) })
    } catch (err: any) {
      this.refuse(peer, JOIN_PROTOCOL, `unreadable join request: ${err.message}`)
      stream.abort(err)
      return
    }
    let details
    try {
      details = validateJoinRequest(request)
    } catch (err: any) {
      this.refuse(peer, JOIN_PROTOCOL, err.message)
      await pb.write({ accepted: false, reason: err.message }, JoinResponse).catch(() => {})
      await stream.close().catch(() => {})
      return
    }
    // enrolled once (it is in the registry), or enrolling now with the token
    if (this.joinToken != null && this.database.getMember(key) == null && !tokenMatches(this.joinToken, request.joinToken)) {
      const reason = request.joinToken === ''
        ? 'not enrolled: present the host\'s join token (cascade node --join-token)'
        : 'not enrolled: wrong join token'
      this.refuse(peer, JOIN_PROTOCOL, reason)
      // retrying with the same token cannot help: the node stops and says so
      await pb.write({ accepted: false, reason, permanent: true }, JoinResponse).catch(() => {})
      await stream.close().catch(() => {})
      return
    }
    const now = Date.now()
    this.database.upsertMember({ peerId: key, ...details }, now)
    await pb.write({ accepted: true, reason: '' }, JoinResponse)

    const channel: MemberChannel = new ControlChannel<NodeMessage, HostMessage>({
      peer,
      stream,
      pb,
      receive: NodeMessage,
      send: HostMessage,
      heartbeat: () => ({ heartbeat: { sentAt: Date.now() } }),
      isHeartbeat: (message) => message.heartbeat != null,
      maxMessageBytes: MAX_CONTROL_MESSAGE_BYTES,
      heartbeatIntervalMs: this.init.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS
    })
    // a reconnecting node may open its new channel before the old one timed out
    this.channels.get(key)?.close()
    this.channels.set(key, channel)
    log('member %p joined with version "%s"', peer, details.version)
    this.emit('member:joined', { peerId: key, version: details.version })
    this.publish?.active?.onJoin(key, details.version)
    this.publish?.deploymentFor(this.publish.active?.id ?? '', key) ?? this.catchUpLater(key)
    // a member re-joining (after a restart of the host, or its own) keeps a recent measurement
    const measuredAt = this.database.getMember(key)?.measuredAt ?? 0
    if (Date.now() - measuredAt > (this.init.remeasureAfterMs ?? REMEASURE_AFTER_MS)) {
      this.measure(peer).catch(() => {})
    }

    try {
      await channel.run(async (message) => {
        this.database.touch(key, Date.now())
        await this.handleNodeMessage(key, message)
      })
      // the member closed its end: close ours too
      await stream.close().catch(() => {})
    } catch (err: any) {
      // garbage, an oversized frame, a timeout: refused, and the stream is reset
      this.refuse(peer, JOIN_PROTOCOL, `control channel: ${err.message}`)
      stream.abort(err)
    } finally {
      if (this.channels.get(key) === channel) {
        this.channels.delete(key)
        if (this.db?.db.isOpen === true) {
          this.database.touch(key, Date.now())
        }
        log('member %p left', peer)
        this.emit('member:left', { peerId: key })
      }
    }
  }

  /** A member that joins on an older version than the fleet's newest release for it catches up. */
  private catchUpLater (peerId: string): void {
    const member = this.database.getMember(peerId)
    if (member == null || this.publish == null) {
      return
    }
    this.publish.catchUp(member).catch((err: Error) => { log.error('catch-up of %s failed: %s', peerId, err.message) })
  }

  /** Reports, receipts and bad-chunk reports go to the deployment they name. */
  private async handleNodeMessage (peerId: string, message: NodeMessage): Promise<void> {
    const deploymentFor = (id: string): Deployment | undefined => this.publish?.deploymentFor(id, peerId)
    if (message.report != null) {
      deploymentFor(message.report.deploymentId)?.onReport(peerId, message.report)
    }
    if (message.receipt != null) {
      let named: string
      try {
        named = AuthorizationPayload.decode(message.receipt.payload).deploymentId
      } catch (err: any) {
        this.refuse(peerIdFromString(peerId), JOIN_PROTOCOL, `unreadable receipt: ${err.message}`)
        return
      }
      await deploymentFor(named)?.onReceipt(peerId, message.receipt)
    }
    if (message.badChunk != null) {
      deploymentFor(message.badChunk.deploymentId)?.onBadChunk(peerId, message.badChunk)
    }
    if (message.needParent != null) {
      deploymentFor(message.needParent.deploymentId)?.onNeedParent(peerId, message.needParent.lost, message.needParent.stripe)
    }
  }

  /** Measures one member and records the result. */
  async measure (peer: PeerId): Promise<Measurement> {
    if (this.prober == null) {
      throw new Error('host not started')
    }
    try {
      const measurement = await this.prober.measure(peer)
      if (this.db?.db.isOpen === true) {
        this.database.setMeasurement(peer.toString(), measurement)
      }
      this.emit('member:measured', { peerId: peer.toString(), ...measurement })
      return measurement
    } catch (err: any) {
      log.error('measuring %p failed: %s', peer, err.message)
      throw err
    }
  }

  /** Measures every online member again, one at a time. */
  async remeasure (): Promise<void> {
    const online = [...this.channels.values()].map(channel => channel.peer)
    await Promise.allSettled(online.map(async peer => this.measure(peer)))
  }

  members (): MemberStatus[] {
    return this.database.listMembers().map((member: MemberRecord) => ({
      ...member,
      online: this.channels.has(member.peerId)
    }))
  }

  isAdmin (peer: PeerId): boolean {
    return this.admins.has(peer.toString())
  }

  private async handleStatus (stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer
    const signal = AbortSignal.timeout(STATUS_TIMEOUT_MS)
    // reads are bounded by the request size; the response is ours to size
    const pb = boundedPbStream(stream, MAX_STATUS_REQUEST_BYTES)
    let request: StatusRequest
    try {
      request = await pb.read(StatusRequest, { signal })
    } catch (err: any) {
      this.refuse(peer, STATUS_PROTOCOL, `unreadable status request: ${err.message}`)
      stream.abort(err)
      return
    }
    let error = ''
    if (request.remeasure) {
      if (this.isAdmin(peer)) {
        await this.remeasure()
      } else {
        error = 'remeasure is for authorized admins only'
        this.refuse(peer, STATUS_PROTOCOL, error)
      }
    }
    const response: StatusResponse = {
      hostPeerId: this.peerId.toString(),
      hostAddrs: this.multiaddrs(),
      members: this.members().map(member => ({
        peerId: member.peerId,
        addrs: member.addrs,
        labels: Object.entries(member.labels).map(([key, value]) => ({ key, value })),
        version: member.version,
        uploadBps: member.uploadBps,
        downloadBps: member.downloadBps,
        rttMs: member.rttMs,
        lastSeen: member.lastSeen,
        measuredAt: member.measuredAt,
        online: member.online,
        uploadLimit: member.uploadLimit,
        deploymentId: this.publish?.nodeState(member.peerId)?.id ?? '',
        deploymentState: this.publish?.nodeState(member.peerId)?.state ?? '',
        deploymentReason: this.publish?.nodeState(member.peerId)?.reason ?? ''
      })),
      error
    }
    await pb.write(response, StatusResponse, { signal })
    await stream.close({ signal }).catch(() => {})
  }
}
