import { SLOT_EPSILON } from './constants.js'
import { clientSlots } from './fleet.js'
import type { FanoutLimits, SortedFleet } from './fleet.js'

/**
 * The striped counterpart of `BreadthFirstFill`: at a total rate R over k
 * stripes every stripe streams at q = R / k, so a node with upload U can
 * feed floor(U / q) stripe-children in all (its "slots"), capped at
 * maxFanout · k for a client and hostMaxFanout · k for the host: the same
 * upload budget as one tree's fan-out cap at rate R (fan-out · R), which is
 * what keeps relaying unnoticeable to the device's user (docs/striping.md), only
 * spent in k smaller streams; and at `maxFlows` for either, the flows one
 * uplink carries at once. A client whose download is below R cannot
 * forward at q in every stripe it receives, so it relays in none.
 *
 * Each stripe needs N edges (one parent per client). The host spreads its
 * slots evenly; the clients' slots are dealt in speed order to the stripe
 * lacking the most edges, a client's slots staying in one stripe
 * (SplitStream: a node interior in one stripe, a leaf in the others) unless
 * the fleet's spare slots cannot absorb the overshoot, when the rest goes
 * to the next stripe. Dealing the fastest first, one per stripe in turn,
 * gives every stripe a similar mix of big relays, so no stripe is much
 * deeper than another. Each stripe is then filled breadth-first from the
 * host, its relays (most slots first) before the leaves.
 *
 * Feasible at R iff the host has a slot per stripe and the clients' slots
 * cover what the host's leave uncovered; slots only shrink as R grows, so
 * feasibility is monotone and the planner can search over R.
 */
export class StripeFill {
  /** Parent fleet index of client i in stripe s at [s · n + i]; -1 = the host. */
  readonly parent: Int32Array
  /** Depth of each stripe after the last fill. */
  readonly depths: Int32Array
  /** Clients of stripe s in breadth-first order at [s · n ..], as last filled. */
  readonly order: Int32Array
  /** Host slots in each stripe at the last fill. */
  readonly hostSlotsIn: Int32Array
  /** Slots of each client at the last fill (all stripes together). */
  private readonly slots: Int32Array
  /** What the last fill dealt: client, its slots there and the stripe, one entry per (client, stripe). */
  private readonly dealtClient: Int32Array
  private readonly dealtSlots: Int32Array
  private readonly dealtStripe: Int32Array
  private dealt = 0
  /** Scratch for filling one stripe. */
  private readonly placement: Int32Array
  private readonly placedSlots: Int32Array
  private readonly level: Int32Array
  private readonly mark: Int32Array
  private stamp = 0
  private readonly deficit: Int32Array
  /** The most stripe-children of one client, and of the host. */
  private readonly clientCap: number
  private readonly hostCap: number

  constructor (
    private readonly fleet: SortedFleet,
    private readonly hostUpload: number,
    limits: FanoutLimits,
    readonly stripes: number,
    maxFlows = Infinity
  ) {
    this.clientCap = Math.min(limits.maxFanout * stripes, maxFlows)
    this.hostCap = Math.min(limits.hostMaxFanout * stripes, maxFlows)
    const n = fleet.ids.length
    this.parent = new Int32Array(stripes * n)
    this.order = new Int32Array(stripes * n)
    this.depths = new Int32Array(stripes)
    this.hostSlotsIn = new Int32Array(stripes)
    this.slots = new Int32Array(n)
    // a client is dealt to a new stripe only by a split, and each split fills a stripe's deficit
    this.dealtClient = new Int32Array(n + stripes)
    this.dealtSlots = new Int32Array(n + stripes)
    this.dealtStripe = new Int32Array(n + stripes)
    this.placement = new Int32Array(n)
    this.placedSlots = new Int32Array(n)
    this.level = new Int32Array(n)
    this.mark = new Int32Array(n)
    this.deficit = new Int32Array(stripes)
  }

  /** Stripe-children the host can feed at total rate `rate`. */
  hostSlots (rate: number): number {
    const q = rate / this.stripes
    return Math.min(this.hostCap, Math.floor(this.hostUpload / q + SLOT_EPSILON))
  }

  /** Stripe-children client i can feed at total rate `rate` (0 if its download is below it). */
  clientSlots (i: number, rate: number): number {
    const { upload, download, relays } = this.fleet
    if (download[i] < rate) return 0
    return clientSlots(upload[i], Infinity, relays[i], rate / this.stripes, this.clientCap)
  }

