import { UnknownPeerError } from './errors.js'
import { clientSlots, compareBySpeed, fanoutLimits, hostSlots } from './fleet.js'
import { measureTree, parentsOf } from './structure.js'
import type { FanoutLimits } from './fleet.js'
import type { Plan, PlanOptions, PlanPeer, TreeNode } from './types.js'

export interface Move {
  id: string
  /** null = the host */
  newParent: string | null
}

export interface Reparented {
  plan: Plan
  /** The failed node's former children, each with its new parent. */
  moved: Move[]
}

/** A node that can take an orphan, and how good a home it is. */
interface Home {
  node: TreeNode | null // null = the host
  depth: number
  upload: number
  /** Rate each of its children gets once the orphan is added. */
  rateAfter: number
}

/** Copies the tree without `failed`; returns the host's children and the failed node's children. */
function copyWithout (plan: Plan, failed: string): { hostChildren: TreeNode[], orphans: TreeNode[] } {
  const hostChildren: TreeNode[] = []
  let orphans: TreeNode[] = []
  const queue: Array<{ node: TreeNode, into: TreeNode[] }> = plan.children.map(node => ({ node, into: hostChildren }))
  for (let i = 0; i < queue.length; i++) {
    const { node, into } = queue[i]
    const copy: TreeNode = { id: node.id, children: [] }
    if (node.id === failed) orphans = copy.children
    else into.push(copy)
    for (const child of node.children) queue.push({ node: child, into: copy.children })
  }
  return { hostChildren, orphans }
}

function better (a: Home, b: Home | undefined): boolean {
  if (b === undefined) return true
  return a.depth < b.depth || (a.depth === b.depth && a.upload > b.upload)
}

/**
 * Where the next orphan goes, among nodes connected to the host (so never
 * below itself, never forming a cycle):
 *   1. a node with a free slot at the plan's stream rate, shallowest first,
 *      then fastest: the stream rate is untouched (the failed node's parent
 *      always has one, unless it is an over-full degraded host);
 *   2. else the node, under its fan-out cap, whose children would still get
 *      the highest rate: the stream rate drops the least;
 *   3. else the host, beyond its cap (the plan becomes degraded): it holds
 *      the package, and a client's cap is a promise to its user.
 */
function findHome (hostUpload: number, hostChildren: TreeNode[], rate: number, limits: FanoutLimits, peersById: Map<string, PlanPeer>): Home {
  let freeSlot: Home | undefined
  let leastLoss: Home | undefined
  const consider = (home: Home, slots: number, cap: number, children: number): void => {
    if (slots > children && better(home, freeSlot)) freeSlot = home
    if (children < cap && home.rateAfter > 0 &&
      (leastLoss === undefined || home.rateAfter > leastLoss.rateAfter || (home.rateAfter === leastLoss.rateAfter && better(home, leastLoss)))) {
      leastLoss = home
    }
  }
  const hostHome: Home = { node: null, depth: 0, upload: hostUpload, rateAfter: hostUpload / (hostChildren.length + 1) }
  consider(hostHome, hostSlots(hostUpload, rate, limits.hostMaxFanout), limits.hostMaxFanout, hostChildren.length)

  let level = hostChildren
  let depth = 1
  while (level.length > 0) {
    const next: TreeNode[] = []
    for (const node of level) {
      const peer = peersById.get(node.id)
      const upload = peer?.upload ?? 0
      const download = peer?.download ?? Infinity
      const relays = limits.exclude.has(node.id) ? 0 : 1
      const slots = clientSlots(upload, download, relays, rate, limits.maxFanout)
      const rateAfter = relays === 0 ? 0 : Math.min(upload / (node.children.length + 1), download)
      consider({ node, depth, upload, rateAfter }, slots, relays === 0 ? 0 : limits.maxFanout, node.children.length)
      for (const child of node.children) next.push(child)
    }
    level = next
    depth++
  }
  return freeSlot ?? leastLoss ?? hostHome
}

/**
 * Re-homes the children of a failed (or removed) node. Only the orphans
 * move, each keeping its subtree, so transfers elsewhere in the tree go on
 * undisturbed; fastest orphan first, each to the best home `findHome`
 * finds. The speed ordering of depths is not restored (that would move
 * others): the next `planTree` does that.
 */
export function reparent (plan: Plan, failed: string, peers: PlanPeer[], hostUpload: number, options: PlanOptions = {}): Reparented {
  if (!plan.parentOf.has(failed)) {
    throw new UnknownPeerError(`${failed} is not in the plan`)
  }
  const limits = fanoutLimits({
    maxFanout: options.maxFanout ?? plan.maxFanout,
    hostMaxFanout: options.hostMaxFanout ?? plan.hostMaxFanout,
    exclude: options.exclude
  })
  const peersById = new Map(peers.map(peer => [peer.id, peer]))
  const { hostChildren, orphans } = copyWithout(plan, failed)
  // A degraded plan's rate may be 0: slots are then judged at a vanishing rate, as planTree did.
  const rate = plan.degraded ? 0 : plan.streamRate

  const speedOf = (node: TreeNode): PlanPeer => peersById.get(node.id) ?? { id: node.id, upload: 0 }
  const moved: Move[] = []
  for (const orphan of [...orphans].sort((a, b) => compareBySpeed(speedOf(a), speedOf(b)))) {
    const home = findHome(hostUpload, hostChildren, rate, limits, peersById)
    if (home.node === null) hostChildren.push(orphan)
    else home.node.children.push(orphan)
    moved.push({ id: orphan.id, newParent: home.node?.id ?? null })
  }

  const { streamRate, depth } = measureTree({ hostUpload, hostChildren, peersById })
  return {
    plan: {
      order: plan.order.filter(id => id !== failed),
      children: hostChildren,
      streamRate,
      depth,
      parentOf: parentsOf(hostChildren),
      maxFanout: limits.maxFanout,
      hostMaxFanout: limits.hostMaxFanout,
      degraded: plan.degraded || hostChildren.length > limits.hostMaxFanout
    },
    moved
  }
}
