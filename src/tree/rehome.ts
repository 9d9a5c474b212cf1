import { UnknownPeerError } from './errors.js'
import { compareBySpeed } from './fleet.js'
import { subtreeIds } from './addressees.js'
import { forEachNode, parentsOf } from './structure.js'
import type { Plan, PlanPeer, StripedPlan, TreeNode } from './types.js'

/** One stripe-child of a stopped relay, and the parent that feeds it that stripe from now on. */
export interface StripeMove {
  id: string
  stripe: number
  /** null = the host */
  newParent: string | null
}

export interface Rehomed {
  plan: StripedPlan
  moved: StripeMove[]
}

export interface RehomeOptions {
  /** relays that must not take anyone (stopped as slow or corrupt); they stay in the trees as leaves */
  exclude?: ReadonlySet<string>
  /**
   * Moves only this child, in this stripe, away from `stopped`, which lost it
   * (crashed, stalled, or could not connect to it) and stays a relay for its
   * other children: it is not chosen again, nor is anything below it in that
   * stripe (in a crash those receive nothing either). Default: every
   * stripe-child of `stopped`.
   */
  only?: { id: string, stripe: number }
}

/**
 * How far past its upload a client may be loaded by re-homed children: no
 * bound. The fleet lost upload with the stopped relay, so the children must
 * go somewhere over plan. On the reference testbed (N = 8, the fastest
 * relay's uplink dropping to 200 kbit/s), sharing the shortfall by rate gave
 * 52 s where loading the host (no client past 1.2 × its upload) gave 70 s,
 * and the host alone 81 s (docs/benchmarks.md). The chains of stops that
 * sharing once set off are held by the slow-relay check's circuit breaker
 * (src/node/host/deployment/slow-relays.ts).
 */
export const OVERLOAD = Infinity

/** The host's key in the load table (no peer id is empty). */
const HOST = ''

interface Candidate {
  node: TreeNode | null
  id: string
  depth: number
  capacity: number
}

function copyTree (tree: Plan): Plan {
  const copy = (node: TreeNode): TreeNode => ({ id: node.id, children: node.children.map(copy) })
  return { ...tree, children: tree.children.map(copy), parentOf: new Map(tree.parentOf) }
}

/** Every node of a tree with its depth (the host's children at 1). */
function nodesWithDepth (tree: Plan): Array<{ node: TreeNode, depth: number }> {
  const all: Array<{ node: TreeNode, depth: number }> = []
  let level = tree.children
  for (let depth = 1; level.length > 0; depth++) {
    const next: TreeNode[] = []
    for (const node of level) {
      all.push({ node, depth })
      next.push(...node.children)
    }
    level = next
  }
  return all
}


/**
 * Re-homes the stripe-children of a relay stopped mid-deployment (slow, or
 * corrupt) over the relays that remain, instead of loading them all on the
 * host (docs/reliability.md, "A relay that falls behind"); or, with
 * `options.only`, the one child that lost that relay in one stripe. The
 * stopped relay stays where it is in every tree, as a leaf (with `only`:
 * with its other children): it still receives. Each of its
 * children (fastest first), with its subtree, goes to the node, or the host,
 * that would give it the highest rate: its upload shared, in proportion to
 * the planned rates, by everything it carries (its stripe-children in every
 * stripe, each at its stripe's rate, and this one), never loading a client
 * past OVERLOAD of its upload nor past the plan's cap on stripe-children.
 * Ties go to the host, then to the shallower.
 */
export function rehomeStriped (plan: StripedPlan, stopped: string, peers: PlanPeer[], hostUpload: number, options: RehomeOptions = {}): Rehomed {
  if (!plan.stripes.some(tree => tree.parentOf.has(stopped))) {
    throw new UnknownPeerError(`${stopped} is not in the plan`)
  }
  const { only } = options
  if (only != null && plan.stripes[only.stripe]?.parentOf.get(only.id) !== stopped) {
    throw new UnknownPeerError(`${only.id} is not a child of ${stopped} in stripe ${only.stripe}`)
  }
  const exclude = options.exclude ?? new Set<string>()
  const peersById = new Map(peers.map(peer => [peer.id, peer]))
  const stripes = plan.stripes.map(copyTree)
  const load = new Map<string, number>()
  const children = new Map<string, number>()
  const add = (id: string, rate: number): void => {
    load.set(id, (load.get(id) ?? 0) + rate)
    children.set(id, (children.get(id) ?? 0) + 1)
  }
  const orphans: Array<{ node: TreeNode, stripe: number }> = []
  stripes.forEach((tree, stripe) => {
    for (let i = 0; i < tree.children.length; i++) add(HOST, tree.streamRate)
    for (const { node } of nodesWithDepth(tree)) {
      if (node.id === stopped) {
        const lost = node.children.filter(child => only == null || (stripe === only.stripe && child.id === only.id))
        orphans.push(...lost.map(child => ({ node: child, stripe })))
        node.children = node.children.filter(child => !lost.includes(child))
      }
      for (let i = 0; i < node.children.length; i++) add(node.id, tree.streamRate)
    }
  })
  const speedOf = (id: string): PlanPeer => peersById.get(id) ?? { id, upload: 0 }
  orphans.sort((a, b) => compareBySpeed(speedOf(a.node.id), speedOf(b.node.id)) || a.stripe - b.stripe)

  const moved: StripeMove[] = []
  for (const { node: orphan, stripe } of orphans) {
    const tree = stripes[stripe]
    const rate = tree.streamRate
    const placed = nodesWithDepth(tree)
    // below the stopped relay: nothing once all its children left, its other children when one child did
    const stoppedNode = placed.find(({ node }) => node.id === stopped)?.node
    const below = new Set([orphan.id, ...subtreeIds(orphan), ...(stoppedNode == null ? [] : subtreeIds(stoppedNode))])
    const candidates: Candidate[] = [{ node: null, id: HOST, depth: 0, capacity: hostUpload }]
    for (const { node, depth } of placed) {
      if (node.id === stopped || below.has(node.id) || exclude.has(node.id)) continue
      if ((children.get(node.id) ?? 0) >= tree.maxFanout) continue
      candidates.push({ node, id: node.id, depth, capacity: speedOf(node.id).upload })
    }
    // the share of its upload the child would get, where that keeps the client within
    // OVERLOAD of its upload: one pushed far past it holds back the acknowledgements of its
    // own download on a drop-tail queue, and its whole subtree with them
    let best: Candidate = candidates[0]
    let bestShare = hostUpload * rate / ((load.get(HOST) ?? 0) + rate)
    for (const candidate of candidates.slice(1)) {
      const after = (load.get(candidate.id) ?? 0) + rate
      const share = candidate.capacity * rate / after
      if (after <= candidate.capacity * OVERLOAD && (share > bestShare || (share === bestShare && candidate.depth < best.depth))) {
        best = candidate
        bestShare = share
      }
    }
    const home = best
    if (home.node === null) tree.children.push(orphan)
    else home.node.children.push(orphan)
    add(home.id, rate)
    moved.push({ id: orphan.id, stripe, newParent: home.node?.id ?? null })
  }
  for (const tree of stripes) {
    tree.parentOf = parentsOf(tree.children)
    tree.depth = forEachNode(tree.children, () => {})
  }
  return { plan: { ...plan, stripes, depth: Math.max(...stripes.map(tree => tree.depth)) }, moved }
}
