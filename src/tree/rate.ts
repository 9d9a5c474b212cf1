import { RATE_STEPS_PER_OCTAVE } from './constants.js'
import type { BreadthFirstFill } from './fill.js'
import type { FanoutLimits, SortedFleet } from './fleet.js'

/** What the pipelined estimate needs to weigh stream rate against depth. */
export interface PipelineShape {
  size: number
  chunkSize: number
}

/**
 * Every rate at which some node's slot count changes, highest first: U/k for
 * the host and each relay (k up to its fan-out cap), and each relay's
 * download (above it the relay becomes a leaf). Between two of these the
 * fill is the same, and the highest rate of each such interval is one of
 * them, so the best feasible rate is among them. Rates above the host's
 * upload leave the host without a child and are dropped.
 */
export function candidateRates (fleet: SortedFleet, hostUpload: number, limits: FanoutLimits): Float64Array {
  const { upload, download, relays } = fleet
  const rates: number[] = []
  for (let k = 1; k <= limits.hostMaxFanout; k++) rates.push(hostUpload / k)
  for (let i = 0; i < upload.length; i++) {
    if (relays[i] === 0 || upload[i] === 0) continue
    for (let k = 1; k <= limits.maxFanout; k++) rates.push(upload[i] / k)
    if (Number.isFinite(download[i])) rates.push(download[i])
  }
  const sorted = Float64Array.from(rates.filter(rate => rate > 0 && rate <= hostUpload)).sort().reverse()
  let unique = 0
  for (let i = 0; i < sorted.length; i++) {
    if (unique === 0 || sorted[i] !== sorted[unique - 1]) sorted[unique++] = sorted[i]
  }
  return sorted.subarray(0, unique)
}

/** Index of the first rate in `rates` (decreasing) that is <= `limit`, or rates.length. */
function firstAtOrBelow (rates: Float64Array, limit: number, from: number): number {
  let low = from
  let high = rates.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (rates[middle] <= limit) high = middle
    else low = middle + 1
  }
  return low
}

/** Pipelined finishing time of the deepest leaf: S/r to stream, plus one chunk time per extra hop. */
export function pipelinedTime (shape: PipelineShape, rate: number, depth: number): number {
  const chunk = Math.min(shape.chunkSize, shape.size)
  return (shape.size + Math.max(0, depth - 1) * chunk) / rate
}

/**
 * Picks the tree's stream rate among `rates` (decreasing); returns its
 * index, or -1 if no positive rate attaches everyone.
 *
 * Without a pipeline shape: the highest feasible rate (binary search, the
 * fill being monotone). With one: the highest feasible rate maximises S/r
 * but yields the thinnest, deepest tree (equal uploads give a chain), and
 * every hop costs a chunk time. So rates below it are sampled
 * geometrically while S/r alone could still beat the best time found, and
 * the best sample is refined to the highest rate with the same depth.
 */
export function chooseStreamRate (fill: BreadthFirstFill, rates: Float64Array, shape?: PipelineShape): number {
  let low = 0
  let high = rates.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (fill.isFeasible(rates[middle])) high = middle
    else low = middle + 1
  }
  if (low === rates.length) return -1
  const highest = low
  if (shape === undefined) return highest

  const step = 2 ** (1 / RATE_STEPS_PER_OCTAVE)
  let bestIndex = highest
  let bestDepth = fill.fill(rates[highest])
  let bestTime = pipelinedTime(shape, rates[highest], bestDepth)
  let bestPrevious = highest // last sample above the best one: the refinement's upper end
  let previous = highest
  let target = rates[highest]
  for (;;) {
    target /= step
    if (shape.size / target >= bestTime) break
    const index = firstAtOrBelow(rates, target, previous + 1)
    if (index >= rates.length) break
    target = rates[index]
    const depth = fill.fill(target)
    const time = pipelinedTime(shape, target, depth)
    if (time < bestTime) {
      bestIndex = index
      bestDepth = depth
      bestTime = time
      bestPrevious = previous
    }
    previous = index
  }

  if (bestIndex === highest) return highest
  // Depth only shrinks as the rate falls: the highest rate between the sample
  // above and the best sample that still reaches the best depth.
  low = bestPrevious + 1
  high = bestIndex
  while (low < high) {
    const middle = (low + high) >>> 1
    if (fill.fill(rates[middle]) <= bestDepth) high = middle
    else low = middle + 1
  }
  return low
}
