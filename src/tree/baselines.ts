import { measureTree, parentsOf } from './structure.js'
import type { Plan, PlanPeer, TreeNode } from './types.js'

/**
 * The distributions Cascade is measured against (docs/benchmarks.md): the
 * star (the server sends to every client itself), and a naive relay tree
 * (a binary tree in the order clients came, each relaying once it holds the
 * whole package). Pure, like the planner.
 */

function toPlan (hostUpload: number, peers: PlanPeer[], children: TreeNode[], maxFanout: number, hostMaxFanout: number): Plan {
  const peersById = new Map(peers.map(peer => [peer.id, peer]))
  const { streamRate, depth } = measureTree({ hostUpload, hostChildren: children, peersById })
  return {
    order: [...peers].sort((a, b) => b.upload - a.upload || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(peer => peer.id),
    children,
    streamRate,
    depth,
    parentOf: parentsOf(children),
    maxFanout,
    hostMaxFanout,
    degraded: false
  }
}

/** Star: every client a child of the host. */
export function planStar (hostUpload: number, peers: PlanPeer[]): Plan {
  return toPlan(hostUpload, peers, peers.map(peer => ({ id: peer.id, children: [] })), 0, peers.length)
}

/**
 * A tree filled breadth-first in the order given (the order clients joined),
 * `fanout` children per node, the host included; speeds play no part.
 */
export function planInOrder (hostUpload: number, peers: PlanPeer[], fanout: number): Plan {
  const nodes = peers.map(peer => ({ id: peer.id, children: [] as TreeNode[] }))
  const hostChildren: TreeNode[] = []
  const parents: Array<TreeNode[]> = [hostChildren]
  let slot = 0
  for (const node of nodes) {
    while (parents[slot].length >= fanout) {
      slot++
    }
    parents[slot].push(node)
    parents.push(node.children)
  }
  return toPlan(hostUpload, peers, hostChildren, fanout, fanout)
}
