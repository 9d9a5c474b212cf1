/**
 * Plan fidelity (docs/reliability.md, "A relay that falls behind"): a relay
 * whose uplink delivers far less than the plan gave it (a link that dropped,
 * a device busy with something else, or a relay that drips on purpose: the
 * "slow retrieval" attack) holds its whole subtree back while progress never
 * stops, so the stall watchdog never fires. The host compares, edge by edge,
 * what each child receives in a stripe with what its parent could have
 * forwarded to it in the same window (both from the nodes' own reports): what
 * the parent received in that stripe meanwhile, and what it already held
 * beyond the child's credit window, up to the planned rate. A parent whose
 * children get a small share of that is slow; one starved by its own parent is
 * not (its parent may be). An edge on which nothing arrived for the whole
 * window, while the parent held a chunk the child lacked and kept receiving,
 * is stuck, and slow at once: a relay whose uplink dropped gains on its
 * children too slowly to be judged by its lead (its download slows with it).
 * A relay that sends far less than planned while holding chunks its children
 * wait for has a collapsed uplink, whatever its own download shows. A relay slow to most of its children is stopped;
 * its children are re-homed (src/node/host/deployment/recovery.ts).
 */
import { logger } from '@libp2p/logger'
import { creditWindow } from '../../../protocols/push/index.js'
import type { StripedPlan } from '../../../tree/index.js'

const log = logger('cascade:host:deployment:slow-relays')

/** How far back a child's progress is measured: eight progress reports (src/node/client/client.ts). */
export const SLOW_WINDOW_MS = 4_000
/**
 * An edge is slow below this share of its stripe's planned rate. A relay
 * that shares two busy cores with 16 others still delivered more than this
 * on the reference testbed; a link that dropped (200 kbit/s of 10 Mbit/s)
 * delivers a few percent.
 */
export const SLOW_SHARE = 0.25
/**
 * A parent must hold at least this many chunks of the stripe that its child
 * lacks beyond what the child's credit window lets be in flight
 * (src/protocols/push/index.ts): reports that cross on the way.
 */
export const LAG_MARGIN_CHUNKS = 2

/** The lag, in chunks, from which a parent holds back chunks its child granted no credit for yet. */
export function minLag (stripeRate: number, chunkSize: number): number {
  return creditWindow(stripeRate, chunkSize) + LAG_MARGIN_CHUNKS
}
/**
 * An edge is judged only when its parent could have forwarded at least this
 * many chunks in the window. More would delay the reaction to a collapsed
 * uplink on drop-tail links: the relay's own download slows with it (its
 * acknowledgements wait in the same queue), so it gains on its children by
 * a chunk or so per window (the reference testbed's FAULT run, N = 8,
 * docs/benchmarks.md).
 */
export const MIN_FORWARDABLE_CHUNKS = 1
/** Consecutive checks (one a second) an edge must be slow before it counts: one late report is not a slow link. */
export const SLOW_CHECKS = 3

/**
 * At most this share of a deployment's nodes is stopped as slow relays (at
 * least one). A fleet in which more relays than that look slow is on a
 * machine or a network slow everywhere: stopping them moves their load to
 * the host and makes it worse (the reference testbed, no fault, on a loaded
 * machine: 2.5 × T* at N = 32 became 7.7 × as stops and their re-homed
 * children's stops piled up).
 */
export const MAX_STOPPED_SHARE = 1 / 8
/** Stops are this far apart at least: a stop's re-homed children settle over two windows before another is judged. */
export const STOP_SPACING_MS = 2 * SLOW_WINDOW_MS

/** What the detector reads of a node: its chunks per stripe, as it last reported them. */
export interface StripeProgress {
  peerId: string
  stripeChunks: number[]
  /** the bytes it relayed so far (its reports' `bytesSent`): a relay that sends far less than planned while its children wait has a collapsed uplink */
  bytesSent?: number
}

export interface SlowRelay {
  relay: string
  /** what its slow children received, as a share of their planned rate */
  share: number
  slowEdges: number
  edges: number
  /** its unfinished children, each in a stripe: the host takes them over */
  children: Array<{ child: string, stripe: number }>
}

/**
 * One edge's evidence in a round (`planned`, `forwardable`: chunks in the
 * window); `slowNow` is this round's verdict, `slow` that it held SLOW_CHECKS
 * rounds running.
 */
