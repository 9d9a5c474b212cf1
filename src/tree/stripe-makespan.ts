import { SPLIT_PARTS } from './constants.js'
import { forEachNode } from './structure.js'
import type { PipelineShape } from './rate.js'
import type { PlanPeer, StripedPlan, StripeSplit, TreeNode } from './types.js'

/**
 * Pipelined finishing time of k uniform stripes at total rate R: each
 * stripe carries S / k at q = R / k, and its deepest leaf starts (depth - 1)
 * stripe-chunk times C / q after the host's children:
 *
 *   (S / k + (depth - 1)·C) / q  =  (S + (depth - 1)·k·C) / R
 *
 * so k stripes pay k times the per-hop delay of one tree at the same rate.
 * Infinity when the trees cannot be built (depth < 0) or R = 0.
 */
export function stripedTime (shape: PipelineShape, stripes: number, rate: number, depth: number): number {
  if (depth < 0 || !(rate > 0)) return Infinity
  const chunk = Math.min(shape.chunkSize, shape.size)
  return (shape.size + Math.max(0, depth - 1) * stripes * chunk) / rate
}

/**
 * The general form, for stripes as built, whose rates and relays differ:
 * stripe s streams S / k at its rate (at most min D / k: every client
 * receives each stripe at no more than its download / k, an even split of
 * its link), and a chunk reaches a client one chunk time per relay above it
 * later, a relay p forwarding at its per-child share e_p = U_p / (its
 * stripe-children in all stripes), not at the stream rate: a fast relay
 * with few children passes a chunk on sooner. The package is complete when
 * the slowest stripe is:
 *
 *   max over s of  (S / k) / min(rate_s, min D / k)  +  delay_s
 *   delay_s = max over clients v of the sum, over the relays p on v's path
 *             below the host, of C / e_p
 *
 * With e_p = rate_s everywhere (uniform stripes) this is
 * (S + (depth - 1)·k·C) / R; with one stripe it is at most
 * `estimateMakespan`'s (S + (depth - 1)·C) / r, equal for a uniform chain.
 */
export function stripesTime (size: number, rates: ArrayLike<number>, delays: ArrayLike<number>, minDownload: number): number {
  const k = rates.length
  let time = 0
  for (let s = 0; s < k; s++) {
    const rate = Math.min(rates[s], minDownload / k)
    if (!(rate > 0)) return Infinity
    time = Math.max(time, size / k / rate + delays[s])
  }
  return time
}

export interface StripeMetrics {
  /** Rate each stripe gets, bytes/s. */
  rates: number[]
  depths: number[]
  /** Per stripe, the most seconds a chunk spends in relays below the host (see `stripesTime`); with chunk size 0, zeros. */
  delays: number[]
}

/**
 * Rates, depths and relay delays of stripe trees as built. A node's upload
 * is split evenly over all its stripe-children, in every stripe; a stripe
 * streams at the least such share over the host and its own relays, and a
 * relay gets at least download / k of each stripe it receives, so that
 * bounds what it forwards too. With one stripe the rate and depth are
 * `measureTree`'s. With `helpers` (per stripe, as `Plan.helpers`: see
 * ./split.ts), a split stripe-child counts as its parts on each side (a
 * quarter of a child on the helper, three quarters on the parent), the
 * helper bounds the stripe's rate as a relay of it does, and the child's
 * chunks come as late as the later of its two paths. Iterative.
 */
export function measureStripes (hostUpload: number, stripes: TreeNode[][], peersById: Map<string, PlanPeer>, chunkSize = 0, helpers: ReadonlyArray<ReadonlyMap<string, StripeSplit> | undefined> = []): StripeMetrics {
  const k = stripes.length
  const edges = new Map<string, number>()
  let hostEdges = 0
  const add = (id: string, count: number): void => { edges.set(id, (edges.get(id) ?? 0) + count) }
  stripes.forEach((hostChildren, s) => {
    hostEdges += hostChildren.length
    forEachNode(hostChildren, node => {
      if (node.children.length > 0) add(node.id, node.children.length)
      for (const child of node.children) {
        const split = helpers[s]?.get(child.id)
        if (split == null) continue
        add(node.id, -split.parts / SPLIT_PARTS)
        add(split.helper, split.parts / SPLIT_PARTS)
      }
    })
  })
  // a relay's per-child share: its upload over its stripe-children, at most what it receives of a stripe
  const shareOf = (id: string): number => {
    const peer = peersById.get(id)
    return Math.min((peer?.upload ?? 0) / (edges.get(id) as number), (peer?.download ?? Infinity) / k)
  }
  const rates: number[] = []
  const depths: number[] = []
  const delays: number[] = []
  stripes.forEach((hostChildren, s) => {
    let rate = hostChildren.length > 0 ? hostUpload / hostEdges : hostUpload
    let delay = 0
    const delayOf = new Map<string, number>()
    const depth = forEachNode(hostChildren, node => {
      const own = delayOf.get(node.id) ?? 0
      delay = Math.max(delay, own)
      if (node.children.length === 0) return
      const share = shareOf(node.id)
      rate = Math.min(rate, share)
      for (const child of node.children) delayOf.set(child.id, own + chunkSize / share)
    })
    for (const [child, { helper }] of helpers[s] ?? []) {
      const share = shareOf(helper)
      rate = Math.min(rate, share)
      delay = Math.max(delay, Math.max(delayOf.get(child) ?? 0, (delayOf.get(helper) ?? 0) + chunkSize / share))
    }
    rates.push(rate)
    depths.push(depth)
    delays.push(delay)
  })
  return { rates, depths, delays }
}

/**
 * Pipelined finishing time of a striped plan (`stripesTime` over the
 * stripes as built, see `measureStripes`), 0 < chunk <= size: what `planStriped` minimises
 * when it chooses the stripe count. Rates are measured from the trees and
 * the given peers, not taken from the plan, so an edited plan is judged as
 * it is. 0 without clients or bytes; Infinity if some relay cannot upload.
 */
export function estimateStripedMakespan (plan: StripedPlan, size: number, chunkSize: number, hostUpload: number, peers: PlanPeer[]): number {
  if (plan.order.length === 0 || size === 0) return 0
  const peersById = new Map(peers.map(peer => [peer.id, peer]))
  const chunk = Math.min(chunkSize, size)
  const { rates, delays } = measureStripes(hostUpload, plan.stripes.map(stripe => stripe.children), peersById, chunk, plan.stripes.map(stripe => stripe.helpers))
  let minDownload = Infinity
  for (const id of plan.order) minDownload = Math.min(minDownload, peersById.get(id)?.download ?? Infinity)
  return stripesTime(size, rates, delays, minDownload)
}
