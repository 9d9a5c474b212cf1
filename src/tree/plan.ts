import { BreadthFirstFill } from './fill.js'
import { fanoutLimits, sortFleet } from './fleet.js'
import { candidateRates, chooseStreamRate } from './rate.js'
import { measureTree } from './structure.js'
import { InvalidPlanInputError } from './errors.js'
import type { PipelineShape } from './rate.js'
import type { Plan, PlanOptions, PlanPeer, TreeNode } from './types.js'

/** The package's size and chunk size from the options, if given (both or neither). */
export function pipelineShape (options: PlanOptions): PipelineShape | undefined {
  const { size, chunkSize } = options
  if (size === undefined && chunkSize === undefined) return undefined
  if (size === undefined || chunkSize === undefined) {
    throw new InvalidPlanInputError('size and chunkSize go together')
  }
  if (!(size > 0) || !(chunkSize > 0)) {
    throw new InvalidPlanInputError(`size and chunkSize must be positive, got ${size} and ${chunkSize}`)
  }
  return { size, chunkSize }
}

/**
 * Plans the relay tree: clients sorted by decreasing upload, each node given
 * as many children as its upload feeds at the stream rate r (at most its
 * fan-out cap), r as high as still attaches every client, filled breadth
 * first so the fastest are nearest the host. With `size` and `chunkSize`
 * the rate may be lowered when the shallower tree finishes sooner.
 *
 * Degraded case: when no r > 0 attaches everyone (clients that cannot
 * upload, or all excluded, or a host that cannot upload), every relay with
 * any upload takes its full fan-out and the host takes as many children as
 * are still needed, beyond `hostMaxFanout`: the host always holds the
 * package, while a client's cap is a promise to its user (relaying stays unnoticeable). The
 * plan is marked `degraded`; its streamRate is what the tree really gets
 * (0 if the host or a relay cannot upload).
 *
 * Pure and O(N log N): 100,000 clients plan in well under a second.
 */
export function planTree (hostUpload: number, peers: PlanPeer[], options: PlanOptions = {}): Plan {
  const limits = fanoutLimits(options)
  const shape = pipelineShape(options)
  const fleet = sortFleet(hostUpload, peers, limits.exclude)
  const fill = new BreadthFirstFill(fleet, hostUpload, limits)
  const rates = candidateRates(fleet, hostUpload, limits)
  const chosen = chooseStreamRate(fill, rates, shape)
  const degraded = chosen === -1 && fleet.ids.length > 0
  if (degraded) fill.fill(0, fill.degradedHostSlots())
  else if (fleet.ids.length > 0) fill.fill(rates[chosen])

  const nodes: TreeNode[] = fleet.ids.map(id => ({ id, children: [] }))
  const hostChildren: TreeNode[] = []
  for (const index of fill.placement) {
    const parent = fill.parent[index]
    if (parent === -1) hostChildren.push(nodes[index])
    else nodes[parent].children.push(nodes[index])
  }
  const parentOf = new Map<string, string | null>()
  for (const index of fill.placement) {
    const parent = fill.parent[index]
    parentOf.set(fleet.ids[index], parent === -1 ? null : fleet.ids[parent])
  }
  const peersById = new Map(peers.map(peer => [peer.id, peer]))
  const { streamRate, depth } = measureTree({ hostUpload, hostChildren, peersById })
  return {
    order: fleet.ids,
    children: hostChildren,
    streamRate,
    depth,
    parentOf,
    maxFanout: limits.maxFanout,
    hostMaxFanout: limits.hostMaxFanout,
    degraded
  }
}
