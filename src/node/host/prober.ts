import { setTimeout as sleep } from 'node:timers/promises'
import { logger } from '@libp2p/logger'
import { MAX_PROBE_DURATION_MS, PROBE_PROTOCOL, ProbeError, measureDownload, measureUpload } from '../../protocols/probe/index.js'
import type { CascadeLibp2p } from '../libp2p.js'
import type { UploadLimiter } from '../upload-limiter.js'
import type { Measurement } from './database.js'
import type { PeerId } from '@libp2p/interface'

const log = logger('cascade:host:prober')

/**
 * One second per direction: long enough that a token bucket's burst and the
 * first frame's transit are a few percent of the total, short enough that a
 * fleet of a hundred devices is measured within a few minutes.
 */
export const DEFAULT_PROBE_DURATION_MS = 1_000

const PROBE_TIMEOUT_MS = 30_000

/**
 * A probe starts only once no other measurement was asked for this long: a
 * burst of joins (a fleet starting, or re-joining after a host restart) fills
 * the members' and the host's CPUs and links with handshakes. On the
 * reference testbed the first probe of every run at N = 32 ran inside the
 * burst, with a ping of 87–343 ms where the others saw 11–22 ms, and read
 * uplinks up to 30 % low (a 10 Mbit/s relay at 819 KiB/s); the planner then
 * chose four stripes, which two cores cannot carry at N = 32
 * (docs/benchmarks.md, "Probes after the joins"). The members of those
 * runs joined within 2.4–4.6 s, each less than a second after the one
 * before.
 */
export const PROBE_SETTLE_MS = 1_000

/** ...but a probe waits no longer than this after it was asked for: members joining one by one must still be measured. */
export const PROBE_SETTLE_MAX_MS = 10_000

/**
 * Upload probes per measurement; the highest reading is kept. A probe errs
 * one way only: a stall, a loss's recovery or a busy CPU slow it, nothing
 * makes a link deliver more than it can. On the reference testbed one probe
 * read 10 Mbit/s uplinks at 0.86–1.00 of their goodput, and in one run two
 * of a fleet's four fastest members 16 % low, so that the planner chose three
 * stripes where their true rates give four (docs/benchmarks-log.md, "A slower
 * day"). The second probe costs each member one more probe duration, and
 * on a slow link the drain of what the sender queued: on the testbed a
 * member took 3.8–6.2 s to measure where it took 2.5–4.1 s.
 */
export const UPLOAD_PROBES = 2

/**
 * An upload probe that counted nothing is run again this many times as long
 * (at most MAX_PROBE_DURATION_MS, which a node answers). The filler travels
 * in 64 KiB frames and the first is not counted (it is the token bucket's
 * burst, src/node/upload-limiter.ts), so a member whose `--upload-limit` is
 * under about 64 KiB/s lets no second frame out within a one-second probe,
 * and was never measured. Ten seconds measure caps down to about 6.5 KB/s.
 */
export const SLOW_PROBE_FACTOR = 10

export interface ProberInit {
  libp2p: CascadeLibp2p
  limiter: UploadLimiter
  durationMs?: number
}

/**
 * Measures members one at a time: probes run concurrently would share the
 * host's own link and each would see a fraction of the truth.
 */
export class Prober {
  private readonly init: ProberInit
  private queue: Promise<unknown> = Promise.resolve()
  private readonly pending = new Map<string, Promise<Measurement>>()
  /** when the last measurement was asked for */
  private lastAskedAt = 0

  constructor (init: ProberInit) {
    this.init = init
  }

  /** Whether a measurement is queued or running. */
  get busy (): boolean {
    return this.pending.size > 0
  }

  /** Queues a measurement; a peer already queued is measured once. */
  async measure (peer: PeerId): Promise<Measurement> {
    const key = peer.toString()
    const queued = this.pending.get(key)
    if (queued != null) {
      return queued
    }
    const askedAt = Date.now()
    this.lastAskedAt = askedAt
    const turn = this.queue.then(async () => {
      await this.settle(askedAt)
      return this.measureNow(peer)
    })
    this.queue = turn.catch(() => {})
    this.pending.set(key, turn)
    try {
      return await turn
    } finally {
      this.pending.delete(key)
    }
  }

  /** Waits until no measurement was asked for in PROBE_SETTLE_MS, or PROBE_SETTLE_MAX_MS after `askedAt`. */
  private async settle (askedAt: number): Promise<void> {
    for (;;) {
      const now = Date.now()
      const wait = Math.min(PROBE_SETTLE_MS - (now - this.lastAskedAt), PROBE_SETTLE_MAX_MS - (now - askedAt))
      if (wait <= 0) return
      // not holding a stopping host's process open
      await sleep(wait, undefined, { ref: false })
    }
  }

  /** One upload reading; one that counted nothing is taken again over a probe SLOW_PROBE_FACTOR times as long. */
  private async readUpload (peer: PeerId, durationMs: number, signal: AbortSignal): Promise<{ rate: number, long: boolean }> {
    const read = async (ms: number): Promise<number> => (await measureUpload(await this.init.libp2p.dialProtocol(peer, PROBE_PROTOCOL, { signal }), ms, { signal })).rate
    try {
      return { rate: await read(durationMs), long: false }
    } catch (err: any) {
      const longMs = Math.min(durationMs * SLOW_PROBE_FACTOR, MAX_PROBE_DURATION_MS)
      if (!(err instanceof ProbeError) || signal.aborted || longMs <= durationMs) {
        throw err
      }
      log('%p: an upload probe of %d ms counted nothing (%s); probing for %d ms', peer, durationMs, err.message, longMs)
      return { rate: await read(longMs), long: true }
    }
  }

  private async measureNow (peer: PeerId): Promise<Measurement> {
    const durationMs = this.init.durationMs ?? DEFAULT_PROBE_DURATION_MS
    const signal = AbortSignal.timeout(PROBE_TIMEOUT_MS)
    const libp2p = this.init.libp2p
    const rttMs = await libp2p.services.ping.ping(peer, { signal })
    const uploads: number[] = []
    for (let i = 0; i < UPLOAD_PROBES; i++) {
      const reading = await this.readUpload(peer, durationMs, signal)
      uploads.push(reading.rate)
      // a slow cap read over a long probe: a second long one would add seconds, not accuracy
      if (reading.long) break
    }
    const upload = Math.max(...uploads)
    const download = await measureDownload(await libp2p.dialProtocol(peer, PROBE_PROTOCOL, { signal }), durationMs, this.init.limiter, { signal })
    log('%p: upload %d B/s (readings %s), download %d B/s, rtt %d ms', peer, Math.round(upload), uploads.map(Math.round).join(', '), Math.round(download.rate), rttMs)
    return { uploadBps: upload, downloadBps: download.rate, rttMs, measuredAt: Date.now() }
  }
}
