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
   * Cap on the children of any client. Seed 004: relaying must not be
   * noticeable to the device's user. Default `DEFAULT_MAX_FANOUT`.
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
  /** Client ids sorted by decreasing upload, ties by id: the order the admin is told (seed 000). */
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
}
