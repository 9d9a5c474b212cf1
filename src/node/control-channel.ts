import { TimeoutError } from '@libp2p/interface'
import { pbStream } from '@libp2p/utils'
import type { AbortOptions, PeerId, Stream } from '@libp2p/interface'
import type { ProtobufDecoder, ProtobufEncoder, ProtobufStream } from '@libp2p/utils'
import { HostMessage, MAX_CONTROL_MESSAGE_BYTES, NodeMessage } from '../protocols/join/index.js'

/**
 * Both ends send a heartbeat this often, so a peer that vanished without a
 * TCP reset (a pulled cable, a sleeping laptop) is noticed within
 * DEAD_AFTER_MS rather than at the next write.
 */
export const HEARTBEAT_INTERVAL_MS = 5_000
export const DEAD_AFTER_MS = 20_000

export interface ControlChannelInit<In, Out> {
  /** the peer at the other end */
  peer: PeerId
  stream: Stream
  pb: ProtobufStream<Stream>
  receive: { decode: ProtobufDecoder<In> }
  send: { encode: ProtobufEncoder<Out> }
  heartbeat(): Out
  isHeartbeat(message: In): boolean
  maxMessageBytes: number
  heartbeatIntervalMs?: number
  deadAfterMs?: number
}

/**
 * The long-lived join stream between a node and its host after the
 * handshake: messages both ways, heartbeats, and a clear end.
 */
export class ControlChannel<In, Out> {
  readonly stream: Stream
  readonly peer: PeerId
  private readonly init: ControlChannelInit<In, Out>
  private lastReceivedAt = Date.now()

  constructor (init: ControlChannelInit<In, Out>) {
    this.init = init
    this.stream = init.stream
    this.peer = init.peer
  }

  get open (): boolean {
    return this.stream.status === 'open'
  }

  /**
   * Counts as hearing from the peer, as a message would. The caller knows of
   * other traffic from the same peer, e.g. push data: a heartbeat sent on a
   * connection that also carries megabytes of chunks waits behind them (tens
   * of seconds to a slow node), so a peer whose data is still arriving must
   * not be declared dead for want of a heartbeat.
   */
  markAlive (): void {
    this.lastReceivedAt = Date.now()
  }

  async send (message: Out, options?: AbortOptions): Promise<void> {
    await this.init.pb.write(message, this.init.send, options)
  }

  /**
   * Reads messages and hands all but heartbeats to `onMessage` until the
   * stream ends; resolves then (rejects on a protocol violation or timeout).
   */
  async run (onMessage: (message: In) => void | Promise<void>): Promise<void> {
    const intervalMs = this.init.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS
    const deadAfterMs = this.init.deadAfterMs ?? DEAD_AFTER_MS
    const timer = setInterval(() => {
      if (Date.now() - this.lastReceivedAt > deadAfterMs) {
        this.stream.abort(new TimeoutError(`no message from the peer for ${deadAfterMs} ms`))
        return
      }
      this.send(this.init.heartbeat()).catch(() => {})
    }, intervalMs)
    timer.unref()
    try {
      while (true) {
        const message = await this.init.pb.read(this.init.receive)
        this.lastReceivedAt = Date.now()
        if (!this.init.isHeartbeat(message)) {
          await onMessage(message)
        }
      }
    } catch (err: any) {
      // the peer closed its end: a normal departure
      if (err.name === 'UnexpectedEOFError') {
        return
      }
      throw err
    } finally {
      clearInterval(timer)
    }
  }

  close (err?: Error): void {
    if (err != null) {
      this.stream.abort(err)
    } else {
      this.stream.close().catch(() => {})
    }
  }
}

/** A pbStream whose every frame is bounded by `maxMessageBytes`. */
export function boundedPbStream (stream: Stream, maxMessageBytes: number): ProtobufStream<Stream> {
  return pbStream(stream, { maxDataLength: maxMessageBytes, maxBufferSize: maxMessageBytes * 2 + 16 })
}

/** The host's end of a member's join stream: it reads NodeMessages and sends HostMessages. */
export type HostSideChannel = ControlChannel<NodeMessage, HostMessage>

/** A node's end of its join stream to the host: it reads HostMessages and sends NodeMessages. */
export type NodeSideChannel = ControlChannel<HostMessage, NodeMessage>

/** What either end of the join protocol knows after an accepted handshake. */
export interface JoinChannelInit {
  /** the peer at the other end */
  peer: PeerId
  stream: Stream
  /** the handshake's pbStream, bounded by MAX_CONTROL_MESSAGE_BYTES */
  pb: ProtobufStream<Stream>
  heartbeatIntervalMs?: number
}

/** The parts both ends share: heartbeats carry the send time, frames the join protocol's bound. */
function joinChannel<In extends { heartbeat?: unknown }, Out> (init: JoinChannelInit, receive: { decode: ProtobufDecoder<In> }, send: { encode: ProtobufEncoder<Out> }, heartbeat: () => Out): ControlChannel<In, Out> {
  return new ControlChannel<In, Out>({
    ...init,
    receive,
    send,
    heartbeat,
    isHeartbeat: (message) => message.heartbeat != null,
    maxMessageBytes: MAX_CONTROL_MESSAGE_BYTES,
    heartbeatIntervalMs: init.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS
  })
}

/** The control channel a host keeps with one member after accepting its join (src/node/host/host.ts). */
export function hostSideChannel (init: JoinChannelInit): HostSideChannel {
  return joinChannel<NodeMessage, HostMessage>(init, NodeMessage, HostMessage, () => ({ heartbeat: { sentAt: Date.now() } }))
}

/** The control channel a node keeps with its host after the host accepted its join (src/node/client/host-link.ts). */
export function nodeSideChannel (init: JoinChannelInit): NodeSideChannel {
  return joinChannel<HostMessage, NodeMessage>(init, HostMessage, NodeMessage, () => ({ heartbeat: { sentAt: Date.now() } }))
}
