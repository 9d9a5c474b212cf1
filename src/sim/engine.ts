import { treeFlows } from './flows.js'
import { HeapPool } from './heap-pool.js'
import { InvalidSimInputError } from './errors.js'
import type { FlowTopology } from './flows.js'
import type { Topology } from './topology.js'

/** Rates of every node (index 0 = host), bytes/s; download Infinity = uncapped. */
export interface NodeRates {
  upload: Float64Array
  download: Float64Array
}

export interface FlowOutcome {
  /** Seconds until each node held the whole package (host: 0); Infinity = never. */
  completion: Float64Array
  hostBytesSent: number
  /** Chunk deliveries simulated. */
  events: number
  /** With `FlowOptions.recordArrivals`: when node v got the package's chunk i, at v · chunks + i (host: its feed). */
  arrivals?: Float64Array
}

/** What a host inside a hierarchy needs beyond a plain run (src/sim/hierarchy.ts). */
export interface FlowOptions {
  /**
   * When the host holds each of the package's chunks (seconds, index = chunk):
   * a host that is itself fed by a parent's tree relays each chunk once it has
   * it. Per stripe the times must not decrease. Default: all at 0.
   */
  feed?: Float64Array
  /** Return every node's chunk arrival times (nodes × chunks floats). */
  recordArrivals?: boolean
}

const IDLE = 0
/** Progressing at the parent's fair share: tracked in the parent's virtual time. */
const SHARED = 1
/** Progressing at its own download cap, below the fair share: tracked in real time. */
const CAPPED = 2

/**
 * Flow-level, event-driven simulation of a package of `size` bytes in
 * chunks of `chunkSize` flowing down a topology.
 *
 * Bandwidth: a node's uplink is shared max-min fairly among its children
 * that are transferring right now; a child waiting for its parent's next
 * chunk takes no share, and a child whose download cap is below the equal
 * share gets its cap and leaves the rest to its siblings (water-filling).
 * Chunks: a node forwards chunk k only once it fully holds it (pipelined),
 * or once it holds every chunk (store-and-forward).
 *
 * Cost: one event per chunk delivery, N·K in all, each O(log N), whatever
 * the fan-out: children at the fair share advance in their parent's
 * "virtual time" (bytes each has received since t0, the same for all), so
 * a change of share costs O(1) instead of touching every sibling (a star
 * of 100,000 would otherwise be quadratic). Only children that switch
 * between capped and shared are touched, found through a Fenwick tree over
 * the parent's children sorted by download.
 */
export function simulateFlows (topology: Topology, rates: NodeRates, size: number, chunkSize: number): FlowOutcome {
  return simulateStripedFlows(treeFlows(topology), rates, size, chunkSize)
}

/**
 * `simulateFlows` for the package striped over k trees (see `FlowTopology`):
 * chunk i travels down stripe i mod k, each stripe a pipeline of its own
 * chunks; a node's uplink is shared max-min fairly among every flow it
 * sends, in all stripes, as among one tree's children. A node's download
 * cap is split evenly over the k stripes it receives (exact while all k
 * are arriving, a little pessimistic once some are done): max-min sharing
 * of one download between several parents' uplinks would couple every
 * uplink in the fleet. Store-and-forward: a node relays once it holds the
 * whole package, so with k > 1 relays of different stripes wait on each
 * other and never finish (completion Infinity): striping needs pipelined
 * relays. A node is complete when it holds every stripe.
 */
