/**
 * One hostile stream session: dial a protocol, write some bytes (in pieces,
 * respecting backpressure), optionally close our write side, and collect
 * what comes back until the peer ends the stream or our time is up. Every
 * session is bounded: past its time we reset the stream ourselves and record
 * that the peer left it open.
 */
import { concat } from './wire.js'
import type { CascadeLibp2p } from '../node/libp2p.js'
import type { PeerId, Stream } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'

export interface SessionPlan {
  dialer: CascadeLibp2p
  to: Multiaddr | PeerId
  protocol: string
  writes: Array<Uint8Array<ArrayBuffer>>
  /** close our write side after the writes (the usual case), or leave it open */
  closeWrite: boolean
  timeoutMs: number
  /** stop collecting past this many bytes */
  maxReceive?: number
  /** called once the writes are done, with the open stream (a session may keep talking) */
  afterWrites?(stream: Stream): Promise<void>
}

export type SessionEnd =
  /** the peer closed its side cleanly */
  | 'closed'
  /** the peer reset (or aborted) the stream */
  | 'reset'
  /** the peer did neither within the session's time: we reset it */
  | 'left open'
  /** the stream never opened (protocol not supported, too many streams, ...) */
  | 'not opened'

export interface SessionResult {
  end: SessionEnd
  /** the error name behind `reset` or `not opened` */
  error?: string
  received: Uint8Array<ArrayBuffer>
  elapsedMs: number
}

export class SessionTimeoutError extends Error {
  static override readonly name = 'SessionTimeoutError'
  override readonly name = 'SessionTimeoutError'
}

export async function runSession (plan: SessionPlan): Promise<SessionResult> {
  const started = performance.now()
  const signal = AbortSignal.timeout(plan.timeoutMs)
  let stream: Stream
  try {
    stream = await plan.dialer.dialProtocol(plan.to, plan.protocol, { signal })
  } catch (err: any) {
    return { end: 'not opened', error: err?.name ?? String(err), received: new Uint8Array(0), elapsedMs: performance.now() - started }
  }
  const chunks: Uint8Array[] = []
  let receivedBytes = 0
  const maxReceive = plan.maxReceive ?? 4 * 1024 * 1024
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    stream.abort(new SessionTimeoutError(`session on ${plan.protocol} over after ${plan.timeoutMs} ms`))
  }, plan.timeoutMs)
  const reading = (async (): Promise<{ end: SessionEnd, error?: string }> => {
    try {
      for await (const chunk of stream) {
        if (receivedBytes < maxReceive) {
          const bytes = chunk instanceof Uint8Array ? chunk : chunk.subarray()
          chunks.push(bytes)
          receivedBytes += bytes.byteLength
        }
      }
      return { end: 'closed' }
    } catch (err: any) {
      return timedOut ? { end: 'left open' } : { end: 'reset', error: err?.name ?? String(err) }
    }
  })()
  try {
    for (const bytes of plan.writes) {
      if (stream.status !== 'open' || stream.writeStatus !== 'writable') {
        break
      }
      if (!stream.send(bytes)) {
        await stream.onDrain({ signal }).catch(() => {})
      }
    }
    await plan.afterWrites?.(stream)
    if (plan.closeWrite && stream.status === 'open') {
      await stream.close({ signal }).catch(() => {})
    }
  } catch {
    // the peer reset the stream while we wrote: the reader reports how it ended
  }
  const { end, error } = await reading
  clearTimeout(timer)
  if (stream.status === 'open') {
    stream.abort(new Error('fuzz session over'))
  }
  return { end, error, received: concat(chunks), elapsedMs: performance.now() - started }
}
