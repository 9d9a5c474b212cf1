import { logger } from '@libp2p/logger'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { boundedPbStream } from '../control-channel.js'
import { CreditSender } from '../flow/credit-sender.js'
import { chunkFrame } from './chunk-frame.js'
import { hasBit } from '../package/bitmap.js'
import { OneShot } from '../one-shot.js'
import { ownConnection } from './own-connection.js'
import { runsOtherCascadeStream } from '../cascade-streams.js'
import { MAX_PUSH_FRAME_BYTES, PUSH_IDLE_TIMEOUT_MS, PUSH_PROTOCOL, PushFrame, PushReply } from '../../protocols/push/index.js'
import type { Addressee, Stripe } from '../../protocols/push/index.js'
import type { ChunkStore } from '../package/chunk-store.js'
import type { CascadeLibp2p } from '../libp2p.js'
import type { Connection, Stream } from '@libp2p/interface'
import type { EventEmitter } from 'node:events'
import type { UploadLimiter } from '../upload-limiter.js'

const log = logger('cascade:push')

export class PushRefusedError extends Error {
  static override readonly name = 'PushRefusedError'
  override readonly name = 'PushRefusedError'
}

export class PushStalledError extends Error {
  static override readonly name = 'PushStalledError'
  override readonly name = 'PushStalledError'
}

/**
 * No connection to the child could be opened: a dial that failed, or a
 * child behind NAT that did not connect to us in time (docs/internet.md).
 */
export class ChildUnreachableError extends Error {
  static override readonly name = 'ChildUnreachableError'
  override readonly name = 'ChildUnreachableError'
}

/**
 * How long a parent waits for a child it may not dial (behind NAT: the host
 * gave no address for it) to connect to it. The host tells the child to dial
 * its parent when it plans the edge, before any chunk exists: one TCP and
 * Noise handshake away, well inside this; past it the push fails, the child
 * asks for another parent, and the host records the pair as failed.
 */
export const DIAL_BACK_WAIT_MS = 10_000

/** How long a push's dial may take: libp2p's own default dial timeout (its connection manager's DIAL_TIMEOUT). */
export const PUSH_DIAL_TIMEOUT_MS = 10_000

export interface PushTarget {
  peerId: string
  /** where to dial the child; none: it dials us, and the push goes over its connection */
  addrs: string[]
}

/** A push's stream, and the connection it rides when that is one we opened for our pushes. */
interface PushStream {
  stream: Stream
  own?: Connection
}

/**
 * A push stream to the target: dialled at its addresses, over any open
 * direct connection to it, or with `own` over one we opened
 * (./own-connection.ts); or with no addresses (it is behind NAT), over the
 * connection the child opens to us. Never over a relayed (limited)
 * connection: the push protocol does not run on one.
 */
async function openPushStream (libp2p: CascadeLibp2p, target: PushTarget, signal: AbortSignal, own: boolean, waitMs = DIAL_BACK_WAIT_MS): Promise<PushStream> {
  const peer = peerIdFromString(target.peerId)
  if (target.addrs.length > 0) {
    // our own signal replaces libp2p's dial timeout: an address whose SYNs are dropped would take TCP's minutes
    const dialSignal = AbortSignal.any([signal, AbortSignal.timeout(PUSH_DIAL_TIMEOUT_MS)])
    const addrs = target.addrs.map(addr => multiaddr(addr))
    if (!own) return { stream: await libp2p.dialProtocol(addrs, PUSH_PROTOCOL, { signal: dialSignal }) }
    const connection = await ownConnection(libp2p, peer, addrs, dialSignal)
    return { stream: await connection.newStream(PUSH_PROTOCOL, { signal }), own: connection }
  }
  const direct = (): boolean => libp2p.getConnections(peer).some(conn => conn.status === 'open' && conn.limits == null)
  if (!direct()) {
    log('waiting up to %d ms for %s (behind NAT) to connect to us', waitMs, target.peerId)
    await new Promise<void>((resolve, reject) => {
      const done = (err?: Error): void => {
        clearTimeout(timer)
        libp2p.removeEventListener('connection:open', onOpen)
        signal.removeEventListener('abort', onAbort)
        if (err == null) resolve()
        else reject(err)
      }
      const onOpen = (): void => { if (direct()) done() }
      const onAbort = (): void => { done(signal.reason) }
      const timer = setTimeout(() => { done(new ChildUnreachableError(`${target.peerId} is behind NAT and did not connect to us in ${waitMs} ms`)) }, waitMs)
      libp2p.addEventListener('connection:open', onOpen)
      signal.addEventListener('abort', onAbort)
    })
  }
  return { stream: await libp2p.dialProtocol(peer, PUSH_PROTOCOL, { signal }) }
}

