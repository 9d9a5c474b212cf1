import { SLOT_EPSILON } from './constants.js'
import { clientSlots, hostSlots } from './fleet.js'
import type { FanoutLimits, SortedFleet } from './fleet.js'

/**
 * Breadth-first fill at a given stream rate: every node gets as many
 * children as its upload feeds at that rate (`clientSlots`), and clients are
 * attached level by level in speed order, so the fastest sit nearest the
 * host and the slowest end up as leaves.
 *
 * Sorting by decreasing slots maximises every prefix sum of slots, so if
 * any arrangement attaches everyone at a rate, this one does, and with the
 * fewest levels. Slots only shrink as the rate grows, so feasibility is
 * monotone in the rate: the planner can search over it.
 */
export class BreadthFirstFill {
  /** Fleet indices in the order they were attached (breadth-first). */
  readonly placement: Int32Array
  /** Parent fleet index of each fleet index; -1 = the host. */
  readonly parent: Int32Array
  /** Children each fleet index may take at the last filled rate. */
  readonly slots: Int32Array
  /** Hop count per placement position. */
  private readonly level: Int32Array
  /** Children the host took in the last fill. */
  hostChildren = 0

  constructor (
    private readonly fleet: SortedFleet,
    private readonly hostUpload: number,
    private readonly limits: FanoutLimits
  ) {
    const n = fleet.ids.length
    this.placement = new Int32Array(n)
    this.parent = new Int32Array(n)
    this.slots = new Int32Array(n)
    this.level = new Int32Array(n)
  }

  /** Whether every client can be attached at `rate` > 0 (no allocation, early exits). */
  isFeasible (rate: number): boolean {
    const { upload, download, relays } = this.fleet
    const n = upload.length
    let free = hostSlots(this.hostUpload, rate, this.limits.hostMaxFanout)
    let attached = 0
    for (let i = 0; i < n; i++) {
      // Sorted by upload: once one client cannot feed a single child, none after it can.
      if (Math.floor(upload[i] / rate + SLOT_EPSILON) === 0) break
      const slots = clientSlots(upload[i], download[i], relays[i], rate, this.limits.maxFanout)
      if (slots === 0) continue
      if (free < 1) return false
      free += slots - 1
      attached++
      if (free >= n - attached) return true
    }
    // Clients without slots hang from whatever slots are left.
    return free >= n - attached
  }

  /**
   * Attaches every client at `rate` (0 = vanishing rate, see `clientSlots`).
   * Returns the depth, or -1 if the slots run out. `hostSlotsOverride`
   * replaces the host's slot count (the degraded plan).
   */
  fill (rate: number, hostSlotsOverride?: number): number {
    const { upload, download, relays } = this.fleet
    const { placement, parent, slots, level } = this
    const n = upload.length
    let position = 0
    for (let i = 0; i < n; i++) {
      slots[i] = clientSlots(upload[i], download[i], relays[i], rate, this.limits.maxFanout)
      if (slots[i] > 0) placement[position++] = i
    }
    for (let i = 0; i < n; i++) {
      if (slots[i] === 0) placement[position++] = i
    }

    let feeder = -1 // placement position of the node whose slots are being filled; -1 = host
    let free = hostSlotsOverride ?? hostSlots(this.hostUpload, rate, this.limits.hostMaxFanout)
    this.hostChildren = 0
    for (let j = 0; j < n; j++) {
      while (free === 0) {
        feeder++
        if (feeder >= j) return -1
        free = slots[placement[feeder]]
      }
      const child = placement[j]
      if (feeder === -1) {
        parent[child] = -1
        level[j] = 1
        this.hostChildren++
      } else {
        parent[child] = placement[feeder]
        level[j] = level[feeder] + 1
      }
      free--
    }
    return n === 0 ? 0 : level[n - 1]
  }

  /**
   * The fewest host children that let the vanishing-rate fill attach
   * everyone: relays (slots > 0) chain below the host's first child, and
   * whoever cannot relay needs a free slot somewhere.
   */
  degradedHostSlots (): number {
    const { upload, download, relays } = this.fleet
    const n = upload.length
    let relaySlots = 0
    let relayCount = 0
    for (let i = 0; i < n; i++) {
      const slots = clientSlots(upload[i], download[i], relays[i], 0, this.limits.maxFanout)
      if (slots > 0) {
        relayCount++
        relaySlots += slots - 1
      }
    }
    const leaves = n - relayCount
    return Math.max(this.limits.hostMaxFanout, leaves - relaySlots, n > 0 ? 1 : 0)
  }
}
