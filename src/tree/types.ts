/**
 * The planner's vocabulary. Rates are bytes per second, sizes bytes, times
 * seconds.
 */

/** A client as the planner sees it. */
export interface PlanPeer {
  id: string
  /** Measured upload, bytes/s. */
  upload: number
  /** Measured download, bytes/s; absent when it was not measured (then it is no constraint). */
  download?: number
}

export interface PlanOptions {
  /**
   * Cap on the children of any client: relaying must not be noticeable to
   * the device's user (docs/update-flow.md). Default `DEFAULT_MAX_FANOUT`.
   */
  maxFanout?: number
  /** Cap on the host's children. Default: `maxFanout`. */
  hostMaxFanout?: number
  /** Peers that may receive but must not relay (e.g. a relay caught corrupting chunks). */
  exclude?: Set<string>
  /**
   * Package size in bytes. Given together with `chunkSize`, the planner may
   * pick a lower stream rate when that buys enough depth to finish sooner
   * (see `chooseStreamRate`); without them it takes the highest feasible rate.
   */
  size?: number
  /** Chunk size in bytes: the unit a relay must hold before forwarding. */
  chunkSize?: number
}

export interface TreeNode {
  id: string
  children: TreeNode[]
}

export interface Plan {
  /** Client ids sorted by decreasing upload, ties by id: the order the admin is told (docs/update-flow.md). */
  order: string[]
  /** The host's direct children, each the root of its subtree. */
  children: TreeNode[]
  /**
   * Bytes/s every client can be fed at: the minimum over interior nodes
   * (host included) of upload / children, and of download for interior
   * clients. Leaves with a lower download receive slower; that does not slow
   * anyone else. With no clients: the host's upload.
   */
  streamRate: number
  /** Max hops from host to any leaf (0 without clients). */
  depth: number
  /** Parent of every client; null = the host. */
  parentOf: Map<string, string | null>
  /** The client fan-out cap the plan respects. */
  maxFanout: number
  /** The host fan-out cap the plan respects unless `degraded`. */
  hostMaxFanout: number
  /**
   * True when no positive stream rate attaches every client within the caps
   * (clients that cannot upload, all excluded, host upload 0): the host then
   * takes as many children as needed, beyond `hostMaxFanout`.
   */
  degraded: boolean
  /**
   * A striped plan's stripe-children whose stripe is split between two
   * senders (src/tree/split.ts): child → its helper and the parts of the
   * stripe the helper sends; the child's parent sends the rest
   * (`splitShares`). Absent or empty: none.
   */
  helpers?: ReadonlyMap<string, StripeSplit>
}

/** A split stripe-child's helper, and how many of the stripe's SPLIT_PARTS parts it sends (1 to SPLIT_PARTS - 1). */
export interface StripeSplit {
  helper: string
  parts: number
}

export interface StripedPlanOptions extends PlanOptions {
  /**
   * Exact number of stripes (chunk i travels down tree i mod stripes), at
   * most the chunk count when `size` and `chunkSize` are given. Default:
   * the best of `STRIPE_CHOICES` by `estimateStripedMakespan`, the smaller
   * on (near) ties. A count whose trees cannot be built falls back to one
   * tree.
   */
  stripes?: number
  /**
   * The most stripe-children any uplink (a client's or the host's) feeds in
   * all stripes together, each a flow of its own; below the fan-out caps
   * times the stripe count, which it never raises. An integer >= 1.
   * Default: no cap, as on the simulator's fluid links; the host passes
   * `DROP_TAIL_MAX_FLOWS` (src/tree/constants.ts).
   */
  maxFlows?: number
}

/**
 * The package striped over several relay trees (SplitStream): stripe s
 * carries the chunks whose index % stripes.length === s, so a node interior
 * in one stripe uses its upload there while it is a leaf in the others, and
 * the fleet's middling uplinks work too instead of sitting idle as leaves.
 */
export interface StripedPlan {
  /** Client ids in speed order (as Plan.order). */
  order: string[]
  /**
   * One tree per stripe, each spanning every client. With one stripe it is
   * exactly `planTree`'s plan. With more, each stripe's `streamRate` is the
   * rate that stripe gets (its relays' uploads split evenly over all their
   * stripe-children, in every stripe), and `maxFanout` / `hostMaxFanout` are
   * the caps on stripe-children summed over all stripes: the fan-out caps
   * times the stripe count (see `planStriped`).
   */
  stripes: Plan[]
  /** Bytes/s each client receives at in total: the sum of the stripes' rates; with split stripe-children, with their helpers (src/tree/split.ts). */
  streamRate: number
  /** Max depth over the stripes. */
  depth: number
  /** Only possible with one stripe: `planTree`'s degraded plan. */
  degraded: boolean
}