export interface PushInit {
  libp2p: CascadeLibp2p
  target: PushTarget
  deploymentId: string
  /** the encoded SignedManifest, as the host received it */
  signedManifest: Uint8Array<ArrayBuffer>
  /** the child's share of the addressee list */
  subtree: Addressee[]
  /** tell the child to relay only once it holds the whole package */
  storeAndForward?: boolean
  /** push only this stripe's chunks (index mod count = stripe index); absent = all */
  stripe?: Stripe
  /** of the stripe, only this class of chunks: the child's stripe is split (src/tree/split.ts) */
  share?: Stripe
  /** ride a connection we opened, never the child's (a relay's pushes: ./own-connection.ts); the host's ride its members' join connections */
  ownConnection?: boolean
  /** bytes/s the plan gives this push: the child sizes its credit window by it */
  rate?: number
  /**
   * send the chunks last first (an endgame, which meets the parents' pushes
   * halfway), and only those held when the push begins: a helper still
   * receiving sends what it is ahead by
   */
  descending?: boolean
  store: ChunkStore
  limiter: UploadLimiter
  signal?: AbortSignal
  idleTimeoutMs?: number
  /** testing only: faults that make this sender misbehave */
  faults?: PushFaults
}

/** Faults a test can give a push (src/node/client/test-faults.ts), never set in production use. */
export interface PushFaults {
  /** the bytes to send for chunk `index` instead of `data` (`data` itself to leave it alone): a corrupting relay */
  corruptChunk?(index: number, data: Uint8Array): Uint8Array
  /** waits before each chunk of `bytes` leaves: a relay whose uplink dropped */
  beforeSend?(bytes: number, signal: AbortSignal): Promise<void>
  /**
   * A relay that sends more than the manifest allows: of the chunks it owes
   * (`owed`) it sends `send`, then each frame of `then` (chunk `index` on the
   * wire, carrying the bytes of chunk `bytesOf`), without end if it is endless.
   */
  overrun?(owed: number[], chunkCount: number): { send: number[], then: Iterable<{ index: number, bytesOf: number }> }
}

export interface PushEvents {
  /** chunk bytes that just left, counted as they leave */
  bytes: [bytes: number]
}

/** One push to one child: subscribe to its events, then `run()` it (once). */
export interface Push extends EventEmitter<PushEvents> {
  /** Sends the offer and the chunks the child lacks; rejects when refused, stalled or aborted. */
  run(): Promise<PushResult>
}

export interface PushResult {
  bytesSent: number
  chunksSent: number
}

/** The chunk indices this push owes: its stripe's (or all), minus what the child holds. */
export function chunksToSend (chunkCount: number, have: Uint8Array, stripe?: Stripe): number[] {
  const first = stripe?.index ?? 0
  const step = stripe?.count ?? 1
  const indices: number[] = []
  for (let index = first; index < chunkCount; index += step) {
    if (!hasBit(have, index)) {
      indices.push(index)
    }
  }
  return indices
}

/**
 * After a push ended early (the child replaced or refused it, we were told
 * to stop, it stalled), what it wrote still sits in our kernel's send buffer
 * and would drain through our uplink, ahead of the acknowledgements of our
 * own download: on an uplink that collapsed, for tens of seconds
 * (docs/reliability.md, "A relay that falls behind"). On a connection we
 * opened for our pushes that no other Cascade stream uses now (libp2p's
 * pings do not count: ../cascade-streams.ts), a reset (an RST) makes
 * the kernel drop it; the next push to that child dials again.
 */
function dropUnsent (own: Connection | undefined, ended: Stream, err: Error): void {
  if (own == null || own.status !== 'open' || runsOtherCascadeStream(own, ended)) return
  log('resetting our connection to %p: its push ended early', own.remotePeer)
  own.abort(err)
}

/**
 * A push of a package (or one stripe of it) to one child: offer, then each
 * chunk the child lacks, in order, as soon as it is in our store (cut-through) and the child has
 * granted credit for it. Bytes come from disk, one chunk at a time.
 */
export function createPush (init: PushInit): Push {
  return new PackagePush(init)
}

