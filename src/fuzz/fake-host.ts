/**
 * A host the fuzzer controls, for a node pinned to it (the "victim"): it
 * accepts the node's join, keeps the control channel alive with heartbeats,
 * announces the deployments the push fuzzing needs, and can write any bytes
 * on the control channel, so the node's side of every protocol can be
 * reached (a real host only announces what an admin published).
 */
import { boundedPbStream } from '../node/control-channel.js'
import { createCascadeLibp2p } from '../node/libp2p.js'
import { generateKey } from '../node/identity.js'
import { HostMessage, JOIN_PROTOCOL, JoinRequest, JoinResponse, MAX_CONTROL_MESSAGE_BYTES, NodeMessage } from '../protocols/join/index.js'
import type { CascadeLibp2p } from '../node/libp2p.js'
import type { Stream } from '@libp2p/interface'
import type { ProtobufStream } from '@libp2p/utils'

const HEARTBEAT_MS = 2_000

export class FakeHost {
  readonly libp2p: CascadeLibp2p
  /** joins accepted so far (a node re-joins after a broken control channel) */
  joins = 0
  /** what the node sent on its control channel, by kind */
  readonly received = new Map<string, number>()
  /** the last need-parent message, for tests of what it asks for */
  lastNeedParent?: NodeMessage['needParent']
  /** deployment ids announced on the current channel, with their manifest ids */
  readonly announced = new Map<string, string>()
  private stream?: Stream
  private pb?: ProtobufStream<Stream>
  private queue: Promise<void> = Promise.resolve()
  private readonly timer: ReturnType<typeof setInterval>
  /** re-announced on every join: what the fuzzer wants the node to know */
  private readonly wanted = new Map<string, string>()

  private constructor (libp2p: CascadeLibp2p) {
    this.libp2p = libp2p
    this.timer = setInterval(() => { this.sendMessage({ heartbeat: { sentAt: Date.now() } }) }, HEARTBEAT_MS)
    this.timer.unref()
  }

  static async start (): Promise<FakeHost> {
    const libp2p = await createCascadeLibp2p({ privateKey: await generateKey(), listen: ['/ip4/127.0.0.1/tcp/0'] })
    const host = new FakeHost(libp2p)
    await libp2p.handle(JOIN_PROTOCOL, async (stream) => { await host.accept(stream) }, { maxInboundStreams: 8 })
    return host
  }

  get address (): string {
    return this.libp2p.getMultiaddrs()[0].toString()
  }

  get connected (): boolean {
    return this.stream?.status === 'open'
  }

  private async accept (stream: Stream): Promise<void> {
    const pb = boundedPbStream(stream, MAX_CONTROL_MESSAGE_BYTES)
    try {
      await pb.read(JoinRequest, { signal: AbortSignal.timeout(5_000) })
      await pb.write({ accepted: true, reason: '' }, JoinResponse)
    } catch (err: any) {
      stream.abort(err)
      return
    }
    this.stream?.abort(new Error('replaced by a new join'))
    this.stream = stream
    this.pb = pb
    this.joins++
    this.announced.clear()
    for (const [id, manifestId] of this.wanted) {
      this.announce(id, manifestId)
    }
    try {
      while (true) {
        const message = await pb.read(NodeMessage)
        for (const kind of ['heartbeat', 'report', 'receipt', 'badChunk', 'needParent'] as const) {
          if (message[kind] != null) {
            this.received.set(kind, (this.received.get(kind) ?? 0) + 1)
          }
        }
        this.lastNeedParent = message.needParent ?? this.lastNeedParent
      }
    } catch {
      if (this.stream === stream) {
        this.stream = undefined
      }
      stream.abort(new Error('control channel over'))
    }
  }

  /** Announces a deployment now (when joined) and again after every re-join. */
  want (deploymentId: string, manifestId: string): void {
    this.wanted.set(deploymentId, manifestId)
    this.announce(deploymentId, manifestId)
  }

  /** Cancels a deployment and stops announcing it. */
  drop (deploymentId: string): void {
    this.wanted.delete(deploymentId)
    this.announced.delete(deploymentId)
    this.sendMessage({ cancel: { deploymentId, reason: 'rotated by the fuzzer' } })
  }

  private announce (deploymentId: string, manifestId: string): void {
    this.announced.set(deploymentId, manifestId)
    this.sendMessage({ deploy: { deploymentId, manifestId } })
  }

  sendMessage (message: HostMessage): void {
    this.enqueue(async (stream, pb) => { await pb.write(message, HostMessage) })
  }

  /** Writes raw bytes (framed or not) on the control channel; resolves once written or the channel is gone. */
  async sendRaw (bytes: Uint8Array): Promise<void> {
    await this.enqueue(async (stream) => {
      if (!stream.send(bytes)) {
        await stream.onDrain({ signal: AbortSignal.timeout(2_000) })
      }
    })
  }

  private async enqueue (write: (stream: Stream, pb: ProtobufStream<Stream>) => Promise<void>): Promise<void> {
    const turn = this.queue.then(async () => {
      const { stream, pb } = this
      if (stream == null || pb == null || stream.status !== 'open') {
        return
      }
      await write(stream, pb)
    }).catch(() => {})
    this.queue = turn
    await turn
  }

  async stop (): Promise<void> {
    clearInterval(this.timer)
    this.stream?.abort(new Error('fake host stopping'))
    await this.libp2p.stop()
  }
}
