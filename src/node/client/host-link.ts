/**
 * The node's link to its host: joins it, keeps the control channel open, and
 * re-joins after every disconnection with backoff, until the node stops or
 * the host refuses it for good (docs/enrollment.md).
 */
import { EventEmitter } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import { TimeoutError } from '@libp2p/interface'
import { logger } from '@libp2p/logger'
import { JOIN_HANDSHAKE_TIMEOUT_MS, JOIN_PROTOCOL, JoinRequest, JoinResponse, MAX_CONTROL_MESSAGE_BYTES } from '../../protocols/join/index.js'
import { boundedPbStream, nodeSideChannel } from '../control-channel.js'
import type { CascadeNodeInit } from './index.js'
import type { NodeSideChannel } from '../control-channel.js'
import type { CascadeLibp2p } from '../libp2p.js'
import type { HostMessage, NodeMessage } from '../../protocols/join/index.js'
import type { PeerId, Stream } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'

const log = logger('cascade:node:link')

/** Backoff between attempts to reach the host: doubles from MIN to MAX (README, `cascade node`). */
export const RECONNECT_MIN_MS = 250
export const RECONNECT_MAX_MS = 15_000

/** How often the join handshake checks whether the host has gone silent. */
const HANDSHAKE_CHECK_MS = 250

/** The host answered our join with a refusal. */
export class HostRefusedError extends Error {
  static override readonly name = 'HostRefusedError'
  override readonly name = 'HostRefusedError'
  /** retrying cannot help (not enrolled, wrong token): the node gives up */
  readonly permanent: boolean

  constructor (reason: string, permanent: boolean) {
    super(`the host refused us: ${reason}`)
    this.permanent = permanent
  }
}

export interface HostLinkInit extends Pick<CascadeNodeInit, 'heartbeatIntervalMs' | 'reconnectMinMs' | 'reconnectMaxMs'> {
  libp2p: CascadeLibp2p
  hostAddr: Multiaddr
  hostPeerId: PeerId
  /** the join request to send now (the installed version changes between joins) */
  joinRequest(): Promise<JoinRequest>
}

export interface HostLinkEvents {
  joined: [{ host: string }]
  disconnected: [{ reason: string }]
  /** the host refused us, or the peer at its address is not the host; `permanent`: the link gave up */
  refused: [{ reason: string, permanent: boolean }]
  /** a message from the host, in the order it came */
  message: [HostMessage]
}

export class HostLink extends EventEmitter<HostLinkEvents> {
  private readonly init: HostLinkInit
  private channel?: NodeSideChannel
  private readonly stopController = new AbortController()
  private loop?: Promise<void>
  /** when bytes from the host last arrived on a push or probe stream */
  private hostDataAt = 0

  constructor (init: HostLinkInit) {
    super()
    this.init = init
  }

  get joined (): boolean {
    return this.channel?.open === true
  }

  start (): void {
    this.loop = this.stayJoined()
  }

  async stop (): Promise<void> {
    this.stopController.abort()
    this.channel?.close()
    await this.loop
  }

  private get running (): boolean {
    return !this.stopController.signal.aborted
  }

  /** Sends to the host when joined; a message while not joined is dropped (reports repeat on re-join). */
  send (message: NodeMessage): void {
    this.channel?.send(message).catch((err: Error) => { log('could not reach the host: %e', err) })
  }

  /**
   * Bytes from the host arrived on a push or probe stream: it is alive even
   * when its heartbeats, queued behind those bytes on the same connection,
   * are late (docs/benchmarks.md, Findings 2).
   */
  heardFromHost (): void {
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
  watchHostData (stream: Stream): void {
    stream.addEventListener('message', () => { this.heardFromHost() })
  }

  /** Joins the host and re-joins after every disconnection, with backoff. */
  private async stayJoined (): Promise<void> {
    const minMs = this.init.reconnectMinMs ?? RECONNECT_MIN_MS
    const maxMs = this.init.reconnectMaxMs ?? RECONNECT_MAX_MS
    let delayMs = minMs
    while (this.running) {
      let channel: NodeSideChannel | undefined
      try {
        channel = await this.join()
        delayMs = minMs
        await channel.run((message) => { this.emit('message', message) })
        channel.close()
        this.emit('disconnected', { reason: 'control channel closed' })
      } catch (err: any) {
        channel?.close(err)
        if (!this.running) {
          break
        }
        if (err instanceof HostRefusedError && err.permanent) {
          log('the host refused us for good; not joining again: %e', err)
          break
        }
        log('not joined: %e', err)
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
  private async join (): Promise<NodeSideChannel> {
    const startedAt = Date.now()
    const timeout = new AbortController()
    const timer = setInterval(() => {
      if (Date.now() - Math.max(startedAt, this.hostDataAt) > JOIN_HANDSHAKE_TIMEOUT_MS) {
        timeout.abort(new TimeoutError(`join handshake: nothing from the host for ${JOIN_HANDSHAKE_TIMEOUT_MS} ms`))
      }
    }, HANDSHAKE_CHECK_MS)
    timer.unref()
    try {
      return await this.handshake(AbortSignal.any([timeout.signal, this.stopController.signal]))
    } finally {
      clearInterval(timer)
    }
  }

  private async handshake (signal: AbortSignal): Promise<NodeSideChannel> {
    const { libp2p, hostAddr, hostPeerId } = this.init
    let stream: Stream
    try {
      stream = await libp2p.dialProtocol(hostAddr, JOIN_PROTOCOL, { signal })
    } catch (err: any) {
      // the Noise handshake checks the remote key against /p2p/ in the address;
      // libp2p reports a mismatch as UnexpectedPeerError, Noise as a plain Error
      if (err.name === 'UnexpectedPeerError' || /does not match expected remote identity/.test(err.message)) {
        const reason = `the peer at ${hostAddr.toString()} is not host ${hostPeerId.toString()}: ${err.message}`
        log.error(reason)
        this.emit('refused', { reason, permanent: false })
      }
      throw err
    }
    const pb = boundedPbStream(stream, MAX_CONTROL_MESSAGE_BYTES)
    await pb.write(await this.init.joinRequest(), JoinRequest, { signal })
    const response = await pb.read(JoinResponse, { signal })
    if (!response.accepted) {
      const permanent = response.permanent === true
      log('the host refused us%s: %s', permanent ? ' for good' : '', response.reason)
      this.emit('refused', { reason: response.reason, permanent })
      stream.abort(new Error(`refused: ${response.reason}`))
      throw new HostRefusedError(response.reason, permanent)
    }
    const channel = nodeSideChannel({ peer: hostPeerId, stream, pb, heartbeatIntervalMs: this.init.heartbeatIntervalMs })
    this.channel = channel
    log('joined host %p', hostPeerId)
    this.emit('joined', { host: hostPeerId.toString() })
    return channel
  }
}
