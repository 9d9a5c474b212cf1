import { HOST_ONCE_TOLERANCE, MIN_STRIPE_RATE, STRIPE_CHOICES, STRIPE_GAIN_THRESHOLD } from './constants.js'
import { InvalidPlanInputError } from './errors.js'
import { checkFanout, fanoutLimits, sortFleet } from './fleet.js'
import { pipelineShape, planTree } from './plan.js'
import { StripeFill } from './stripe-fill.js'
import { measureStripes, stripesTime } from './stripe-makespan.js'
import { chooseStripedRate } from './stripe-rate.js'
import type { FanoutLimits, SortedFleet } from './fleet.js'
import type { PipelineShape } from './rate.js'
import type { Plan, PlanPeer, StripedPlan, StripedPlanOptions, TreeNode } from './types.js'

/** The stripe counts to try: the one asked for, or `STRIPE_CHOICES`; never more than the chunks. */
export function stripeCounts (asked: number | undefined, shape: PipelineShape | undefined): number[] {
  const chunks = shape === undefined ? Infinity : Math.ceil(shape.size / shape.chunkSize)
  if (asked !== undefined) {
    if (!Number.isInteger(asked) || asked < 1) {
      throw new InvalidPlanInputError(`stripes must be an integer >= 1, got ${asked}`)
    }
    // a stripe without a chunk would be an idle tree
    return [Math.min(asked, chunks)]
  }
  return STRIPE_CHOICES.filter(k => k <= chunks)
}

/** One tree as a striped plan of one stripe: what a single-tree strategy hands to code that takes stripes. */
export function asStripedPlan (plan: Plan): StripedPlan {
  return { order: plan.order, stripes: [plan], streamRate: plan.streamRate, depth: plan.depth, degraded: plan.degraded }
}

/**
 * The trees a filled `StripeFill` holds, as Plans (children in breadth-first
 * order, like `planTree`'s). Each tree's fan-out cap is the fan-out limit
 * times k, not `maxFlows`: re-homing the children of a stopped relay
 * (rehome.ts) loads the fastest relays past the plan on purpose, and under
 * nine flows it built chains instead (docs/benchmarks.md, "Flows per uplink").
 */
function stripedPlanOf (fleet: SortedFleet, fill: StripeFill, rates: Float64Array, limits: FanoutLimits): StripedPlan {
  const n = fleet.ids.length
  const k = fill.stripes
  const stripes: Plan[] = []
  for (let s = 0; s < k; s++) {
    const nodes: TreeNode[] = fleet.ids.map(id => ({ id, children: [] }))
    const children: TreeNode[] = []
    const parentOf = new Map<string, string | null>()
    for (let j = s * n; j < (s + 1) * n; j++) {
      const index = fill.order[j]
      const parent = fill.parent[s * n + index]
      if (parent === -1) children.push(nodes[index])
      else nodes[parent].children.push(nodes[index])
      parentOf.set(fleet.ids[index], parent === -1 ? null : fleet.ids[parent])
    }
    stripes.push({
      order: fleet.ids,
      children,
      streamRate: rates[s],
      depth: fill.depths[s],
      parentOf,
      maxFanout: limits.maxFanout * k,
      hostMaxFanout: limits.hostMaxFanout * k,
      degraded: false
    })
  }
  return {
    order: fleet.ids,
    stripes,
    streamRate: rates.reduce((sum, rate) => sum + rate, 0),
    depth: Math.max(...fill.depths),
    degraded: false
  }
}

/** A stripe count's trees at the rate `chooseStripedRate` picks, measured; undefined when none is feasible (or none can beat `beat`). */
function buildStripes (fill: StripeFill, hostUpload: number, shape: PipelineShape | undefined, chunk: number, beat: number): { fill: StripeFill, rates: Float64Array, delays: Float64Array, hostChildren: number } | undefined {
  if (chooseStripedRate(fill, hostUpload, shape, beat) === 0) return undefined
  const rates = new Float64Array(fill.stripes)
  const delays = new Float64Array(fill.stripes)
  fill.measure(rates, delays, chunk)
  return { fill, rates, delays, hostChildren: fill.hostSlotsIn.reduce((sum, slots) => sum + slots, 0) }
}