interface RawEdge { parent: string, child: string, stripe: number, starving: boolean, slowNow: boolean, holding: boolean, received: number, planned: number, forwardable: number, lag: number, lagLimit: number }

interface Edge extends RawEdge { slow: boolean }

/** A node's report as sampled: its chunks per stripe and, when it reports them, the bytes it relayed. */
interface Sample { at: number, counts: number[], sent?: number }

export class SlowRelays {
  private plan?: StripedPlan
  private chunksPerStripe: number[] = []
  private readonly history = new Map<string, Sample[]>()
  private readonly slowFor = new Map<string, number>()
  private readonly deploymentId: string
  private readonly chunkSize: number
  private readonly chunkCount: number

  private stopped = 0
  private lastStopAt = -Infinity
  private starvingNow: ReadonlySet<string> = new Set()

  constructor (deploymentId: string, chunkSize: number, chunkCount: number) {
    this.deploymentId = deploymentId
    this.chunkSize = chunkSize
    this.chunkCount = chunkCount
  }

  /**
   * The plan whose edges are watched (a new wave's, or the same wave's with a
   * stopped relay's children re-homed). A child with a new parent in any
   * stripe starts its record afresh: what it received from the old one
   * says nothing of the new.
   */
  watch (plan: StripedPlan): void {
    const before = this.plan
    plan.stripes.forEach((tree, s) => {
      for (const [child, parent] of tree.parentOf) {
        if (before?.stripes[s]?.parentOf.get(child) !== parent) this.history.delete(child)
      }
    })
    this.plan = plan
    const k = plan.stripes.length
    this.chunksPerStripe = plan.stripes.map((_, s) => Math.ceil((this.chunkCount - s) / k))
    this.slowFor.clear()
  }

  /**
   * Nodes that starved, at the last round, from every parent they have (two or
   * more): their own download has collapsed (a relay's uplink full of what it
   * sends holds back the acknowledgements of what it receives). A stopped
   * relay's children are not re-homed on them: on the reference harness a
   * relay whose uplink dropped, and which the check had not stopped, was
   * given the children of another and held the fleet at three quarters
   * (docs/reliability.md, "A relay that falls behind").
   */
  get starving (): ReadonlySet<string> {
    return this.starvingNow
  }

