import { HeapPool } from './heap-pool.js'
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
  const { parent, childStart, children, relay } = topology
  const { upload, download } = rates
  const nodes = parent.length
  const chunks = Math.ceil(size / chunkSize)
  const lastChunk = size - (chunks - 1) * chunkSize
  const storeAndForward = relay === 'store-and-forward'

  const received = new Int32Array(nodes)
  received[0] = chunks
  const completion = new Float64Array(nodes).fill(Infinity)
  completion[0] = 0

  // Per flow (indexed by the child): state, and where its current chunk ends.
  const state = new Uint8Array(nodes)
  const finishVirtual = new Float64Array(nodes) // SHARED: parent's virtual time at which the chunk is done
  const cappedLeft = new Float64Array(nodes) // CAPPED: bytes left at cappedSince
  const cappedSince = new Float64Array(nodes)
  const slotOf = new Int32Array(nodes) // position of each child in its parent's CSR range
  for (let i = 0; i < children.length; i++) slotOf[children[i]] = i

  // Per parent: active children, fair share, virtual clock, capped prefix (see rebalance).
  const active = new Int32Array(nodes)
  const share = new Float64Array(nodes).fill(Infinity)
  const virtual = new Float64Array(nodes)
  const virtualAt = new Float64Array(nodes)
  const cappedPrefix = new Int32Array(nodes)
  // Children with a finite download come first in each CSR range (sorted by download).
  const finiteCount = new Int32Array(nodes)
  const finiteDownload = new Float64Array(children.length)
  for (let v = 0; v < nodes; v++) {
    for (let i = childStart[v]; i < childStart[v + 1]; i++) {
      finiteDownload[i] = download[children[i]]
      if (Number.isFinite(download[children[i]])) finiteCount[v]++
    }
  }
  // Fenwick trees over each parent's finite-download children: active count and download sum.
  const fenwickCount = new Int32Array(children.length)
  const fenwickSum = new Float64Array(children.length)

  // Events: id v (0..nodes-1) = the next SHARED child of parent v to finish a chunk;
  // id nodes + c = CAPPED child c finishing its chunk.
  const eventTime = new Float64Array(2 * nodes).fill(Infinity)
  const events = new HeapPool(Int32Array.of(0, 2 * nodes), 2 * nodes, eventTime)
  const shared = new HeapPool(childStart, nodes, finishVirtual)

  const pending: number[] = [] // children activated since the parent's last rebalance
  let hostBytesSent = 0
  let deliveries = 0

  const chunkBytes = (index: number): number => index === chunks - 1 ? lastChunk : chunkSize
  const available = (v: number): number => v === 0 ? chunks : storeAndForward ? (received[v] === chunks ? chunks : 0) : received[v]

  const fenwickAdd = (p: number, child: number, sign: number): void => {
    const base = childStart[p]
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
    const base = childStart[p]
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
      const c = children[base + i]
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
      const bytesLeft = chunkBytes(received[c])
      if (slotOf[c] - base < position) makeCapped(c, t, bytesLeft)
      else makeShared(p, c, bytesLeft)
    }
    pending.length = 0
    scheduleParent(p)
  }

  /** Starts every idle child of v that now has something to receive. */
  const feedChildren = (v: number, t: number): void => {
    const from = childStart[v]
    const to = childStart[v + 1]
    if (from === to) return
    const ready = available(v)
    let started = false
    for (let i = from; i < to; i++) {
      const c = children[i]
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
    const p = parent[c]
    advanceClock(p, t)
    const bytes = chunkBytes(received[c])
    received[c]++
    deliveries++
    if (p === 0) hostBytesSent += bytes
    if (received[c] === chunks) completion[c] = t
    if (received[c] < available(p)) {
      // next chunk at the same rate: no one else's share changes
      const next = chunkBytes(received[c])
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
    if (!storeAndForward || received[c] === chunks) feedChildren(c, t)
  }

  feedChildren(0, 0)
  for (;;) {
    const next = events.top(0)
    if (next === -1) break
    const t = eventTime[next]
    if (t === Infinity) break
    deliverChunk(next < nodes ? shared.top(next) : next - nodes, t)
  }
  return { completion, hostBytesSent, events: deliveries }
}
