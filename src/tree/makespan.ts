import { pipelinedTime } from './rate.js'
import { measureTree } from './structure.js'
import type { Plan, PlanPeer } from './types.js'

/**
 * Pipelined finishing time of a plan, for comparing plans: the package
 * streams at the tree's rate r (capped by the slowest download), and the
 * deepest leaf starts (depth - 1) chunk times after the host's children:
 *
 *   (S + (depth - 1)·C) / r
 *
 * exact for a uniform pipeline (a chain of equal relays). The rate is
 * measured from the tree and the given rates, not taken from the plan, so
 * an edited plan is judged as it is. Infinity if some relay cannot upload.
 */
export function estimateMakespan (plan: Plan, size: number, chunkSize: number, hostUpload: number, peers: PlanPeer[]): number {
  if (plan.parentOf.size === 0 || size === 0) return 0
  const peersById = new Map(peers.map(peer => [peer.id, peer]))
  let { streamRate, depth } = measureTree({ hostUpload, hostChildren: plan.children, peersById })
  for (const id of plan.parentOf.keys()) {
    const download = peersById.get(id)?.download
    if (download !== undefined) streamRate = Math.min(streamRate, download)
  }
  if (!(streamRate > 0)) return Infinity
  return pipelinedTime({ size, chunkSize }, streamRate, depth)
}
