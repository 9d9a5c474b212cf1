import { forEachNode, measureTree, parentsOf } from './structure.js'
import type { Plan, PlanPeer, StripedPlan, TreeNode } from './types.js'

/**
 * Whether `parent` can feed `child` over a direct connection, in either
 * direction (docs/internet.md): false for two members behind different NATs
 * and for a pair that failed to connect before. The host (never asked) can
 * feed anyone: every member holds a connection to it.
 */
export type CanConnect = (parent: string, child: string) => boolean

export interface RoutedPlan {
  plan: StripedPlan
  /** planned edges that could not work, each moved to a parent that can feed the child */
  moved: Array<{ child: string, from: string, to: string | null, stripe: number }>
}

function cloneTree (node: TreeNode): TreeNode {
  return { id: node.id, children: node.children.map(cloneTree) }
}

function idsIn (node: TreeNode): Set<string> {
  const ids = new Set<string>()
  forEachNode([node], visited => { ids.add(visited.id) })
  return ids
}

/**
 * Moves every edge of the plan that cannot work (`canConnect` false) to a
 * parent that can feed that child: the shallowest relay (a client with
 * upload that is not excluded) with a free slot under the fan-out cap
 * (children summed over the stripes, as the striped planner counts them),
 * or else the host. A child moves with its subtree, whose own edges are
 * unchanged. So a node behind NAT gets a parent it can dial (or one in its
 * own network), and a pair that failed is never planned. A plan with no
 * such edge is returned as it is.
 */
export function routeAround (plan: StripedPlan, peers: PlanPeer[], canConnect: CanConnect, options: { hostUpload: number, exclude?: ReadonlySet<string> }): RoutedPlan {
  const exclude = options.exclude ?? new Set()
  const moved: RoutedPlan['moved'] = []
  const broken = plan.stripes.some(tree => [...tree.parentOf].some(([child, parent]) => parent != null && !canConnect(parent, child)))
  if (!broken) return { plan, moved }
  const peersById = new Map(peers.map(peer => [peer.id, peer]))
  const relays = (id: string): boolean => !exclude.has(id) && (peersById.get(id)?.upload ?? 0) > 0
  const trees = plan.stripes.map(tree => ({ tree, children: tree.children.map(cloneTree) }))
  // children of each node summed over the stripes: what the fan-out cap bounds
  const load = new Map<string, number>()
  for (const { children } of trees) {
    forEachNode(children, node => { load.set(node.id, (load.get(node.id) ?? 0) + node.children.length) })
  }
  const stripes = trees.map(({ tree, children }, stripe) => {
    // every edge that cannot work, found before any is cut (an orphan's own subtree may hold more)
    const orphans: Array<{ node: TreeNode, parent: TreeNode, from: string }> = []
    forEachNode(children, parent => {
      for (const child of parent.children) {
        if (!canConnect(parent.id, child.id)) orphans.push({ node: child, parent, from: parent.id })
      }
    })
    for (const { node, parent } of orphans) {
      parent.children = parent.children.filter(child => child !== node)
      load.set(parent.id, (load.get(parent.id) ?? 0) - 1)
    }
    for (const { node, from } of orphans) {
      const own = idsIn(node)
      let to: TreeNode | undefined
      forEachNode(children, candidate => {
        if (to == null && !own.has(candidate.id) && candidate.id !== from && relays(candidate.id) &&
          (load.get(candidate.id) ?? 0) < tree.maxFanout && canConnect(candidate.id, node.id)) {
          to = candidate
        }
      })
      if (to == null) {
        children.push(node)
      } else {
        to.children.push(node)
        load.set(to.id, (load.get(to.id) ?? 0) + 1)
      }
      moved.push({ child: node.id, from, to: to?.id ?? null, stripe })
    }
    return rebuilt(tree, children, peersById, plan.stripes.length === 1 ? options.hostUpload : undefined)
  })
  return {
    plan: { ...plan, stripes, streamRate: stripes.reduce((total, tree) => total + tree.streamRate, 0), depth: Math.max(...stripes.map(tree => tree.depth)) },
    moved
  }
}

/**
 * The plan of one stripe with its new edges. One tree (`hostUpload` given):
 * its stream rate measured again. Striped: a stripe keeps its planned rate,
 * shared by more of the host's children if it has more now.
 */
function rebuilt (tree: Plan, children: TreeNode[], peersById: Map<string, PlanPeer>, hostUpload?: number): Plan {
  const depth = forEachNode(children, () => {})
  const streamRate = hostUpload != null
    ? measureTree({ hostUpload, hostChildren: children, peersById }).streamRate
    : tree.streamRate * Math.min(1, Math.max(1, tree.children.length) / Math.max(1, children.length))
  return { ...tree, children, parentOf: parentsOf(children), depth, streamRate }
}
