import { InvalidSimInputError } from './errors.js'
import { topologyOf } from './topology.js'
import type { RelayMode } from './types.js'
import type { Topology } from './topology.js'

/**
 * What the engine simulates: flows of chunks over uplinks. With k stripes
 * (chunk i travels down stripe i mod k) flow f = s · nodes + v is node v
 * receiving stripe s (node 0 = the host, whose flows hold their stripe from
 * the start). A flow copies its `source` flow, the parent's in the same
 * stripe, chunk by chunk, over its `sender`'s uplink; every flow a node
 * sends, in any stripe, shares that uplink. One tree is k = 1, where flow
 * ids are node ids and groups and feeds are the tree's child lists.
 */
export interface FlowTopology {
  relay: RelayMode
  /** Nodes, the host included. */
  nodes: number
  stripes: number
  /** Node whose uplink carries flow f; -1 for the host's flows. */
  sender: Int32Array
  /** Flow that flow f copies; -1 for the host's flows. */
  source: Int32Array
  /**
   * Flows node v sends: groupFlows[groupStart[v] .. groupStart[v + 1]),
   * sorted by the receiver's download (then flow id): the order max-min
   * fair sharing caps them in.
   */
  groupStart: Int32Array
  groupFlows: Int32Array
  /** Flows that copy flow f: feedFlows[feedStart[f] .. feedStart[f + 1]). */
  feedStart: Int32Array
  feedFlows: Int32Array
  /** Hops from the host to the deepest node, over all stripes. */
  depth: number
}

/** One tree as flows (no copies: the tree's child lists serve as both groups and feeds). */
export function treeFlows (topology: Topology): FlowTopology {
  const { relay, parent, childStart, children, depth } = topology
  return {
    relay,
    nodes: parent.length,
    stripes: 1,
    sender: parent,
    source: parent,
    groupStart: childStart,
    groupFlows: children,
    feedStart: childStart,
    feedFlows: children,
    depth
  }
}

/**
 * Flows of k stripe trees, `parents[s]` being stripe s's parent array (node
 * 0 = the host, -1). Checks each is a tree rooted at the host.
 */
export function stripedFlows (parents: Int32Array[], download: Float64Array, relay: RelayMode): FlowTopology {
  const k = parents.length
  if (k === 0) throw new InvalidSimInputError('a striped plan needs at least one stripe')
  if (k === 1) return treeFlows(topologyOf(parents[0], download, relay))
  const n = parents[0].length
  const sender = new Int32Array(k * n)
  const source = new Int32Array(k * n)
  const feedStart = new Int32Array(k * n + 1)
  const feedFlows = new Int32Array(k * (n - 1))
  const groupStart = new Int32Array(n + 1)
  let depth = 0
  parents.forEach((parent, s) => {
    if (parent.length !== n) throw new InvalidSimInputError(`stripe ${s} has ${parent.length - 1} clients, stripe 0 ${n - 1}`)
    const tree = topologyOf(parent, download, relay)
    depth = Math.max(depth, tree.depth)
    for (let v = 0; v < n; v++) {
      sender[s * n + v] = parent[v]
      source[s * n + v] = v === 0 ? -1 : s * n + parent[v]
      feedStart[s * n + v] = s * (n - 1) + tree.childStart[v]
      groupStart[v + 1] += tree.childStart[v + 1] - tree.childStart[v]
    }
    for (let i = 0; i < n - 1; i++) feedFlows[s * (n - 1) + i] = s * n + tree.children[i]
  })
  feedStart[k * n] = k * (n - 1)
  for (let v = 0; v < n; v++) groupStart[v + 1] += groupStart[v]
  const fillAt = groupStart.slice(0, n)
  const groupFlows = new Int32Array(k * (n - 1))
  for (let f = 0; f < k * n; f++) {
    if (sender[f] !== -1) groupFlows[fillAt[sender[f]]++] = f
  }
  for (let v = 0; v < n; v++) {
    const range = groupFlows.subarray(groupStart[v], groupStart[v + 1])
    if (range.length > 1) range.sort((a, b) => download[a % n] - download[b % n] || a - b)
  }
  return { relay, nodes: n, stripes: k, sender, source, groupStart, groupFlows, feedStart, feedFlows, depth }
}
