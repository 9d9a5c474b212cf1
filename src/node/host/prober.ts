import { logger } from '@libp2p/logger'
import { PROBE_PROTOCOL, measureDownload, measureUpload } from '../../protocols/probe/index.js'
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
    const turn = this.queue.then(async () => this.measureNow(peer))
    this.queue = turn.catch(() => {})
    this.pending.set(key, turn)
    try {
      return await turn
    } finally {
      this.pending.delete(key)
    }
  }

  private async measureNow (peer: PeerId): Promise<Measurement> {
    const durationMs = this.init.durationMs ?? DEFAULT_PROBE_DURATION_MS
    const signal = AbortSignal.timeout(PROBE_TIMEOUT_MS)
    const libp2p = this.init.libp2p
    const rttMs = await libp2p.services.ping.ping(peer, { signal })
    const upload = await measureUpload(await libp2p.dialProtocol(peer, PROBE_PROTOCOL, { signal }), durationMs, { signal })
    const download = await measureDownload(await libp2p.dialProtocol(peer, PROBE_PROTOCOL, { signal }), durationMs, this.init.limiter, { signal })
    log('%p: upload %d B/s, download %d B/s, rtt %d ms', peer, Math.round(upload.rate), Math.round(download.rate), rttMs)
    return { uploadBps: upload.rate, downloadBps: download.rate, rttMs, measuredAt: Date.now() }
  }
}
