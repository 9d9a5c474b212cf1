import { SPLIT_MIN_GAIN } from './constants.js'
import { forEachNode } from './structure.js'
import type { CanConnect } from './route-around.js'
import type { Plan, PlanPeer, StripedPlan, TreeNode } from './types.js'

/** The chunks whose index mod `count` is `index` (as a push's stripe on the wire). */
export interface StripeShare { index: number, count: number }

export interface SplitOptions {
  /** bytes/s the host may fill: a relay whose share takes less time than the host's own is no bottleneck */
  hostUpload: number
  /** the most stripe-children (whole or split) one uplink feeds: `StripedPlanOptions.maxFlows` */
  maxFlows?: number
  /** peers that must not relay */
  exclude?: ReadonlySet<string>
  /** whether a helper can reach its child (route-around.ts); default: every pair */
  canConnect?: CanConnect
}

/**
 * What each side of a split stripe-child sends, of stripe `stripe` of
 * `stripes`: the parent the even half of the stripe's chunks, the helper the
 * odd half. Together they are the stripe, each chunk once.
 */
export function splitShares (stripe: number, stripes: number): { parent: StripeShare, helper: StripeShare } {
  return { parent: { index: stripe, count: 2 * stripes }, helper: { index: stripe + stripes, count: 2 * stripes } }
}

/** Per client: its stripe-children (a split one counts as a half), its flows and what it may upload; `version` dates its heap entries. */
interface Load { upload: number, edges: number, flows: number, version: number, rank: number }

/** An entry of `Heap`: smaller `key` first, then smaller `rank` (speed order); stale once its load's version moved on. */
interface Entry { key: number, rank: number, id: string, version: number }

/** A binary min-heap of entries, stale ones skipped by the caller. */
class Heap {
  private readonly items: Entry[] = []

  private less (a: Entry, b: Entry): boolean {
    return a.key < b.key || (a.key === b.key && a.rank < b.rank)
  }

  push (entry: Entry): void {
    const items = this.items
    items.push(entry)
    let i = items.length - 1
    while (i > 0) {
      const up = (i - 1) >> 1
      if (!this.less(items[i], items[up])) break
      ;[items[i], items[up]] = [items[up], items[i]]
      i = up
    }
  }

  pop (): Entry | undefined {
    const items = this.items
    const top = items[0]
    const last = items.pop()
    if (items.length > 0 && last !== undefined) {
      items[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < items.length && this.less(items[l], items[m])) m = l
        if (r < items.length && this.less(items[r], items[m])) m = r
        if (m === i) break
        ;[items[i], items[m]] = [items[m], items[i]]
        i = m
      }
    }
    return top
  }
}

/**
 * Splits stripe-children between their parent and a helper so that the
 * busiest relay uplinks carry less (docs/striping.md, "Split
 * stripe-children"). Slots are whole: a relay feeds whole stripes, so on the
 * reference testbed at N = 16 the fastest relays fed nine stripe-children
 * each, their uplinks the last to finish, while the 1 Mbit/s members relayed
 * nothing, too slow for a whole stripe (docs/benchmarks.md). A helper sends
 * half a stripe.
 *
 * Greedy: while the busiest relay's planned time (its stripe-children's
 * bytes over its upload) is above the host's own (S over the host's upload)
 * and a split cuts it by more than `SPLIT_MIN_GAIN`, one of its
 * stripe-children that is a leaf in that stripe (so no subtree waits on the
 * helper) gets the odd half of the stripe from the client whose time stays
 * least after taking it (speed order on ties): a relay in other stripes, or
 * a member that relays nothing. A helper never helps a child twice in a
 * stripe, nor itself, and stays within `maxFlows`. When the splits leave
 * the busiest uplink within `SPLIT_MIN_GAIN` of where it was (another relay
 * as busy, and no helper left for it), none is kept: they would only add
 * flows. Each split is O(log N) heap work but for helpers `canConnect`
 * refuses.
 *
 * Pure; returns the plan with `helpers` set on the stripes it split (the
 * same plan when none is split, or with one stripe).
 */