  /**
   * One round: samples every node's progress and returns the relays that
   * were slow to most of their children for SLOW_CHECKS rounds running.
   * `excluded` relays (stopped already) are not watched.
   */
  check (nodes: Iterable<StripeProgress>, excluded: ReadonlySet<string>, now = Date.now()): SlowRelay[] {
    const plan = this.plan
    if (plan == null) return []
    const k = plan.stripes.length
    for (const { peerId, stripeChunks: counts, bytesSent } of nodes) {
      if (counts.length !== k) continue
      const samples = this.history.get(peerId) ?? []
      samples.push({ at: now, counts: [...counts], sent: bytesSent })
      while (samples.length > 1 && now - samples[1].at >= SLOW_WINDOW_MS) samples.shift()
      this.history.set(peerId, samples)
    }
    // first the evidence on each edge, then the relays whose uplink collapsed, then the verdicts
    const raw: RawEdge[] = []
    plan.stripes.forEach((tree, s) => {
      const plannedChunks = tree.streamRate * SLOW_WINDOW_MS / 1000 / this.chunkSize
      const lagLimit = minLag(tree.streamRate, this.chunkSize)
      for (const [child, parent] of tree.parentOf) {
        // a child stopped as a relay is no evidence against its parents: its collapsed uplink holds back its acknowledgements
        if (parent == null || excluded.has(parent) || excluded.has(child)) continue
        const childSamples = this.history.get(child)
        const parentSamples = this.history.get(parent)
        if (childSamples == null || parentSamples == null) continue
        const first = childSamples[0]
        const last = childSamples[childSamples.length - 1]
        if (last.counts[s] >= this.chunksPerStripe[s]) continue
        const window = forwardable(parentSamples, first, s, lagLimit)
        const covered = last.at - first.at >= SLOW_WINDOW_MS * 0.8 && window != null
        const received = last.counts[s] - first.counts[s]
        // what the child could have received: the planned rate, or less if its parent had less to give
        const expected = Math.min(plannedChunks, window?.chunks ?? 0)
        const lag = (window?.holds ?? 0) - last.counts[s]
        // the parent held a chunk the child lacked from the window's start to its end
        const holding = covered && window != null && first.counts[s] > 0 && Math.min(window.heldAtStart, lag) >= 1
        // stuck: and the child got nothing in the whole window, while its parent was itself receiving
        const stuck = holding && received === 0 && (window?.receivedAll ?? 0) > 0
        const starving = covered && ((expected >= MIN_FORWARDABLE_CHUNKS && received < SLOW_SHARE * expected) || stuck)
        raw.push({ parent, child, stripe: s, starving, slowNow: starving && (lag >= lagLimit || stuck), holding, received, planned: plannedChunks, forwardable: expected, lag, lagLimit })
      }
    })
    const collapsed = this.collapsedUplinks(raw)
    const edges: Edge[] = []
    for (const edge of raw) {
      const key = `${edge.child}#${edge.stripe}`
      // a relay whose uplink collapsed is slow to every child it holds a chunk for and feeds too little
      const slowNow = edge.slowNow || (collapsed.has(edge.parent) && edge.holding && edge.received < SLOW_SHARE * edge.planned)
      const rounds = slowNow ? (this.slowFor.get(key) ?? 0) + 1 : 0
      if ((edge.starving || slowNow) && (this.slowFor.get(key) ?? 0) === 0) {
        log.trace('%s: %s starves in stripe %d under %s: got %d chunks of the %d it could forward (%d planned); it holds %d chunks more (slow from %d)', this.deploymentId, edge.child, edge.stripe, edge.parent, edge.received, edge.forwardable, edge.planned, edge.lag, edge.lagLimit)
      }
      this.slowFor.set(key, rounds)
      edges.push({ ...edge, slowNow, slow: rounds >= SLOW_CHECKS })
    }
    // a child slow from every parent it has (two or more) is slow itself: its own download
    // (or its uplink, full of what it sends, holding back its acknowledgements); no parent is to blame
    const slowItself = fromEveryParent(edges, edge => edge.slow)
    this.starvingNow = new Set([...fromEveryParent(edges, edge => edge.slowNow), ...collapsed])
    // a child most of whose own children starve under it now, or whose uplink collapsed, is no evidence
    // against its parents: its acknowledgements wait behind what it sends (as for a stopped relay)
    const outgoing = tally(edges, edge => edge.parent, edge => edge.slowNow)
    const suspects = new Set([...outgoing].filter(([, counts]) => counts.marked > 0 && counts.marked * 2 >= counts.all).map(([relay]) => relay))
    for (const relay of collapsed) suspects.add(relay)
    const perRelay = new Map<string, { edges: Edge[], slow: Edge[] }>()
    for (const edge of edges) {
      if (suspects.has(edge.child)) continue
      const relay = perRelay.get(edge.parent) ?? { edges: [], slow: [] }
      relay.edges.push(edge)
      if (edge.slow && !slowItself.has(edge.child)) relay.slow.push(edge)
      perRelay.set(edge.parent, relay)
    }
    const slow: SlowRelay[] = []
    for (const [relay, figures] of perRelay) {
      // one slow child of several is that child's own link; most of them is the relay's
      if (figures.slow.length > 0 && figures.slow.length * 2 >= figures.edges.length) {
        const received = figures.slow.reduce((sum, edge) => sum + edge.received, 0)
        const planned = figures.slow.reduce((sum, edge) => sum + edge.planned, 0)
        const share = planned > 0 ? received / planned : 0
        const couldForward = figures.slow.reduce((sum, edge) => sum + edge.forwardable, 0)
        log('%s: relay %s is slow to %d of its %d children (%d %% of their planned rate, %d %% of what it could forward them)', this.deploymentId, relay, figures.slow.length, figures.edges.length, Math.round(share * 100), Math.round(couldForward > 0 ? 100 * received / couldForward : 0))
        slow.push({ relay, share, slowEdges: figures.slow.length, edges: figures.edges.length, children: figures.edges.map(({ child, stripe }) => ({ child, stripe })) })
      }
    }
    return this.admit(slow.sort((a, b) => a.share - b.share), plan.order.length, now)
  }

