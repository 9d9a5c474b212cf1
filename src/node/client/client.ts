import { EventEmitter } from 'node:events'
import { mkdir } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import { logger } from '@libp2p/logger'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { HostMessage, JOIN_HANDSHAKE_TIMEOUT_MS, JOIN_PROTOCOL, JoinRequest, JoinResponse, MAX_CONTROL_MESSAGE_BYTES, NodeMessage } from '../../protocols/join/index.js'
import { PROBE_PROTOCOL, answerProbe } from '../../protocols/probe/index.js'
import { ControlChannel, HEARTBEAT_INTERVAL_MS, boundedPbStream } from '../control-channel.js'
import { loadOrCreateIdentity } from '../identity.js'
import { createCascadeLibp2p } from '../libp2p.js'
import { createUploadLimiter } from '../upload-limiter.js'
import type { CascadeNode, CascadeNodeInit, NodeEvents } from './index.js'
import type { CascadeLibp2p } from '../libp2p.js'
import type { UploadLimiter } from '../upload-limiter.js'
import type { Connection, PeerId, Stream } from '@libp2p/interface'
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
    this.libp2p = await createCascadeLibp2p({ privateKey, listen: this.init.listen ?? ['/ip4/127.0.0.1/tcp/0'] })
    await this.libp2p.handle(PROBE_PROTOCOL, async (stream, connection) => { await this.handleProbe(stream, connection) })
    this.running = true
    this.connectLoop = this.stayJoined()
  }

  async stop (): Promise<void> {
    this.running = false
    this.stopController.abort()
    this.channel?.close()
    await this.libp2p?.stop()
    await this.connectLoop
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
      await answerProbe(stream, this.limiter, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) })
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
      try {
        const channel = await this.join()
        delayMs = minMs
        await channel.run(async (message) => { await this.handleHostMessage(message) })
        this.emit('disconnected', { reason: 'control channel closed' })
      } catch (err: any) {
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
      // jitter spreads a fleet's reconnects after a host restart
      const waitMs = delayMs * (0.75 + Math.random() / 2)
      delayMs = Math.min(maxMs, delayMs * 2)
      await sleep(waitMs, undefined, { signal: this.stopController.signal }).catch(() => {})
    }
  }

  private async join (): Promise<HostChannel> {
    const libp2p = this.libp2p
    if (libp2p == null) {
      throw new Error('node not started')
    }
    const signal = AbortSignal.any([AbortSignal.timeout(JOIN_HANDSHAKE_TIMEOUT_MS), this.stopController.signal])
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
      version: await (this.init.installedVersion?.() ?? Promise.resolve('')),
      listenAddrs: libp2p.getMultiaddrs().map(ma => ma.bytes),
      labels,
      uploadLimit: this.init.uploadLimit ?? 0
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
    return channel
  }

  private async handleHostMessage (_message: HostMessage): Promise<void> {
    // deployment messages arrive here (update flow)
  }
}
