/**
 * Speed measurements of members (one at a time, see prober.ts), recorded in
 * the registry and announced as `member:measured`. A measurement that fails
 * (a probe timing out on a loaded machine, a link hiccup) is tried again a
 * few times with backoff while the member stays online.
 */
import { EventEmitter } from 'node:events'
import { logger } from '@libp2p/logger'
import { Prober } from './prober.js'
import type { CoreComponents } from './components.js'
import type { Measurement } from './database.js'
import type { PeerId } from '@libp2p/interface'

const log = logger('cascade:host:measurements')

/**
 * Waits before each retry of a failed measurement: a probe that timed out
 * because the machine was busy usually passes a couple of seconds later, a
 * link hiccup within tens of seconds; after these the member stays
 * unmeasured until it re-joins (the planner then uses the fallback speeds).
 */
export const PROBE_RETRY_DELAYS_MS: readonly number[] = [2_000, 8_000, 30_000]

export interface MeasurementsEvents {
  'member:measured': [{ peerId: string } & Measurement]
}

export class Measurements extends EventEmitter<MeasurementsEvents> {
  private readonly components: Pick<CoreComponents, 'database' | 'channels'>
  private readonly prober: Prober
  private readonly retryDelaysMs: readonly number[]
  /** retries waiting, by peer id */
  private readonly retries = new Map<string, ReturnType<typeof setTimeout>>()
  private stopped = false

  constructor (components: Pick<CoreComponents, 'libp2p' | 'limiter' | 'database' | 'channels'>, probeDurationMs?: number, retryDelaysMs = PROBE_RETRY_DELAYS_MS) {
    super()
    this.components = components
    this.prober = new Prober({ libp2p: components.libp2p, limiter: components.limiter, durationMs: probeDurationMs })
    this.retryDelaysMs = retryDelaysMs
  }

  /** Whether a probe is queued or running (a retry waiting is not). */
  get probing (): boolean {
    return this.prober.busy
  }

  /** Measures one member and records the result; on failure a retry is scheduled (see PROBE_RETRY_DELAYS_MS). */
  async measure (peer: PeerId): Promise<Measurement> {
    return this.attempt(peer, 0)
  }

  private async attempt (peer: PeerId, attempt: number): Promise<Measurement> {
    const key = peer.toString()
    this.cancelRetry(key)
    try {
      const measurement = await this.prober.measure(peer)
      if (this.components.database.db.isOpen) {
        this.components.database.setMeasurement(key, measurement)
      }
      this.emit('member:measured', { peerId: key, ...measurement })
      return measurement
    } catch (err: any) {
      // expected on a flaky link or a busy machine: not an error of the host
      log('measuring %p failed (attempt %d of %d): %e', peer, attempt + 1, this.retryDelaysMs.length + 1, err)
      this.scheduleRetry(peer, attempt + 1)
      throw err
    }
  }

  /** Tries again after the next delay, if the member is still online and retries remain. */
  private scheduleRetry (peer: PeerId, attempt: number): void {
    const key = peer.toString()
    const delayMs = this.retryDelaysMs[attempt - 1]
    if (this.stopped || delayMs == null || !this.components.channels.has(key) || this.retries.has(key)) {
      return
    }
    const timer = setTimeout(() => {
      this.retries.delete(key)
      if (!this.stopped && this.components.channels.has(key)) {
        this.attempt(peer, attempt).catch(() => {})
      }
    }, delayMs)
    timer.unref()
    this.retries.set(key, timer)
  }

  private cancelRetry (key: string): void {
    clearTimeout(this.retries.get(key))
    this.retries.delete(key)
  }

  /** Measures every online member again, one at a time. */
  async remeasure (): Promise<void> {
    await Promise.allSettled(this.components.channels.peers().map(async peer => this.measure(peer)))
  }

  /** Drops the retries waiting (the host is stopping). */
  stop (): void {
    this.stopped = true
    for (const key of [...this.retries.keys()]) {
      this.cancelRetry(key)
    }
  }
}
