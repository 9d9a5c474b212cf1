import { RATE_STEPS_PER_OCTAVE, STRIPE_RATE_BISECTIONS } from './constants.js'
import { stripedTime } from './stripe-makespan.js'
import type { PipelineShape } from './rate.js'
import type { StripeFill } from './stripe-fill.js'

/**
 * Bisections of the depth refinement: the interval is one sampling step
 * (2^(1/16), ~4.4 %) wide, so 8 halvings leave it under 2e-4 of the
 * rate, below any measurement's precision.
 */
const REFINE_BISECTIONS = 8

/**
 * The highest total rate at which every stripe spans every client, or 0 if
 * none does. R never exceeds the host's upload (it needs a slot per stripe,
 * q = R / k <= U_h / k), and feasibility is monotone in R, so bisection
 * finds it to 2^-40 of U_h. The exact breakpoint does not matter: the trees
 * are the same on both sides of it up to that precision, and the plan's
 * rate is then measured from the trees as built.
 */
export function highestStripedRate (fill: StripeFill, hostUpload: number): number {
  if (!(hostUpload > 0)) return 0
  if (fill.isFeasible(hostUpload)) return hostUpload
  let low = hostUpload * 2 ** -STRIPE_RATE_BISECTIONS
  if (!fill.isFeasible(low)) return 0
  let high = hostUpload
  for (let step = 0; step < STRIPE_RATE_BISECTIONS; step++) {
    const middle = (low + high) / 2
    if (fill.isFeasible(middle)) low = middle
    else high = middle
  }
  return low
}

/**
 * The total rate to build the stripes at, or 0 if none is feasible. Without
 * a pipeline shape: the highest. With one: as `chooseStreamRate` does for one
 * tree, lower rates are sampled geometrically while S / R alone could still
 * beat the best estimate, each judged by (S + (depth - 1)·k·C) / R (a
 * stripe's chunk crosses a hop in k·C / R), and the best sample is refined
 * to the highest rate that keeps its depth. Leaves `fill` filled at the
 * returned rate.
 *
 * `beat`: the best time another stripe count reached. No rate whose S / R
 * alone is not below it is worth sampling, and if the highest is not, this
 * stripe count is out (0): at 100,000 clients that skips most of the work
 * for counts that cannot win.
 */
export function chooseStripedRate (fill: StripeFill, hostUpload: number, shape?: PipelineShape, beat = Infinity): number {
  const highest = highestStripedRate(fill, hostUpload)
  if (highest === 0) return 0
  if (shape === undefined) return fill.fill(highest) < 0 ? 0 : highest
  if (shape.size / highest >= beat) return 0
  const k = fill.stripes
  let bestDepth = fill.depthAt(highest)
  if (bestDepth < 0) return 0

  const step = 2 ** (1 / RATE_STEPS_PER_OCTAVE)
  let best = highest
  let bestTime = stripedTime(shape, k, highest, bestDepth)
  let above = highest // the sample before the best one: the refinement's upper end
  let previous = highest
  for (let rate = highest / step; shape.size / rate < Math.min(bestTime, beat); rate /= step) {
    const depth = fill.depthAt(rate)
    const time = stripedTime(shape, k, rate, depth)
    if (depth >= 0 && time < bestTime) {
      best = rate
      bestDepth = depth
      bestTime = time
      above = previous
    }
    previous = rate
  }
  if (best !== highest) {
    // Depth only shrinks as the rate falls: the highest rate above the best sample with its depth.
    let low = best
    let high = above
    for (let i = 0; i < REFINE_BISECTIONS; i++) {
      const middle = (low + high) / 2
      const depth = fill.depthAt(middle)
      if (depth >= 0 && depth <= bestDepth) low = middle
      else high = middle
    }
    best = low
  }
  return fill.fill(best) < 0 ? 0 : best
}
