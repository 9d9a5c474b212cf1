/**
 * The pairs of members that could not connect (docs/internet.md): a planned
 * parent whose child never received a byte from it before the stall
 * watchdog gave up on the edge. The planner never plans such a pair again
 * (src/tree/route-around.ts), in this deployment or a later one, until the
 * host restarts or either member re-joins from another address.
 */
import { EventEmitter } from 'node:events'
import { logger } from '@libp2p/logger'

const log = logger('cascade:host:failed-pairs')

export interface FailedPair {
  parent: string
  child: string
  reason: string
  /** the child's observed IP when it failed: a re-join from elsewhere may work */
  childIp: string
}

/** Pairs kept at most: the oldest is forgotten first (one per member of a 100,000-member fleet, and more). */
const MAX_FAILED_PAIRS = 200_000

export interface FailedPairsEvents {
  /** a pair newly found unable to connect */
  'pair:failed': [FailedPair]
}

export class FailedPairs extends EventEmitter<FailedPairsEvents> {
  private readonly pairs = new Map<string, FailedPair>()

  add (pair: FailedPair): void {
    const key = `${pair.parent}>${pair.child}`
    if (this.pairs.has(key)) return
    if (this.pairs.size >= MAX_FAILED_PAIRS) {
      const oldest = this.pairs.keys().next().value
      if (oldest != null) this.pairs.delete(oldest)
    }
    this.pairs.set(key, pair)
    log('%s could not feed %s: %s; not planned again', pair.parent, pair.child, pair.reason)
    this.emit('pair:failed', pair)
  }

  /** Whether `parent` failed to feed `child` while the child was at `childIp`. */
  has (parent: string, child: string, childIp?: string): boolean {
    const pair = this.pairs.get(`${parent}>${child}`)
    return pair != null && (childIp == null || pair.childIp === childIp)
  }

  list (): FailedPair[] {
    return [...this.pairs.values()]
  }
}