class PackagePush extends OneShot<PushEvents, PushInit, PushResult> implements Push {
  protected async execute (): Promise<PushResult> {
    const { init } = this
    const { libp2p, target, store } = init
    const idleTimeoutMs = init.idleTimeoutMs ?? PUSH_IDLE_TIMEOUT_MS
    const controller = new AbortController()
    const signal = init.signal == null ? controller.signal : AbortSignal.any([init.signal, controller.signal])
    const { stream, own } = await openPushStream(libp2p, target, signal, init.ownConnection === true).catch((err: Error) => {
      throw signal.aborted || err instanceof ChildUnreachableError ? err : new ChildUnreachableError(`cannot connect to ${target.peerId}: ${err.message}`)
    })
    let lastProgressAt = Date.now()
    const watchdog = setInterval(() => {
      if (Date.now() - lastProgressAt > idleTimeoutMs) {
        const err = new PushStalledError(`no progress pushing to ${target.peerId} for ${idleTimeoutMs} ms`)
        controller.abort(err)
        stream.abort(err)
      }
    }, Math.min(1000, idleTimeoutMs))
    const result: PushResult = { bytesSent: 0, chunksSent: 0 }
    try {
      const pb = boundedPbStream(stream, MAX_PUSH_FRAME_BYTES)
      await pb.write({ offer: { deploymentId: init.deploymentId, signedManifest: init.signedManifest, subtree: init.subtree, storeAndForward: init.storeAndForward === true, stripe: init.stripe, share: init.share, rate: init.rate, descending: init.descending === true ? true : undefined } }, PushFrame, { signal })
      const first = await pb.read(PushReply, { signal })
      if (first.refusal != null || first.accept == null) {
        throw new PushRefusedError(`${target.peerId} refused the push: ${first.refusal?.reason ?? 'no answer'}`)
      }
      // chunks the child got from another push meanwhile: passed over (bounded by the package's chunks)
      const skipped = new Set<number>()
      const sender = new CreditSender({
        credit: first.credit?.chunks ?? 0,
        // credits arrive while we send; the child closes its end once it holds everything
        readReplies: async (grant) => {
          try {
            while (true) {
              const reply = await pb.read(PushReply, { signal })
              if (reply.credit != null) {
                grant(reply.credit.chunks)
                lastProgressAt = Date.now()
              }
              for (const index of reply.skip?.chunks ?? []) {
                if (index < store.chunkCount) skipped.add(index)
              }
              if (reply.refusal != null) {
                throw new PushRefusedError(`${target.peerId} stopped the push: ${reply.refusal.reason}`)
              }
            }
          } catch (err: any) {
            if (err.name !== 'UnexpectedEOFError') {
              throw err
            }
          }
        }
      })

      let owed = chunksToSend(store.chunkCount, first.accept.have, init.share ?? init.stripe)
      if (init.descending === true) owed = owed.filter(index => store.has(index)).reverse()
      const overrun = init.faults?.overrun?.(owed, store.chunkCount)
      const indices = overrun?.send ?? owed
      const endedEarly = (index: number): Error => new PushRefusedError(`${target.peerId} closed the push before chunk ${index}`)
      /** One chunk frame out, within our upload limit (the credit is taken already). */
      const sendFrame = async (index: number, chunk: Uint8Array): Promise<void> => {
        // protons types bytes fields as ArrayBuffer-backed; Node's Buffers are
        const data = (init.faults?.corruptChunk?.(index, chunk) ?? chunk) as Uint8Array<ArrayBuffer>
        await init.faults?.beforeSend?.(data.byteLength, signal)
        await init.limiter.take(data.byteLength, signal)
        // the frame pb.write would send, without copying the chunk (./chunk-frame.ts)
        if (!stream.send(chunkFrame(index, data))) await stream.onDrain({ signal })
        result.bytesSent += data.byteLength
        result.chunksSent++
        lastProgressAt = Date.now()
        this.emit('bytes', data.byteLength)
      }
      // the next chunk is read from disk while this one is written, so a
      // small socket buffer does not run dry during the read (docs/benchmarks.md, Findings 4)
      let readAhead: { index: number, data: Promise<Uint8Array> } | undefined
      const read = (index: number): Promise<Uint8Array> => {
        const data = readAhead?.index === index ? readAhead.data : store.get(index)
        readAhead = undefined
        return data
      }
      await sender.send(indices, {
        beforeChunk: async (index) => { await store.waitFor(index, signal) },
        skip: index => skipped.has(index),
        endedEarly,
        sendChunk: async (index, position) => {
          const data = await read(index)
          const next = indices[position + 1]
          if (next !== undefined && store.has(next)) {
            readAhead = { index: next, data: store.get(next) }
            // a store closed under us surfaces at the next read, not as an unhandled rejection
            readAhead.data.catch(() => {})
          }
          await sendFrame(index, data)
        }
      })
      // testing only: what a relay that sends more than the manifest allows sends next, each within credit
      for (const { index, bytesOf } of overrun?.then ?? []) {
        await sender.send([index], { endedEarly, sendChunk: async () => { await sendFrame(index, await store.get(bytesOf)) } })
      }
      await stream.close({ signal })
      await sender.replies
      log('pushed %d chunks (%d bytes) to %s', result.chunksSent, result.bytesSent, target.peerId)
      return result
    } catch (err: any) {
      stream.abort(err)
      dropUnsent(own, stream, err)
      throw signal.aborted && signal.reason instanceof Error ? signal.reason : err
    } finally {
      clearInterval(watchdog)
    }
  }
}