export function splitStripes (plan: StripedPlan, peers: PlanPeer[], options: SplitOptions): StripedPlan {
  const k = plan.stripes.length
  if (k < 2 || options.hostUpload <= 0) return plan
  const exclude = options.exclude ?? new Set()
  const maxFlows = options.maxFlows ?? Infinity
  const canConnect = options.canConnect ?? (() => true)
  const loads = new Map<string, Load>()
  const rankOf = new Map(plan.order.map((id, rank) => [id, rank]))
  for (const peer of peers) {
    loads.set(peer.id, { upload: exclude.has(peer.id) ? 0 : peer.upload, edges: 0, flows: 0, version: 0, rank: rankOf.get(peer.id) ?? Infinity })
  }
  const nodeIn = plan.stripes.map(tree => {
    const nodes = new Map<string, TreeNode>()
    forEachNode(tree.children, node => {
      nodes.set(node.id, node)
      const load = loads.get(node.id)
      if (load == null) return
      load.edges += node.children.length
      load.flows += node.children.length
    })
    return nodes
  })
  // time in units of one stripe's bytes: a stripe-child costs 1 / upload
  const time = (load: Load, edges = load.edges): number => load.upload > 0 ? edges / load.upload : (edges > 0 ? Infinity : 0)
  const hostTime = k / options.hostUpload
  const helpers = plan.stripes.map(tree => new Map(tree.helpers ?? []))
  // the busiest relay first (a max-heap as a min-heap of negated times), and the helper that stays least busy first
  const busiest = new Heap()
  const idlest = new Heap()
  const enter = (id: string, load: Load): void => {
    if (load.edges > 0) busiest.push({ key: -time(load), rank: load.rank, id, version: load.version })
    if (load.upload > 0 && load.flows < maxFlows) idlest.push({ key: time(load, load.edges + 0.5), rank: load.rank, id, version: load.version })
  }
  for (const [id, load] of loads) enter(id, load)
  const busiestTime = (): number => {
    let most = 0
    for (const load of loads.values()) most = Math.max(most, time(load))
    return most
  }
  const startTime = busiestTime()
  const fresh = (entry: Entry | undefined): entry is Entry => entry !== undefined && (loads.get(entry.id) as Load).version === entry.version
  for (;;) {
    let top = busiest.pop()
    while (top !== undefined && !fresh(top)) top = busiest.pop()
    if (top === undefined) break
    const parentId = top.id
    const parent = loads.get(parentId) as Load
    const before = time(parent)
    if (before <= hostTime) break
    const after = time(parent, parent.edges - 0.5)
    // the parent's stripe-children that are leaves there and not split yet, slowest first
    const children: Array<{ stripe: number, child: string }> = []
    for (let s = 0; s < k; s++) {
      const node = nodeIn[s].get(parentId)
      for (const child of [...(node?.children ?? [])].reverse()) {
        if (child.children.length === 0 && !helpers[s].has(child.id)) children.push({ stripe: s, child: child.id })
      }
    }
    // the idlest helper that can take one of them
    let chosen: { stripe: number, child: string, helper: string } | undefined
    const passed: Entry[] = []
    for (let entry = idlest.pop(); entry !== undefined; entry = idlest.pop()) {
      if (!fresh(entry)) continue
      passed.push(entry)
      if (Math.max(entry.key, after) > before * (1 - SPLIT_MIN_GAIN)) break
      if (entry.id === parentId) continue
      const pick = children.find(({ child }) => child !== entry.id && canConnect(entry.id, child))
      if (pick !== undefined) {
        chosen = { ...pick, helper: entry.id }
        break
      }
    }
    for (const entry of passed) idlest.push(entry)
    if (chosen === undefined) break
    helpers[chosen.stripe].set(chosen.child, chosen.helper)
    const helper = loads.get(chosen.helper) as Load
    parent.edges -= 0.5
    parent.version++
    helper.edges += 0.5
    helper.flows += 1
    helper.version++
    enter(parentId, parent)
    if (chosen.helper !== parentId) enter(chosen.helper, helper)
  }
  // splits that left the busiest uplink as busy (a relay as loaded as the last one split, and no helper left) only add flows
  if (helpers.every(map => map.size === 0) || busiestTime() > startTime * (1 - SPLIT_MIN_GAIN)) return plan
  return { ...plan, stripes: plan.stripes.map((tree, s): Plan => helpers[s].size === 0 ? tree : { ...tree, helpers: helpers[s] }) }
}