  /** Sets `hostSlotsIn` (the host's slots spread evenly) and `deficit`; returns the total deficit. */
  private spreadHost (rate: number): number {
    const k = this.stripes
    const n = this.fleet.ids.length
    const host = this.hostSlots(rate)
    let total = 0
    for (let s = 0; s < k; s++) {
      this.hostSlotsIn[s] = Math.floor(host / k) + (s < host % k ? 1 : 0)
      this.deficit[s] = Math.max(0, n - this.hostSlotsIn[s])
      total += this.deficit[s]
    }
    return total
  }

  /** Whether every stripe can span every client at total rate `rate` > 0 (O(N), early exits). */
  isFeasible (rate: number): boolean {
    if (this.hostSlots(rate) < this.stripes) return false
    let needed = this.spreadHost(rate)
    // `clientSlots` inlined: this loop runs some 40 times per stripe count over the whole fleet
    const { upload, download, relays } = this.fleet
    const q = rate / this.stripes
    const cap = this.clientCap
    for (let i = 0; i < upload.length && needed > 0; i++) {
      const slots = Math.floor(upload[i] / q + SLOT_EPSILON)
      // Sorted by upload: once one client cannot feed a single stripe-child, none after it can.
      if (slots === 0) break
      if (relays[i] === 0 || download[i] < rate) continue
      needed -= slots < cap ? slots : cap
    }
    return needed <= 0
  }

  /** Index of the stripe lacking the most edges (the first on ties). */
  private neediest (): number {
    let best = 0
    for (let s = 1; s < this.stripes; s++) if (this.deficit[s] > this.deficit[best]) best = s
    return best
  }

  private deal (client: number, slots: number, stripe: number): void {
    this.dealtClient[this.dealt] = client
    this.dealtSlots[this.dealt] = slots
    this.dealtStripe[this.dealt] = stripe
    this.dealt++
    this.deficit[stripe] -= slots
  }

  /** Deals the clients' slots to the stripes (see the class comment); false if they do not cover them. */
  private dealSlots (rate: number): boolean {
    const n = this.fleet.ids.length
    const needed = this.spreadHost(rate)
    let spare = -needed
    for (let i = 0; i < n; i++) {
      this.slots[i] = this.clientSlots(i, rate)
      spare += this.slots[i]
    }
    if (spare < 0) return false
    this.dealt = 0
    for (let i = 0; i < n; i++) {
      let left = this.slots[i]
      while (left > 0) {
        const s = this.neediest()
        const lacking = this.deficit[s]
        if (lacking <= 0) return true // every stripe is covered: the rest stay leaves
        if (left <= lacking) {
          this.deal(i, left, s)
          left = 0
        } else if (left - lacking <= spare) {
          spare -= left - lacking // overshoot rather than split the client over two stripes
          this.deal(i, left, s)
          left = 0
        } else {
          this.deal(i, lacking, s)
          left -= lacking
        }
      }
    }
    return true
  }

  /**
   * The dealt entries grouped by stripe, each group most slots first:
   * stripe s's are byStripe[start[s] .. start[s + 1]).
   */
  private dealtByStripe (): { start: Int32Array, byStripe: Int32Array } {
    const k = this.stripes
    // counting sort by stripe, stable: speed order within a stripe
    const start = new Int32Array(k + 1)
    for (let d = 0; d < this.dealt; d++) start[this.dealtStripe[d] + 1]++
    for (let s = 0; s < k; s++) start[s + 1] += start[s]
    const at = start.slice(0, k)
    const byStripe = new Int32Array(this.dealt)
    for (let d = 0; d < this.dealt; d++) byStripe[at[this.dealtStripe[d]]++] = d
    for (let s = 0; s < k; s++) this.sortBySlots(byStripe.subarray(start[s], start[s + 1]))
    return { start, byStripe }
  }

  /**
   * Builds every stripe at total rate `rate` into `parent`, `order` and
   * `depths`. Returns the deepest stripe's depth, or -1 if the slots do not
   * cover.
   */
  fill (rate: number): number {
    if (this.hostSlots(rate) < this.stripes || !this.dealSlots(rate)) return -1
    const { start, byStripe } = this.dealtByStripe()
    let deepest = 0
    for (let s = 0; s < this.stripes; s++) {
      const depth = this.fillStripe(s, byStripe.subarray(start[s], start[s + 1]))
      if (depth < 0) return -1
      this.depths[s] = depth
      deepest = Math.max(deepest, depth)
    }
    return deepest
  }

