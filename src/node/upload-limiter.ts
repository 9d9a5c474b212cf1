import { setTimeout as sleep } from 'node:timers/promises'

/**
 * Caps everything a node sends on Cascade's protocols (`--upload-limit`).
 * It keeps relaying unnoticeable to a device's user (docs/install-policy.md, "Relaying") and lets
 * simulations build meshes with heterogeneous uplinks.
 */
export interface UploadLimiter {
  /** bytes/s, or undefined when unlimited */
  readonly rate: number | undefined
  /** Resolves when `bytes` may be sent. Callers are served in arrival order. */
  take(bytes: number, signal?: AbortSignal): Promise<void>
}

/**
 * The burst a bucket may save up while idle: 20 ms of traffic, at least one
 * 64 KiB frame. Small enough that a one-second speed probe sees the cap
 * within a few percent, large enough that timer granularity (~1 ms) does not
 * slow a fast link down.
 */
const BURST_SECONDS = 0.02
const MIN_BURST_BYTES = 64 * 1024

class TokenBucket implements UploadLimiter {
  readonly rate: number
  private readonly burst: number
  private tokens: number
  private refilledAt: number
  private queue: Promise<void> = Promise.resolve()

  constructor (rate: number) {
    this.rate = rate
    this.burst = Math.max(MIN_BURST_BYTES, rate * BURST_SECONDS)
    this.tokens = this.burst
    this.refilledAt = performance.now()
  }

  async take (bytes: number, signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(async () => { await this.consume(bytes, signal) })
    // a caller that gave up must not block the ones behind it
    this.queue = turn.catch(() => {})
    await turn
  }

  private async consume (bytes: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted()
    const now = performance.now()
    this.tokens = Math.min(this.burst, this.tokens + (now - this.refilledAt) * this.rate / 1000)
    this.refilledAt = now
    // go into debt and wait it off, so frames larger than the burst still pass
    this.tokens -= bytes
    if (this.tokens < 0) {
      await sleep(-this.tokens * 1000 / this.rate, undefined, { signal })
    }
  }
}

const unlimited: UploadLimiter = {
  rate: undefined,
  async take () {}
}

export function createUploadLimiter (rate?: number): UploadLimiter {
  return rate == null ? unlimited : new TokenBucket(rate)
}
