import { DEFAULT_MAX_FANOUT, SLOT_EPSILON } from './constants.js'
import { InvalidPlanInputError } from './errors.js'
import type { PlanOptions, PlanPeer } from './types.js'

/**
 * The clients in speed order as flat arrays: the planner's hot loops run
 * over up to 100,000 of them several dozen times.
 */
export interface SortedFleet {
  ids: string[]
  upload: Float64Array
  /** Infinity where the download was not measured. */
  download: Float64Array
  /** 0 for excluded peers: they receive but never relay. */
  relays: Uint8Array
}

/** Fan-out caps and exclusions with defaults applied and validated. */
export interface FanoutLimits {
  maxFanout: number
  hostMaxFanout: number
  exclude: Set<string>
}

/** Decreasing upload, ties by id (code-unit order, not locale: the same on every host). */
export function compareBySpeed (a: PlanPeer, b: PlanPeer): number {
  return b.upload - a.upload || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

function checkRate (value: number, what: string): void {
  if (!(value >= 0)) {
    throw new InvalidPlanInputError(`${what} must be a non-negative number of bytes/s, got ${value}`)
  }
}

/** Throws unless `value` is a whole count of children (an integer >= 1). */
export function checkFanout (value: number, what: string): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidPlanInputError(`${what} must be an integer >= 1, got ${value}`)
  }
}

export function fanoutLimits (options: PlanOptions = {}): FanoutLimits {
  const maxFanout = options.maxFanout ?? DEFAULT_MAX_FANOUT
  const hostMaxFanout = options.hostMaxFanout ?? maxFanout
  checkFanout(maxFanout, 'maxFanout')
  checkFanout(hostMaxFanout, 'hostMaxFanout')
  return { maxFanout, hostMaxFanout, exclude: options.exclude ?? new Set() }
}

export function sortFleet (hostUpload: number, peers: PlanPeer[], exclude: Set<string>): SortedFleet {
  checkRate(hostUpload, 'host upload')
  const seen = new Set<string>()
  for (const peer of peers) {
    if (seen.has(peer.id)) {
      throw new InvalidPlanInputError(`duplicate peer id ${peer.id}`)
    }
    seen.add(peer.id)
    checkRate(peer.upload, `upload of ${peer.id}`)
    if (peer.download !== undefined) {
      checkRate(peer.download, `download of ${peer.id}`)
    }
  }
  const sorted = [...peers].sort(compareBySpeed)
  const n = sorted.length
  const fleet: SortedFleet = {
    ids: new Array<string>(n),
    upload: new Float64Array(n),
    download: new Float64Array(n),
    relays: new Uint8Array(n)
  }
  for (let i = 0; i < n; i++) {
    const peer = sorted[i]
    fleet.ids[i] = peer.id
    fleet.upload[i] = peer.upload
    fleet.download[i] = peer.download ?? Infinity
    fleet.relays[i] = exclude.has(peer.id) ? 0 : 1
  }
  return fleet
}

/**
 * How many children a client can feed at `rate`: its upload split `rate`
 * per child, capped by the fan-out limit. A client must also receive at
 * `rate` to forward at `rate`, so a download below it makes it a leaf. At
 * rate 0 (the degraded plan) every relay that can upload at all takes the
 * full fan-out.
 */
export function clientSlots (upload: number, download: number, relays: number, rate: number, maxFanout: number): number {
  if (relays === 0) return 0
  if (rate === 0) return upload > 0 && download > 0 ? maxFanout : 0
  if (download < rate) return 0
  return Math.min(maxFanout, Math.floor(upload / rate + SLOT_EPSILON))
}

/** How many children the host can feed at `rate` (see `clientSlots`). */
export function hostSlots (hostUpload: number, rate: number, hostMaxFanout: number): number {
  if (rate === 0) return hostUpload > 0 ? hostMaxFanout : 0
  return Math.min(hostMaxFanout, Math.floor(hostUpload / rate + SLOT_EPSILON))
}
