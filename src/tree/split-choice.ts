import { MIN_STRIPE_RATE, SPLIT_CHOICE_GAIN, SPLIT_CHOICE_MAX_CLIENTS } from './constants.js'
import { pipelineShape } from './plan.js'
import { splitStripes } from './split.js'
import { measureStripes, stripesTime } from './stripe-makespan.js'
import { planStriped, stripeCounts } from './stripes.js'
import type { CanConnect } from './route-around.js'
import type { PlanPeer, StripedPlan, StripedPlanOptions } from './types.js'

export interface SplitPlanOptions extends StripedPlanOptions {
  /** whether a helper can reach its child (route-around.ts); default: every pair */
  canConnect?: CanConnect
  /** what the caller makes of each candidate's trees before they are split (the host moves the edges that cannot connect, route-around.ts); default: the trees as planned */
  prepare?: (plan: StripedPlan) => StripedPlan
}

/**
 * `planStriped`, then `splitStripes`, with the stripe count chosen with the
 * splits in view (docs/striping.md, "Split stripe-children"). `planStriped`
 * compares counts by their whole slots; a count whose busiest relays feed
 * whole stripes the slower members could share may lose there and win once
 * split. On the reference testbed's probes at N = 32 it chooses one tree,
 * whose busiest uplink plans 40.5 s, where four stripes, split, plan 33.6 s
 * (test/split-choice.test.ts).
 *
 * So, unless `stripes` is given or the fleet is larger than
 * `SPLIT_CHOICE_MAX_CLIENTS`: every count of `STRIPE_CHOICES` (at most the
 * chunk count) is planned, prepared and split, judged by `stripesTime` over
 * its measured stripes with the helpers (`measureStripes`, downloads left
 * out as `planStriped` leaves them), and one takes the place of
 * `planStriped`'s choice only when it is faster by more than
 * `SPLIT_CHOICE_GAIN` (the fastest such count, the smaller on ties). Counts
 * whose stripes stream slower than `MIN_STRIPE_RATE` each, or whose trees
 * cannot be built, are passed over.
 *
 * Pure.
 */
export function planSplit (hostUpload: number, peers: PlanPeer[], options: SplitPlanOptions = {}): StripedPlan {
  const { canConnect, prepare = (plan: StripedPlan) => plan, ...striped } = options
  const split = (plan: StripedPlan): StripedPlan => splitStripes(prepare(plan), peers, { hostUpload, maxFlows: striped.maxFlows, exclude: striped.exclude, canConnect })
  const first = split(planStriped(hostUpload, peers, striped))
  if (striped.stripes !== undefined || peers.length > SPLIT_CHOICE_MAX_CLIENTS) return first

  const peersById = new Map(peers.map(peer => [peer.id, peer]))
  const shape = pipelineShape(striped)
  // without a shape the per-hop term is unknown and the highest rate wins, as in planStriped
  const size = shape?.size ?? 1
  const chunk = shape === undefined ? 0 : Math.min(shape.chunkSize, shape.size)
  const judge = (plan: StripedPlan): { time: number, rate: number } => {
    const { rates, delays } = measureStripes(hostUpload, plan.stripes.map(tree => tree.children), peersById, chunk, plan.stripes.map(tree => tree.helpers))
    return { time: plan.degraded ? Infinity : stripesTime(size, rates, delays, Infinity), rate: rates.reduce((sum, rate) => sum + rate, 0) }
  }
  // another count must beat the first by SPLIT_CHOICE_GAIN; of those that do, the fastest
  let best = { plan: first, time: judge(first).time * (1 - SPLIT_CHOICE_GAIN) }
  for (const k of stripeCounts(undefined, shape)) {
    if (k === first.stripes.length) continue
    const built = planStriped(hostUpload, peers, { ...striped, stripes: k })
    // a count that fell back to one tree
    if (built.stripes.length !== k) continue
    const plan = split(built)
    const { time, rate } = judge(plan)
    if (k > 1 && rate / k < MIN_STRIPE_RATE) continue
    if (time < best.time) best = { plan, time }
  }
  return best.plan
}
