import { SPLIT_MIN_GAIN, SPLIT_PARTS } from './constants.js'
import { EntryHeap } from './entry-heap.js'
import { measureStripes } from './stripe-makespan.js'
import { forEachNode } from './structure.js'
import type { HeapEntry } from './entry-heap.js'
import type { CanConnect } from './route-around.js'
import type { Plan, PlanPeer, StripedPlan, StripeSplit, TreeNode } from './types.js'

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

/** The order in which a helper takes parts: one part, then a half (1 and 3), then three parts. */
const HELPER_PARTS = [3, 1, 2, 0]

/**
 * What each side of a split stripe-child sends, of stripe `stripe` of
 * `stripes`, when the helper sends `parts` of the stripe's SPLIT_PARTS
 * parts (part j: the chunks whose index mod SPLIT_PARTS · stripes is
 * stripe + j · stripes): the helper the first `parts` of the order 3, 1, 2,
 * 0, so that its parts and the parent's pair into halves where they can;
 * the parent the rest. Each side's parts as few classes as they make (two
 * parts j and j + 2 are one half: index mod 2 · stripes). Together they are
 * the stripe, each chunk once.
 */
export function splitShares (stripe: number, stripes: number, parts: number): { parent: StripeShare[], helper: StripeShare[] } {
  const given = HELPER_PARTS.slice(0, parts)
  const classes = (ids: number[]): StripeShare[] => {
    const shares: StripeShare[] = []
    for (let j = 0; j < SPLIT_PARTS / 2; j++) {
      const low = ids.includes(j)
      const high = ids.includes(j + SPLIT_PARTS / 2)
      if (low && high) shares.push({ index: stripe + j * stripes, count: SPLIT_PARTS / 2 * stripes })
      else if (low || high) shares.push({ index: stripe + (low ? j : j + SPLIT_PARTS / 2) * stripes, count: SPLIT_PARTS * stripes })
    }
    return shares
  }
  const all = Array.from({ length: SPLIT_PARTS }, (_, j) => j)
  return { parent: classes(all.filter(j => !given.includes(j))), helper: classes(given) }
}

/**
 * Whether `sender` is planned to send `child` chunks of stripe `stripe`: its
 * parent in that stripe's tree (null for the host), or its helper there
 * when the child is split. False for a stripe the plan does not have. The
 * host takes a report about a child (it cannot be reached) only from such a
 * sender (src/node/host/running-deployments.ts).
 */
export function sendsTo (plan: Pick<StripedPlan, 'stripes'>, stripe: number, child: string, sender: string | null): boolean {
  const tree = plan.stripes[stripe]
  if (tree == null) return false
  return tree.parentOf.get(child) === sender || (sender != null && tree.helpers?.get(child)?.helper === sender)
}

/** Per client: its stripe-children (a split one counts as its parts, on each side), its flows and what it may upload; `version` dates its heap entries. */
interface Load { upload: number, edges: number, flows: number, version: number, rank: number }