  /**
   * What `fill` would return, without placing anyone: in a breadth-first
   * fill, level j + 1 holds as many clients as level j's relays have slots,
   * so a stripe's depth follows from its sorted slot list in O(relays), not
   * O(N). The rate search calls this for every candidate rate.
   */
  depthAt (rate: number): number {
    if (this.hostSlots(rate) < this.stripes || !this.dealSlots(rate)) return -1
    const n = this.fleet.ids.length
    const { start, byStripe } = this.dealtByStripe()
    let deepest = 0
    for (let s = 0; s < this.stripes; s++) {
      const entries = byStripe.subarray(start[s], start[s + 1])
      let depth = n === 0 ? 0 : 1
      let from = 0 // the current level's placement positions: [from, to)
      let to = this.hostSlotsIn[s]
      while (to < n) {
        let next = 0
        for (let j = from; j < Math.min(to, entries.length); j++) next += this.dealtSlots[entries[j]]
        if (next === 0) return -1
        from = to
        to += next
        depth++
      }
      deepest = Math.max(deepest, depth)
    }
    return deepest
  }

  /**
   * Most slots first, stable (speed order on ties). Entries arrive in speed
   * order, so slots already decrease except after a split (a fast client's
   * remainder): insertion sort costs O(m) plus one shift per entry a split
   * piece jumps, and there are at most k splits.
   */
  private sortBySlots (entries: Int32Array): void {
    const slots = this.dealtSlots
    for (let i = 1; i < entries.length; i++) {
      const entry = entries[i]
      let j = i - 1
      while (j >= 0 && slots[entries[j]] < slots[entry]) {
        entries[j + 1] = entries[j]
        j--
      }
      entries[j + 1] = entry
    }
  }

  /**
   * Each stripe's rate and relay delay as filled, into `rates` and
   * `delays`: `measureStripes` on the arrays (a node's upload split evenly
   * over all its stripe-children, a relay's download over the k stripes it
   * receives), without building the trees: the stripe count is chosen on it.
   */
  measure (rates: Float64Array, delays: Float64Array, chunkSize: number): void {
    const k = this.stripes
    const n = this.fleet.ids.length
    const { upload, download } = this.fleet
    const edges = new Int32Array(n)
    let hostEdges = 0
    for (let f = 0; f < k * n; f++) {
      const p = this.parent[f]
      if (p === -1) hostEdges++
      else edges[p]++
    }
    const share = new Float64Array(n)
    for (let i = 0; i < n; i++) share[i] = Math.min(upload[i] / edges[i], download[i] / k)
    const delay = new Float64Array(n)
    for (let s = 0; s < k; s++) {
      let rate = this.hostUpload / hostEdges
      let deepest = 0
      // breadth-first: a parent's delay is known before its children's
      for (let j = s * n; j < (s + 1) * n; j++) {
        const i = this.order[j]
        const p = this.parent[s * n + i]
        if (p === -1) {
          delay[i] = 0
        } else {
          rate = Math.min(rate, share[p])
          delay[i] = delay[p] + chunkSize / share[p]
        }
        deepest = Math.max(deepest, delay[i])
      }
      rates[s] = rate
      delays[s] = deepest
    }
  }

  /** Breadth-first fill of stripe s: its relays (dealt entries, in order) first, then every other client in speed order. */
  private fillStripe (s: number, entries: Int32Array): number {
    const n = this.fleet.ids.length
    const { placement, placedSlots, level, mark } = this
    const parent = this.parent.subarray(s * n, (s + 1) * n)
    const stamp = ++this.stamp
    let position = 0
    for (const d of entries) {
      const client = this.dealtClient[d]
      mark[client] = stamp
      placement[position] = client
      placedSlots[position++] = this.dealtSlots[d]
    }
    for (let i = 0; i < n; i++) {
      if (mark[i] === stamp) continue
      placement[position] = i
      placedSlots[position++] = 0
    }
    let feeder = -1 // placement position whose slots are being filled; -1 = the host
    let free = this.hostSlotsIn[s]
    for (let j = 0; j < n; j++) {
      while (free === 0) {
        feeder++
        if (feeder >= j) return -1
        free = placedSlots[feeder]
      }
      const child = placement[j]
      if (feeder === -1) {
        parent[child] = -1
        level[j] = 1
      } else {
        parent[child] = placement[feeder]
        level[j] = level[feeder] + 1
      }
      free--
    }
    this.order.set(placement, s * n)
    return n === 0 ? 0 : level[n - 1]
  }
}