  /**
   * Relays whose uplink collapsed: over the window they sent (their own
   * reports' `bytesSent`) less than SLOW_SHARE of the planned rate of their
   * unfinished children, while holding a chunk that most of those children
   * lacked all along. Their own download tells nothing here: it slows with
   * their uplink, or stops, and their reports come late.
   */
  private collapsedUplinks (edges: RawEdge[]): Set<string> {
    const plannedChunks = new Map<string, number>()
    for (const edge of edges) plannedChunks.set(edge.parent, (plannedChunks.get(edge.parent) ?? 0) + edge.planned)
    const collapsed = new Set<string>()
    for (const [relay, counts] of tally(edges, edge => edge.parent, edge => edge.holding)) {
      if (counts.marked === 0 || counts.marked * 2 < counts.all) continue
      const samples = this.history.get(relay) ?? []
      const first = samples[0]
      const last = samples.at(-1)
      if (first?.sent == null || last?.sent == null || last.at - first.at < SLOW_WINDOW_MS * 0.8) continue
      if (last.sent - first.sent < SLOW_SHARE * (plannedChunks.get(relay) ?? 0) * this.chunkSize) collapsed.add(relay)
    }
    return collapsed
  }

  /**
   * The circuit breaker: the worst slow relay only, at most one per
   * STOP_SPACING_MS and MAX_STOPPED_SHARE of the fleet per deployment. Every
   * stop moves its children to others, so a machine or a network slow
   * everywhere would otherwise stop relay after relay and pile their load on
   * the host.
   */
  private admit (slow: SlowRelay[], fleet: number, now: number): SlowRelay[] {
    if (slow.length === 0) return slow
    if (this.stopped >= Math.max(1, Math.ceil(fleet * MAX_STOPPED_SHARE)) || now - this.lastStopAt < STOP_SPACING_MS) {
      log('%s: %d slow relays left alone (%d stopped so far, the last %d ms ago)', this.deploymentId, slow.length, this.stopped, now - this.lastStopAt)
      return []
    }
    this.stopped++
    this.lastStopAt = now
    return slow.slice(0, 1)
  }
}

interface Forwardable {
  /** the chunks of the stripe the parent could have forwarded in the window */
  chunks: number
  /** the chunks of the stripe it holds now */
  holds: number
  /** how many more of the stripe's chunks it held than the child at the window's start */
  heldAtStart: number
  /** the chunks it received in the window, in every stripe */
  receivedAll: number
}

/**
 * What a parent could have forwarded to a child in stripe `s` since the
 * child's window began (`first`): the chunks the parent received meanwhile,
 * and those it already held then beyond what the child's credit window and a
 * report's crossing explain (`lagLimit`); with what it holds now. Undefined
 * when the parent's reports do not reach back to the window's start (it came
 * under watch later: no evidence yet).
 */
function forwardable (parentSamples: Sample[], first: Sample, s: number, lagLimit: number): Forwardable | undefined {
  const atStart = parentSamples.findLast(sample => sample.at <= first.at)
  const atEnd = parentSamples.at(-1)
  if (atStart == null || atEnd == null) return undefined
  const received = atEnd.counts[s] - atStart.counts[s]
  const heldAtStart = atStart.counts[s] - first.counts[s]
  const backlog = Math.max(0, heldAtStart - lagLimit)
  const receivedAll = atEnd.counts.reduce((sum, count, i) => sum + count - (atStart.counts[i] ?? count), 0)
  return { chunks: received + backlog, holds: atEnd.counts[s], heldAtStart, receivedAll }
}

/** The children whose every edge in, two or more, is `marked`: from every parent they have. */
function fromEveryParent (edges: Edge[], marked: (edge: Edge) => boolean): Set<string> {
  const children = new Set<string>()
  for (const [child, counts] of tally(edges, edge => edge.child, marked)) {
    if (counts.all >= 2 && counts.marked === counts.all) children.add(child)
  }
  return children
}

/** Per node (`by`: an edge's child or its parent), how many edges it has and how many of them are `marked`. */
function tally<E> (edges: E[], by: (edge: E) => string, marked: (edge: E) => boolean): Map<string, { all: number, marked: number }> {
  const counts = new Map<string, { all: number, marked: number }>()
  for (const edge of edges) {
    const node = counts.get(by(edge)) ?? { all: 0, marked: 0 }
    node.all++
    if (marked(edge)) node.marked++
    counts.set(by(edge), node)
  }
  return counts
}
