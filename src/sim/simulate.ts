import { lowerBound, planStriped, planTree } from '../tree/index.js'
import { simulateStripedFlows } from './engine.js'
import { InvalidSimInputError } from './errors.js'
import { stripedFlows } from './flows.js'
import { binaryParents, planParents, starParents } from './topology.js'
import type { Plan, PlanPeer, StripedPlan } from '../tree/index.js'
import type { RelayMode, SimInput, SimResult, Strategy } from './types.js'

function checkInput ({ size, chunkSize, hostUpload, peers }: SimInput): void {
  if (!(size > 0) || !Number.isFinite(size)) throw new InvalidSimInputError(`size must be positive, got ${size}`)
  if (!(chunkSize > 0)) throw new InvalidSimInputError(`chunkSize must be positive, got ${chunkSize}`)
  if (!(hostUpload >= 0)) throw new InvalidSimInputError(`host upload must be >= 0, got ${hostUpload}`)
  for (const peer of peers) {
    if (!(peer.upload >= 0) || (peer.download !== undefined && !(peer.download >= 0))) {
      throw new InvalidSimInputError(`rates of ${peer.id} must be >= 0`)
    }
  }
}

/** Each stripe's parent array (one for a single tree). */
function parentsOf (plan: Plan | StripedPlan, peers: PlanPeer[]): Int32Array[] {
  if (!('stripes' in plan)) return [planParents(plan, peers)]
  if (plan.stripes.length === 0) throw new InvalidSimInputError('a striped plan needs at least one stripe')
  return plan.stripes.map(stripe => planParents(stripe, peers))
}

/**
 * Plans (per `strategy`, or takes `plan`) and simulates distributing one
 * package; see `simulateFlows` for the bandwidth model.
 */
export function simulate (input: SimInput): SimResult {
  checkInput(input)
  const { size, chunkSize, hostUpload, peers } = input
  const strategy: Strategy | 'given' = input.plan !== undefined ? 'given' : input.strategy ?? 'tree'

  const planStart = performance.now()
  let parents: Int32Array[]
  let relay: RelayMode = 'pipelined'
  if (strategy === 'star') {
    parents = [starParents(peers.length)]
  } else if (strategy === 'binary-saf') {
    parents = [binaryParents(peers.length)]
    relay = 'store-and-forward'
  } else {
    let plan: Plan | StripedPlan
    if (strategy === 'given') {
      plan = input.plan as Plan | StripedPlan
      relay = input.relay ?? 'pipelined'
    } else if (strategy === 'tree') {
      plan = planStriped(hostUpload, peers, { ...input.planOptions, size, chunkSize })
    } else {
      const { stripes: _ignored, ...treeOptions } = input.planOptions ?? {}
      const shape = strategy === 'tree-single' ? { size, chunkSize } : {}
      plan = planTree(hostUpload, peers, { ...treeOptions, ...shape })
    }
    parents = parentsOf(plan, peers)
  }
  const upload = new Float64Array(peers.length + 1)
  const download = new Float64Array(peers.length + 1)
  upload[0] = hostUpload
  download[0] = Infinity
  peers.forEach((peer, i) => {
    upload[i + 1] = peer.upload
    download[i + 1] = peer.download ?? Infinity
  })
  const topology = stripedFlows(parents, download, relay)
  const planMs = performance.now() - planStart

  const simStart = performance.now()
  const outcome = simulateStripedFlows(topology, { upload, download }, size, chunkSize)
  const simMs = performance.now() - simStart

  const completion = new Map<string, number>()
  let makespan = 0
  peers.forEach((peer, i) => {
    const time = outcome.completion[i + 1]
    completion.set(peer.id, time)
    makespan = Math.max(makespan, time)
  })
  const bound = lowerBound(size, hostUpload, peers)
  return {
    strategy,
    completion,
    makespan,
    lowerBound: bound,
    ratio: bound > 0 ? makespan / bound : makespan === 0 ? 1 : Infinity,
    hostBytesSent: outcome.hostBytesSent,
    hostCopies: outcome.hostBytesSent / size,
    depth: topology.depth,
    stripes: topology.stripes,
    events: outcome.events,
    planMs,
    simMs
  }
}
