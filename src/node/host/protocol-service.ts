/**
 * What the host's protocol handlers share: the components, a refusal
 * announced as a `refused` event (the host re-emits it), and reading the
 * one bounded request a stream opens with.
 */
import { EventEmitter } from 'node:events'
import { boundedPbStream } from '../control-channel.js'
import type { HostEvents } from './index.js'
import type { PeerId, Stream } from '@libp2p/interface'
import type { ProtobufDecoder, ProtobufStream } from '@libp2p/utils'

type RefusedEvents = Pick<HostEvents, 'refused'>

export interface OpenedRequest<T> {
  request: T
  pb: ProtobufStream<Stream>
}

export class ProtocolService<Components, Events extends RefusedEvents & Record<keyof Events, any[]> = RefusedEvents> extends EventEmitter<Events> {
  protected readonly components: Components
  protected readonly protocol: string
  /** the request's name in refusals ("unreadable join request") */
  private readonly what: string

  constructor (components: Components, protocol: string, what: string) {
    super()
    this.components = components
    this.protocol = protocol
    this.what = what
  }

  protected refuse (peer: PeerId, reason: string): void {
    (this as EventEmitter<RefusedEvents>).emit('refused', { peer: peer.toString(), protocol: this.protocol, reason })
  }

  /** Reads the stream's first message within `maxBytes` and `signal`; undefined (refused, stream reset) when it is unreadable. */
  protected async readRequest<T> (peer: PeerId, stream: Stream, codec: { decode: ProtobufDecoder<T> }, maxBytes: number, signal: AbortSignal): Promise<OpenedRequest<T> | undefined> {
    const pb = boundedPbStream(stream, maxBytes)
    try {
      return { request: await pb.read(codec, { signal }), pb }
    } catch (err: any) {
      this.refuse(peer, `unreadable ${this.what} request: ${err.message}`)
      stream.abort(err)
      return undefined
    }
  }
}
