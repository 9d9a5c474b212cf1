import { InvalidSimInputError } from './errors.js'
import type { RelayMode } from './types.js'
import type { Plan, PlanPeer } from '../tree/index.js'

/**
 * Who feeds whom, by index: node 0 is the host, node i + 1 is peers[i].
 * Children are stored contiguously per parent (CSR), sorted by increasing
 * download, which is the order max-min fair sharing caps them in.
 */
export interface Topology {
  relay: RelayMode
  /** Parent of each node; -1 for the host. */
  parent: Int32Array
  /** Children of node v are children[childStart[v] .. childStart[v + 1]). */
  childStart: Int32Array
  children: Int32Array
  /** Hops from the host to the deepest node. */
  depth: number
}

/** Builds the CSR child lists and checks every node hangs from the host. */
export function topologyOf (parent: Int32Array, download: Float64Array, relay: RelayMode): Topology {
  const nodes = parent.length
  const childStart = new Int32Array(nodes + 1)
  for (let v = 1; v < nodes; v++) childStart[parent[v] + 1]++
  for (let v = 0; v < nodes; v++) childStart[v + 1] += childStart[v]
  const fillAt = childStart.slice(0, nodes)
  const children = new Int32Array(Math.max(0, nodes - 1))
  for (let v = 1; v < nodes; v++) children[fillAt[parent[v]]++] = v
  for (let v = 0; v < nodes; v++) {
    const from = childStart[v]
    const to = childStart[v + 1]
    if (to - from > 1) children.subarray(from, to).sort((a, b) => download[a] - download[b] || a - b)
  }
  // breadth-first from the host: every node reached once, or the parents form a cycle
  let depth = 0
  let level = [0]
  let reached = 1
  while (level.length > 0) {
    const next: number[] = []
    for (const v of level) {
      for (let i = childStart[v]; i < childStart[v + 1]; i++) next.push(children[i])
    }
    reached += next.length
    if (next.length > 0) depth++
    level = next
  }
  if (reached !== nodes) throw new InvalidSimInputError('the parents do not form a tree rooted at the host')
  return { relay, parent, childStart, children, depth }
}

export function starParents (clients: number): Int32Array {
  const parent = new Int32Array(clients + 1)
  parent[0] = -1
  return parent
}

/** Binary heap layout in join order: node h's parent is (h - 1) >> 1, the host's children are nodes 1 and 2. */
export function binaryParents (clients: number): Int32Array {
  const parent = new Int32Array(clients + 1)
  parent[0] = -1
  for (let h = 1; h <= clients; h++) parent[h] = (h - 1) >> 1
  return parent
}

export function planParents (plan: Plan, peers: PlanPeer[]): Int32Array {
  const index = new Map<string, number>()
  peers.forEach((peer, i) => index.set(peer.id, i + 1))
  if (plan.parentOf.size !== peers.length) {
    throw new InvalidSimInputError(`the plan has ${plan.parentOf.size} clients, the input ${peers.length}`)
  }
  const parent = new Int32Array(peers.length + 1)
  parent[0] = -1
  for (const [id, parentId] of plan.parentOf) {
    const node = index.get(id)
    const parentNode = parentId === null ? 0 : index.get(parentId)
    if (node === undefined || parentNode === undefined) {
      throw new InvalidSimInputError(`the plan names ${node === undefined ? id : parentId}, which is not among the peers`)
    }
    parent[node] = parentNode
  }
  return parent
}