export function simulateStripedFlows (topology: FlowTopology, rates: NodeRates, size: number, chunkSize: number, options: FlowOptions = {}): FlowOutcome {
  const { nodes, stripes, sender, source, groupStart, groupFlows, feedStart, feedFlows, relay } = topology
  const { upload } = rates
  const flows = nodes * stripes
  const chunks = Math.ceil(size / chunkSize)
  const lastChunk = size - (chunks - 1) * chunkSize
  const storeAndForward = relay === 'store-and-forward'
  const { feed } = options
  if (feed !== undefined && feed.length !== chunks) throw new InvalidSimInputError(`the feed has ${feed.length} chunks, the package ${chunks}`)
  const arrivals = options.recordArrivals === true ? new Float64Array(nodes * chunks).fill(Infinity) : undefined
  // per flow: the receiver's share of its download, and its stripe's chunk count
  const download = new Float64Array(flows)
  const chunksOf = new Int32Array(flows)
  for (let f = 0; f < flows; f++) {
    const s = Math.floor(f / nodes)
    download[f] = rates.download[f % nodes] / stripes
    chunksOf[f] = s < chunks ? Math.floor((chunks - 1 - s) / stripes) + 1 : 0
  }

  const received = new Int32Array(flows)
  const completion = new Float64Array(nodes).fill(Infinity)
  completion[0] = 0
  // stripes each client still lacks; a stripe without chunks is held from the start
  const stripesLeft = new Int32Array(nodes)
  for (let f = 0; f < flows; f++) {
    if (f % nodes === 0) received[f] = feed === undefined ? chunksOf[f] : 0
    else if (chunksOf[f] > 0) stripesLeft[f % nodes]++
  }
  if (arrivals !== undefined) for (let i = 0; i < chunks; i++) arrivals[i] = feed?.[i] ?? 0

  // Per flow (indexed by flow id): state, and where its current chunk ends.
  const state = new Uint8Array(flows)
  const finishVirtual = new Float64Array(flows) // SHARED: sender's virtual time at which the chunk is done
  const cappedLeft = new Float64Array(flows) // CAPPED: bytes left at cappedSince
  const cappedSince = new Float64Array(flows)
  const slotOf = new Int32Array(flows) // position of each flow in its sender's CSR range
  for (let i = 0; i < groupFlows.length; i++) slotOf[groupFlows[i]] = i

  // Per sender: active flows, fair share, virtual clock, capped prefix (see rebalance).
  const active = new Int32Array(nodes)
  const share = new Float64Array(nodes).fill(Infinity)
  const virtual = new Float64Array(nodes)
  const virtualAt = new Float64Array(nodes)
  const cappedPrefix = new Int32Array(nodes)
  // Flows with a finite download come first in each CSR range (sorted by download).
  const finiteCount = new Int32Array(nodes)
  const finiteDownload = new Float64Array(groupFlows.length)
  for (let v = 0; v < nodes; v++) {
    for (let i = groupStart[v]; i < groupStart[v + 1]; i++) {
      finiteDownload[i] = download[groupFlows[i]]
      if (Number.isFinite(download[groupFlows[i]])) finiteCount[v]++
    }
  }
  // Fenwick trees over each sender's finite-download flows: active count and download sum.
  const fenwickCount = new Int32Array(groupFlows.length)
  const fenwickSum = new Float64Array(groupFlows.length)

  // Events: id v (0..nodes-1) = the next SHARED flow of sender v to finish a chunk;
  // id nodes + c = CAPPED flow c finishing its chunk; id nodes + flows + s = the
  // host being fed its next chunk of stripe s.
  const eventIds = nodes + flows + stripes
  const eventTime = new Float64Array(eventIds).fill(Infinity)
  const events = new HeapPool(Int32Array.of(0, eventIds), eventIds, eventTime)
  const shared = new HeapPool(groupStart, flows, finishVirtual)

  const pending: number[] = [] // flows activated since their sender's last rebalance
  let hostBytesSent = 0
  let deliveries = 0

  // bytes of the index-th chunk of flow f's stripe: the package's chunk s + index · k
  const chunkBytes = (f: number, index: number): number => Math.floor(f / nodes) + index * stripes === chunks - 1 ? lastChunk : chunkSize
  // chunks flow f can pass on: the host's as fed; a store-and-forward relay's once it holds the package
  const available = (f: number): number => f % nodes === 0
    ? received[f]
    : storeAndForward ? (completion[f % nodes] !== Infinity ? chunksOf[f] : 0) : received[f]

  const fenwickAdd = (p: number, child: number, sign: number): void => {
    const base = groupStart[p]
    const size = finiteCount[p]
    const value = download[child] * sign
    for (let i = slotOf[child] - base + 1; i <= size; i += i & -i) {
      fenwickCount[base + i - 1] += sign
      fenwickSum[base + i - 1] += value
    }
  }

  const advanceClock = (p: number, t: number): void => {
    if (shared.size(p) > 0) virtual[p] += share[p] * (t - virtualAt[p])
    virtualAt[p] = t
  }

  const scheduleParent = (p: number): void => {
    const next = shared.top(p)
    let time = Infinity
    if (next !== -1 && share[p] > 0) time = virtualAt[p] + Math.max(0, finishVirtual[next] - virtual[p]) / share[p]
    const had = events.has(p)
    eventTime[p] = time
    if (time === Infinity) {
      if (had) events.remove(0, p)
    } else if (had) events.update(0, p)
    else events.push(0, p)
  }

  const makeShared = (p: number, c: number, bytesLeft: number): void => {
    state[c] = SHARED
    finishVirtual[c] = virtual[p] + bytesLeft
    shared.push(p, c)
  }

  const makeCapped = (c: number, t: number, bytesLeft: number): void => {
    state[c] = CAPPED
    cappedLeft[c] = bytesLeft
    cappedSince[c] = t
    eventTime[nodes + c] = t + bytesLeft / download[c]
    if (eventTime[nodes + c] !== Infinity) events.push(0, nodes + c)
  }

  // Rounding can leave a hair below zero; a chunk never has negative bytes left.
  const bytesLeftOf = (p: number, c: number, t: number): number => Math.max(0,
    state[c] === SHARED
      ? finishVirtual[c] - virtual[p]
      : cappedLeft[c] - download[c] * (t - cappedSince[c]))

  const leave = (p: number, c: number): void => {
    if (state[c] === SHARED) shared.remove(p, c)
    else if (events.has(nodes + c)) events.remove(0, nodes + c)
    state[c] = IDLE
  }

  /**
   * Recomputes parent p's fair share after its active set changed, at time t
   * (its clock already advanced). Children sorted by download d_1 <= d_2...:
   * the capped ones are the longest prefix whose caps plus the prefix end's
   * download for everyone after it still fit the uplink, a monotone test a
   * Fenwick descent answers in O(log k).
   */
  const rebalance = (p: number, t: number): void => {
    const n = active[p]
    const base = groupStart[p]
    const finite = finiteCount[p]
    let position = 0
    let count = 0
    let sum = 0
    let step = 1
    while (step * 2 <= finite) step *= 2
    for (; step > 0; step >>= 1) {
      const next = position + step
      if (next > finite) continue
      const nextCount = count + fenwickCount[base + next - 1]
      const nextSum = sum + fenwickSum[base + next - 1]
      if (nextSum + finiteDownload[base + next - 1] * (n - nextCount) <= upload[p]) {
        position = next
        count = nextCount
        sum = nextSum
      }
    }
    share[p] = n > count ? Math.max(0, upload[p] - sum) / (n - count) : Infinity
    // Children whose side of the boundary changed switch mode.
    const old = cappedPrefix[p]
    cappedPrefix[p] = position
    for (let i = Math.min(old, position); i < Math.max(old, position); i++) {
      const c = groupFlows[base + i]
      if (state[c] === IDLE) continue
      const bytesLeft = bytesLeftOf(p, c, t)
      const nowCapped = i < position
      if (nowCapped && state[c] === SHARED) {
        shared.remove(p, c)
        makeCapped(c, t, bytesLeft)
      } else if (!nowCapped && state[c] === CAPPED) {
        if (events.has(nodes + c)) events.remove(0, nodes + c)
        makeShared(p, c, bytesLeft)
      }
    }
    for (const c of pending) {
      const bytesLeft = chunkBytes(c, received[c])
      if (slotOf[c] - base < position) makeCapped(c, t, bytesLeft)
      else makeShared(p, c, bytesLeft)
    }
    pending.length = 0
    scheduleParent(p)
  }

  /** Starts every idle flow copying flow f that now has something to receive. */
  const feedChildren = (f: number, t: number): void => {
    const from = feedStart[f]
    const to = feedStart[f + 1]
    if (from === to) return
    const v = f % nodes
    const ready = available(f)
    let started = false
    for (let i = from; i < to; i++) {
      const c = feedFlows[i]
      if (state[c] !== IDLE || received[c] >= ready) continue
      if (!started) advanceClock(v, t)
      started = true
      active[v]++
      if (Number.isFinite(download[c])) fenwickAdd(v, c, 1)
      pending.push(c)
    }
    if (started) rebalance(v, t)
  }

  const deliverChunk = (c: number, t: number): void => {
    const p = sender[c]
    advanceClock(p, t)
    const bytes = chunkBytes(c, received[c])
    if (arrivals !== undefined) arrivals[(c % nodes) * chunks + Math.floor(c / nodes) + received[c] * stripes] = t
    received[c]++
    deliveries++
    if (p === 0) hostBytesSent += bytes
    const v = c % nodes
    const stripeDone = received[c] === chunksOf[c]
    if (stripeDone && --stripesLeft[v] === 0) completion[v] = t
    if (received[c] < available(source[c])) {
      // next chunk at the same rate: no one else's share changes
      const next = chunkBytes(c, received[c])
      if (state[c] === SHARED) {
        finishVirtual[c] = virtual[p] + next
        shared.update(p, c)
        scheduleParent(p)
      } else {
        cappedLeft[c] = next
        cappedSince[c] = t
        eventTime[nodes + c] = t + next / download[c]
        events.update(0, nodes + c)
      }
    } else {
      leave(p, c)
      active[p]--
      if (Number.isFinite(download[c])) fenwickAdd(p, c, -1)
      rebalance(p, t)
    }
    if (!storeAndForward) feedChildren(c, t)
    else if (stripeDone && stripesLeft[v] === 0) {
      // the whole package is here: every stripe's flows may start
      for (let s = 0; s < stripes; s++) feedChildren(s * nodes + v, t)
    }
  }

  /** Schedules the host's next chunk of stripe s from the feed (never before `t`: a feed running backwards waits). */
  const scheduleFeed = (s: number, t: number): void => {
    const f = s * nodes
    const id = nodes + flows + s
    eventTime[id] = feed !== undefined && received[f] < chunksOf[f] ? Math.max(t, feed[s + received[f] * stripes]) : Infinity
    if (eventTime[id] === Infinity) {
      if (events.has(id)) events.remove(0, id)
    } else if (events.has(id)) events.update(0, id)
    else events.push(0, id)
  }

  /** The host gets its next chunk of stripe s: it passes it on from now. */
  const feedHost = (s: number, t: number): void => {
    received[s * nodes]++
    scheduleFeed(s, t)
    feedChildren(s * nodes, t)
  }

  for (let s = 0; s < stripes; s++) {
    if (feed === undefined) feedChildren(s * nodes, 0)
    else scheduleFeed(s, 0)
  }
  for (;;) {
    const next = events.top(0)
    if (next === -1) break
    const t = eventTime[next]
    if (t === Infinity) break
    if (next >= nodes + flows) feedHost(next - nodes - flows, t)
    else deliverChunk(next < nodes ? shared.top(next) : next - nodes, t)
  }
  return { completion, hostBytesSent, events: deliveries, ...(arrivals === undefined ? {} : { arrivals }) }
}