/**
 * Plans the package striped over k relay trees (SplitStream): chunk i goes
 * down tree i mod k, every tree spans every client, and a client relays in
 * the stripes it is interior in, so uplinks that would idle as leaves of a
 * single tree carry stripes (see `StripeFill` for the slots, the caps and
 * how slots are dealt to stripes). The total rate R is the highest at which
 * every stripe spans everyone, traded for depth when `size` and
 * `chunkSize` are given (`chooseStripedRate`).
 *
 * The stripe count is `options.stripes`, or the one of `STRIPE_CHOICES` (1..8)
 * (at most the chunk count) with the least `stripesTime` (roughly
 * (S + (depth - 1)·k·C) / R, relays that feed few children passing chunks
 * on sooner: see `estimateStripedMakespan`); a larger k must win by
 * more than `STRIPE_GAIN_THRESHOLD`, and never one whose stripes stream
 * slower than `MIN_STRIPE_RATE` each. With `maxFlows`, no uplink feeds more
 * stripe-children than that in all (the host's `DROP_TAIL_MAX_FLOWS`), so a
 * count that needs more is planned at the lower rate the cap allows.
 * A count whose trees have the host feed some stripe twice keeps its
 * estimate, but its trees are traded for ones feeding each stripe once when
 * those are within `HOST_ONCE_TOLERANCE` of it (nobody can send the host's
 * bytes for it).
 * Without `size` and `chunkSize` the
 * per-hop term is unknown and the highest R wins. A client whose download
 * is below a count's rate bounds only its own time (it is a leaf in every
 * stripe), so the counts are compared as if no download were measured: one
 * slow or misread downlink does not push the whole fleet into one tree. One stripe is exactly
 * `planTree`'s plan; k > 1 stripes whose trees cannot be built (a relay
 * without upload, all excluded: what `planTree` calls degraded) fall back
 * to it.
 *
 * Pure; O(k·N) per candidate rate: 100,000 clients in a few hundred ms.
 */
export function planStriped (hostUpload: number, peers: PlanPeer[], options: StripedPlanOptions = {}): StripedPlan {
  const { stripes: asked, maxFlows = Infinity, ...treeOptions } = options
  if (maxFlows !== Infinity) checkFanout(maxFlows, 'maxFlows')
  const shape = pipelineShape(treeOptions)
  const counts = stripeCounts(asked, shape)
  const limits = fanoutLimits(treeOptions)
  const fleet = sortFleet(hostUpload, peers, limits.exclude)
  // counts are compared without the fleet's slowest download: a client that cannot receive at a
  // count's rate is a leaf in every stripe and finishes at S / its download whatever the count,
  // so that floor, the same for every count, only hid the differences the rest of the fleet sees
  const downloadFloor = Infinity
  // without a shape, time = 1 / R: the highest rate wins
  const size = shape?.size ?? 1
  const chunk = shape === undefined ? 0 : Math.min(shape.chunkSize, shape.size)

  let best: { time: number, plan: () => StripedPlan } | undefined
  for (const k of counts) {
    let time: number
    let plan: () => StripedPlan
    if (k === 1) {
      const tree = planTree(hostUpload, peers, treeOptions)
      const { delays } = measureStripes(hostUpload, [tree.children], new Map(peers.map(peer => [peer.id, peer])), chunk)
      time = tree.degraded ? Infinity : stripesTime(size, [tree.streamRate], delays, downloadFloor)
      plan = () => asStripedPlan(tree)
    } else {
      if (fleet.ids.length === 0) continue
      const beat = best === undefined ? Infinity : best.time * (1 - STRIPE_GAIN_THRESHOLD)
      const built = buildStripes(new StripeFill(fleet, hostUpload, limits, k, maxFlows), hostUpload, shape, chunk, beat)
      if (built === undefined) continue
      if (asked === undefined && built.rates.reduce((sum, rate) => sum + rate, 0) / k < MIN_STRIPE_RATE) continue
      time = stripesTime(size, built.rates, built.delays, downloadFloor)
      // the count is chosen by this estimate; its trees may still be traded for ones whose host feeds each stripe once
      let chosen = built
      if (built.hostChildren > k) {
        const once = buildStripes(new StripeFill(fleet, hostUpload, { ...limits, hostMaxFanout: 1 }, k, maxFlows), hostUpload, shape, chunk, Infinity)
        if (once !== undefined && stripesTime(size, once.rates, once.delays, downloadFloor) <= time * (1 + HOST_ONCE_TOLERANCE)) chosen = once
      }
      plan = () => stripedPlanOf(fleet, chosen.fill, chosen.rates, limits)
    }
    if (best === undefined || time < best.time * (1 - STRIPE_GAIN_THRESHOLD)) best = { time, plan }
  }
  return best === undefined ? asStripedPlan(planTree(hostUpload, peers, treeOptions)) : best.plan()
}