/**
 * Splits stripe-children between their parent and a helper so that the
 * busiest relay uplinks carry less (docs/striping.md, "Split
 * stripe-children"). Slots are whole: a relay feeds whole stripes, so on the
 * reference testbed at N = 16 the fastest relays fed nine stripe-children
 * each, their uplinks the last to finish, while the 1 Mbit/s members relayed
 * nothing, too slow for a whole stripe, and the 4 Mbit/s relays had most of
 * a fourth stripe-child to spare (docs/benchmarks.md). A helper sends some
 * of a stripe's SPLIT_PARTS parts.
 *
 * Greedy, a part at a time: while the busiest relay's planned time (its
 * stripe-children's bytes over its upload) is above the host's own (S over
 * the host's upload) and moving a part cuts it by more than
 * `SPLIT_MIN_GAIN`, the client whose time stays least after taking a part
 * (speed order on ties) takes one of a stripe-child of that relay which is a
 * leaf in that stripe (so no subtree waits on the helper): another part of
 * a child it helps already, or a first part of a child nobody helps, within
 * its `maxFlows`. A helper never helps itself, a child has one helper, and
 * its parent keeps a part at least; a member that helps in a stripe is
 * never split there, nor does a split child help there (its addressees
 * name nothing below it, so it would never send). When the splits leave the
 * busiest uplink within `SPLIT_MIN_GAIN` of where it was (another relay as
 * busy, and no helper left for it), none is kept: they would only add flows.
 * Each part is O(log N) heap work (a helper at its flows cap leaves the heap;
 * the children it helps are looked at through their parent), but for helpers
 * `canConnect` refuses.
 *
 * Pure; returns the plan with `helpers` set on the stripes it split, and
 * its `streamRate` the total the stripes stream at with their helpers
 * (`measureStripes`); each stripe's own `streamRate`, at which its pushes
 * are paced and watched, stays as planned. The same plan when none is
 * split, or with one stripe.
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
  const helpers = plan.stripes.map(tree => new Map<string, StripeSplit>(tree.helpers ?? []))
  // who helps in each stripe: a split stripe-child relays nothing there (its addressees name nobody below it,
  // src/node/relay/addressees.ts), so it never helps in that stripe, and a helper is never split there
  const helping = helpers.map(map => new Set([...map.values()].map(split => split.helper)))
  const part = 1 / SPLIT_PARTS
  // the busiest relay first (a max-heap as a min-heap of negated times), and the helper that stays least busy first
  const busiest = new EntryHeap()
  const idlest = new EntryHeap()
  const enter = (id: string, load: Load): void => {
    if (load.edges > 0) busiest.push({ key: -time(load), rank: load.rank, id, version: load.version })
    // a helper at its flows cap can only take more of children it helps already: those are found through the children
    if (load.upload > 0 && load.flows < maxFlows) idlest.push({ key: time(load, load.edges + part), rank: load.rank, id, version: load.version })
  }
  for (const [id, load] of loads) enter(id, load)
  const busiestTime = (): number => {
    let most = 0
    for (const load of loads.values()) most = Math.max(most, time(load))
    return most
  }
  const startTime = busiestTime()
  const fresh = (entry: HeapEntry | undefined): entry is HeapEntry => entry !== undefined && (loads.get(entry.id) as Load).version === entry.version
  for (;;) {
    let top = busiest.pop()
    while (top !== undefined && !fresh(top)) top = busiest.pop()
    if (top === undefined) break
    const parentId = top.id
    const parent = loads.get(parentId) as Load
    const before = time(parent)
    if (before <= hostTime) break
    const after = time(parent, parent.edges - part)
    // the parent's stripe-children that are leaves there, slowest first: split ones the parent keeps a part more than one of
    const children: Array<{ stripe: number, child: string, split?: StripeSplit }> = []
    for (let s = 0; s < k; s++) {
      const node = nodeIn[s].get(parentId)
      for (const child of [...(node?.children ?? [])].reverse()) {
        const split = helpers[s].get(child.id)
        if (child.children.length === 0 && (split == null ? !helping[s].has(child.id) : split.parts < SPLIT_PARTS - 1)) children.push({ stripe: s, child: child.id, split })
      }
    }
    // the idlest helper that can take a part of one of them: more of a child it helps already, or a new one within its
    // flows. The first kind are few (this parent's split children), so they are looked at directly; the heap is walked
    // only for a new child, and holds no helper at its flows cap, so it is not walked past helpers that could never add
    const threshold = before * (1 - SPLIT_MIN_GAIN)
    let chosen: { stripe: number, child: string, helper: string, parts: number, key: number, rank: number } | undefined
    for (const { stripe, child, split } of children) {
      if (split == null) continue
      const load = loads.get(split.helper) as Load
      const key = time(load, load.edges + part)
      if (Math.max(key, after) > threshold) continue
      if (chosen === undefined || key < chosen.key || (key === chosen.key && load.rank < chosen.rank)) {
        chosen = { stripe, child, helper: split.helper, parts: split.parts + 1, key, rank: load.rank }
      }
    }
    const unsplit = children.filter(({ split }) => split == null)
    const passed: HeapEntry[] = []
    if (unsplit.length > 0) {
      for (let entry = idlest.pop(); entry !== undefined; entry = idlest.pop()) {
        if (!fresh(entry)) continue
        passed.push(entry)
        if (Math.max(entry.key, after) > threshold) break
        // a helper the children scan chose, or one no better than it, ends the walk
        if (chosen !== undefined && (entry.key > chosen.key || (entry.key === chosen.key && entry.rank >= chosen.rank))) break
        if (entry.id === parentId || (loads.get(entry.id) as Load).flows >= maxFlows) continue
        // a helper of this parent's split children takes more of its own child first
        if (children.some(({ split }) => split?.helper === entry.id)) continue
        const pick = unsplit.find(({ stripe, child }) => child !== entry.id && !helpers[stripe].has(entry.id) && canConnect(entry.id, child))
        if (pick !== undefined) {
          chosen = { stripe: pick.stripe, child: pick.child, helper: entry.id, parts: 1, key: entry.key, rank: entry.rank }
          break
        }
      }
    }
    for (const entry of passed) idlest.push(entry)
    if (chosen === undefined) break
    helpers[chosen.stripe].set(chosen.child, { helper: chosen.helper, parts: chosen.parts })
    helping[chosen.stripe].add(chosen.helper)
    const helper = loads.get(chosen.helper) as Load
    parent.edges -= part
    parent.version++
    helper.edges += part
    if (chosen.parts === 1) helper.flows += 1
    helper.version++
    enter(parentId, parent)
    if (chosen.helper !== parentId) enter(chosen.helper, helper)
  }
  // splits that left the busiest uplink as busy (a relay as loaded as the last one split, and no helper left) only add flows
  if (helpers.every(map => map.size === 0) || busiestTime() > startTime * (1 - SPLIT_MIN_GAIN)) return plan
  const stripes = plan.stripes.map((tree, s): Plan => helpers[s].size === 0 ? tree : { ...tree, helpers: helpers[s] })
  // the total the plan reports: what the stripes stream at with their helpers, never below the whole slots' rate
  const { rates } = measureStripes(options.hostUpload, stripes.map(tree => tree.children), new Map(peers.map(peer => [peer.id, peer])), 0, stripes.map(tree => tree.helpers))
  return { ...plan, stripes, streamRate: Math.max(plan.streamRate, rates.reduce((sum, rate) => sum + rate, 0)) }
}
