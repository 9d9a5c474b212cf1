import assert from 'node:assert/strict'
import fc from 'fast-check'
import {
  DEFAULT_MAX_FANOUT, DROP_TAIL_MAX_FLOWS, estimateMakespan, estimateStripedMakespan, InvalidPlanInputError, lowerBound, measureStripes,
  planStriped, planTree, STRIPE_CHOICES
} from '../src/tree/index.js'
import type { Plan, PlanPeer, StripedPlan, StripedPlanOptions } from '../src/tree/index.js'
import { HOST_ONCE_TOLERANCE } from '../src/tree/constants.js'
import { TESTBED_N16_HOST_UPLOAD, TESTBED_N16_UPLOADS, TESTBED_N8_HOST_UPLOAD, TESTBED_N8_UPLOADS } from './testbed-probes-fixtures.js'

const MB = 1e6
const MBIT = 1e6 / 8
const MIB = 1024 * 1024

function close (actual: number, expected: number, message?: string): void {
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), message ?? `${actual} != ${expected}`)
}

/** Walks one stripe from the host; fails on a node seen twice (a cycle or a duplicate). Returns each node's children count. */
function walk (plan: Plan): Map<string, { parent: string | null, children: number, depth: number }> {
  const seen = new Map<string, { parent: string | null, children: number, depth: number }>()
  let level = plan.children.map(node => ({ node, parent: null as string | null }))
  let depth = 1
  while (level.length > 0) {
    const next: typeof level = []
    for (const { node, parent } of level) {
      assert.ok(!seen.has(node.id), `${node.id} appears twice`)
      seen.set(node.id, { parent, children: node.children.length, depth })
      for (const child of node.children) next.push({ node: child, parent: node.id })
    }
    level = next
    depth++
  }
  return seen
}

/** The invariants of every striped plan. */
function checkStriped (plan: StripedPlan, hostUpload: number, peers: PlanPeer[], options: StripedPlanOptions): void {
  const k = plan.stripes.length
  const maxFanout = options.maxFanout ?? DEFAULT_MAX_FANOUT
  const hostMaxFanout = options.hostMaxFanout ?? maxFanout
  assert.deepEqual(plan.order, planTree(hostUpload, peers, options).order)
  const peersById = new Map(peers.map(peer => [peer.id, peer]))
  const edges = new Map<string, number>()
  let hostEdges = 0
  let depth = 0
  for (const stripe of plan.stripes) {
    const nodes = walk(stripe)
    assert.equal(nodes.size, peers.length, 'every client exactly once in every stripe')
    assert.equal(stripe.parentOf.size, peers.length)
    for (const [id, node] of nodes) {
      assert.equal(stripe.parentOf.get(id), node.parent, `parentOf(${id})`)
      edges.set(id, (edges.get(id) ?? 0) + node.children)
      assert.ok(node.depth <= stripe.depth, `depth of ${id} beyond the stripe's`)
    }
    hostEdges += stripe.children.length
    depth = Math.max(depth, stripe.depth)
  }
  assert.equal(plan.depth, depth)
  close(plan.streamRate, plan.stripes.reduce((sum, stripe) => sum + stripe.streamRate, 0))
  const measured = measureStripes(hostUpload, plan.stripes.map(stripe => stripe.children), peersById)
  measured.rates.forEach((rate, s) => close(plan.stripes[s].streamRate, rate, `stripe ${s} rate`))
  assert.deepEqual(measured.depths, plan.stripes.map(stripe => stripe.depth))
  if (k === 1) return
  assert.equal(plan.degraded, false)
  assert.ok(hostEdges <= hostMaxFanout * k, `host has ${hostEdges} stripe-children`)
  // capacity: what a node sends over all stripes fits its upload, within its cap; excluded nodes send nothing
  let sent = 0
  for (const stripe of plan.stripes) sent += stripe.children.length * stripe.streamRate
  assert.ok(sent <= hostUpload * (1 + 1e-9), `host sends ${sent} > ${hostUpload}`)
  for (const peer of peers) {
    const count = edges.get(peer.id) ?? 0
    assert.ok(count <= maxFanout * k, `${peer.id} has ${count} stripe-children`)
    if (options.exclude?.has(peer.id) === true) assert.equal(count, 0, `excluded ${peer.id} relays`)
    let load = 0
    for (const stripe of plan.stripes) {
      const node = walk(stripe).get(peer.id)
      load += (node?.children ?? 0) * stripe.streamRate
      // a relay must receive every stripe at the rate it forwards one
      if ((node?.children ?? 0) > 0) assert.ok((peer.download ?? Infinity) >= k * stripe.streamRate * (1 - 1e-9))
    }
    assert.ok(load <= peer.upload * (1 + 1e-9), `${peer.id} sends ${load} > ${peer.upload}`)
  }
}

/** The benchmark mesh's fleet (docs/benchmarks.md): a quarter 10 Mbit/s, half 4, a quarter 1; host 10 Mbit/s. */
function benchFleet (n: number): PlanPeer[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `peer-${i}`,
    upload: (i % 4 === 0 ? 10 : i % 4 === 3 ? 1 : 4) * MBIT
  }))
}

describe('striped planner', () => {
  describe('known answers', () => {
    it('one stripe is exactly planTree\'s plan', () => {
      const peers = benchFleet(16)
      const options = { size: 16 * MIB, chunkSize: 256 * 1024 }
      const plan = planStriped(10 * MBIT, peers, { ...options, stripes: 1 })
      const tree = planTree(10 * MBIT, peers, options)
      assert.deepEqual(plan, { order: tree.order, stripes: [tree], streamRate: tree.streamRate, depth: tree.depth, degraded: tree.degraded })
    })

    it('two stripes over a host of 2 and three clients of 1: R = 4/3 where one tree gets 1', () => {
      // q = R/2: the host feeds 2/q, a client 1/q stripe-children; each stripe needs 3 edges.
      // R = 2 (q = 1): host 2 + clients 3 < 6. R = 4/3 (q = 2/3): host 3 + clients 3 = 6.
      const peers: PlanPeer[] = ['a', 'b', 'c'].map(id => ({ id, upload: 1 * MB }))
      const plan = planStriped(2 * MB, peers, { stripes: 2 })
      assert.equal(plan.stripes.length, 2)
      close(plan.streamRate, 4 / 3 * MB)
      close(planTree(2 * MB, peers).streamRate, 1 * MB)
      // host's 3 slots: 2 to stripe 0, 1 to stripe 1; a (first by id) to the neediest, stripe 1; b, c alternate
      assert.deepEqual([...plan.stripes[0].parentOf], [['b', null], ['a', null], ['c', 'b']])
      assert.deepEqual([...plan.stripes[1].parentOf], [['a', null], ['c', 'a'], ['b', 'c']])
      assert.deepEqual(plan.stripes.map(stripe => stripe.depth), [2, 3])
      assert.equal(plan.depth, 3)
      checkStriped(plan, 2 * MB, peers, { stripes: 2 })
    })

    it('each client relays in one stripe while the slots allow (SplitStream)', () => {
      const peers = benchFleet(32)
      const plan = planStriped(10 * MBIT, peers, { stripes: 4 })
      const interiorIn = new Map<string, number>()
      for (const stripe of plan.stripes) {
        for (const [id, node] of walk(stripe)) if (node.children > 0) interiorIn.set(id, (interiorIn.get(id) ?? 0) + 1)
      }
      const split = [...interiorIn.values()].filter(count => count > 1).length
      // a client is split over stripes only to fill a stripe's last gap: at most one per stripe
      assert.ok(split <= plan.stripes.length, `${split} clients relay in several stripes`)
      // the slow quarter (1 Mbit/s) cannot feed a stripe at R / 4 > 1 Mbit/s: leaves everywhere
      for (const peer of peers) if (peer.upload === 1 * MBIT) assert.equal(interiorIn.get(peer.id), undefined)
    })

    it('picks more than one stripe on the benchmark mesh, and beats the single tree there', () => {
      for (const n of [8, 16, 32]) {
        const peers = benchFleet(n)
        const shape = { size: 16 * MIB, chunkSize: 256 * 1024 }
        const plan = planStriped(10 * MBIT, peers, shape)
        assert.ok(plan.stripes.length > 1, `N = ${n}: ${plan.stripes.length} stripe`)
        const tree = planTree(10 * MBIT, peers, shape)
        const striped = estimateStripedMakespan(plan, shape.size, shape.chunkSize, 10 * MBIT, peers)
        const single = estimateMakespan(tree, shape.size, shape.chunkSize, 10 * MBIT, peers)
        assert.ok(striped < single * 0.95, `N = ${n}: ${striped} vs ${single}`)
        assert.ok(striped / lowerBound(shape.size, 10 * MBIT, peers) < 1.3)
        checkStriped(plan, 10 * MBIT, peers, shape)
      }
    })

    it('the trade to trees whose host feeds each stripe once may leave the chosen count behind one tree, by HOST_ONCE_TOLERANCE at most', () => {
      // fast-check's counterexample: the count is chosen by its first trees' estimate, then traded
      const peers = [8.5, 0.5, 8.5, 8.5, 17.5, 0.5].map((upload, i) => ({ id: `p${i}`, upload: upload * MB }))
      const options = { maxFanout: 2, hostMaxFanout: 2, exclude: new Set(['p1', 'p5']), size: 16 * MB, chunkSize: 16 * MB / 31 }
      const estimate = (plan: StripedPlan): number => estimateStripedMakespan(plan, 16 * MB, 16 * MB / 31, 13 * MB, peers)
      const chosen = estimate(planStriped(13 * MB, peers, options))
      const single = estimate(planStriped(13 * MB, peers, { ...options, stripes: 1 }))
      assert.ok(chosen > single && chosen <= single * (1 + HOST_ONCE_TOLERANCE), `${chosen} against one tree's ${single}`)
    })

    it('the host feeds each stripe once unless trees that do are more than HOST_ONCE_TOLERANCE slower by the estimate', () => {
      const hostChildren = (plan: StripedPlan): number[] => plan.stripes.map(tree => tree.children.length)
      // the recorded N = 16 probes, one fast relay read 10 % low: the host's fifth stripe-child was worth 2 % of the estimate
      const host = TESTBED_N16_HOST_UPLOAD * 0.9
      const misread = TESTBED_N16_UPLOADS.map((upload, i) => ({ id: `n${i}`, upload: upload * 0.9 - 0.025 * TESTBED_N16_HOST_UPLOAD }))
      const once = planStriped(host, misread, { size: 16 * MIB, chunkSize: 64 * 1024, maxFlows: DROP_TAIL_MAX_FLOWS, stripes: 4 })
      assert.deepEqual(hostChildren(once), [1, 1, 1, 1])
      // one relay and three members that cannot relay: feeding each stripe once would take half again as long
      const peers: PlanPeer[] = [{ id: 'a', upload: 1000 }, { id: 'b', upload: 0 }, { id: 'c', upload: 0 }, { id: 'd', upload: 0 }]
      const shared = planStriped(1000, peers, { stripes: 2, size: 1e6, chunkSize: 1e4 })
      assert.deepEqual(hostChildren(shared), [2, 2])
      checkStriped(shared, 1000, peers, { stripes: 2, size: 1e6, chunkSize: 1e4 })
    })

    it('stays with one tree when stripes cannot help: equal uploads in a chain', () => {
      // one tree at full rate is a chain; stripes only add per-hop delay
      const peers: PlanPeer[] = ['a', 'b', 'c'].map(id => ({ id, upload: 4 * MB }))
      const plan = planStriped(4 * MB, peers, { size: 64 * MB, chunkSize: 1 * MB, maxFanout: 1 })
      assert.equal(plan.stripes.length, 1)
    })

    it('never more stripes than chunks', () => {
      const peers = benchFleet(16)
      assert.ok(planStriped(10 * MBIT, peers, { size: 2 * MIB, chunkSize: 1 * MIB }).stripes.length <= 2)
      assert.equal(planStriped(10 * MBIT, peers, { size: 3 * MIB, chunkSize: 1 * MIB, stripes: 8 }).stripes.length, 3)
    })

    it('falls back to one tree when no stripes can be built', () => {
      const stuck: PlanPeer[] = [{ id: 'a', upload: 0 }, { id: 'b', upload: 0 }, { id: 'c', upload: 0 }]
      const plan = planStriped(1 * MB, stuck, { stripes: 4, maxFanout: 1, hostMaxFanout: 1 })
      assert.deepEqual(plan.stripes, [planTree(1 * MB, stuck, { maxFanout: 1, hostMaxFanout: 1 })])
      assert.equal(plan.degraded, true)
      // excluded peers relay in no stripe
      const peers = benchFleet(8)
      const exclude = new Set(peers.map(peer => peer.id))
      const excluded = planStriped(10 * MBIT, peers, { exclude, stripes: 2 })
      assert.equal(excluded.stripes.length, 1)
      assert.equal(planStriped(10 * MBIT, [], {}).stripes.length, 1)
    })

    it('a slow download keeps a fast client a leaf in every stripe', () => {
      const peers = benchFleet(16)
      peers[0] = { ...peers[0], download: 2 * MBIT }
      const plan = planStriped(10 * MBIT, peers, { stripes: 4 })
      for (const stripe of plan.stripes) assert.equal(walk(stripe).get('peer-0')?.children, 0)
      checkStriped(plan, 10 * MBIT, peers, { stripes: 4 })
    })

    it('rejects a stripe count that is not a positive integer', () => {
      assert.throws(() => planStriped(1, benchFleet(2), { stripes: 0 }), InvalidPlanInputError)
      assert.throws(() => planStriped(1, benchFleet(2), { stripes: 1.5 }), InvalidPlanInputError)
    })

    it('maxFlows caps the stripe-children of every uplink: four stripes, not seven, on the testbed\'s N = 8', () => {
      // probes of one reference-testbed run at N = 8 (bytes/s), as the host plans with them: 0.9 of
      // each upload, less the acknowledgements of its own download (plan-adapter.ts)
      const host = TESTBED_N8_HOST_UPLOAD * 0.9
      const peers: PlanPeer[] = TESTBED_N8_UPLOADS.map((upload, i) => ({ id: `n${i}`, upload: upload * 0.9 - 0.025 * TESTBED_N8_HOST_UPLOAD }))
      const shape = { size: 16 * MIB, chunkSize: 64 * 1024 }
      const flows = (plan: StripedPlan): number => {
        const children = new Map<string, number>()
        for (const stripe of plan.stripes) {
          for (const [id, { children: count }] of walk(stripe)) children.set(id, (children.get(id) ?? 0) + count)
          children.set('host', (children.get('host') ?? 0) + stripe.children.length)
        }
        return Math.max(...children.values())
      }
      const free = planStriped(host, peers, shape)
      assert.ok(free.stripes.length >= 6, `without a cap: ${free.stripes.length} stripes`)
      assert.ok(flows(free) > DROP_TAIL_MAX_FLOWS, `without a cap: ${flows(free)} flows`)
      const capped = planStriped(host, peers, { ...shape, maxFlows: DROP_TAIL_MAX_FLOWS })
      assert.equal(capped.stripes.length, 4)
      assert.ok(flows(capped) <= DROP_TAIL_MAX_FLOWS, `${flows(capped)} flows`)
      // every count keeps the cap, at a lower rate where it must
      for (let k = 2; k <= 8; k++) {
        const plan = planStriped(host, peers, { ...shape, stripes: k, maxFlows: 3 })
        assert.ok(flows(plan) <= 3, `k = ${k}: ${flows(plan)} flows`)
        assert.ok(plan.streamRate <= planStriped(host, peers, { ...shape, stripes: k }).streamRate * (1 + 1e-9))
      }
      // a cap above every fan-out changes nothing
      assert.deepEqual(planStriped(host, peers, { ...shape, maxFlows: 1000 }), free)
    })

    it('one slow downlink does not choose the count for the rest of the fleet', () => {
      // the testbed's N = 8 probes as above; one 1 Mbit/s client's download read at a third of the stream rate
      const host = TESTBED_N8_HOST_UPLOAD * 0.9
      const peers: PlanPeer[] = TESTBED_N8_UPLOADS.map((upload, i) => ({ id: `n${i}`, upload: upload * 0.9 - 0.025 * TESTBED_N8_HOST_UPLOAD, download: 3 * TESTBED_N8_HOST_UPLOAD }))
      const shape = { size: 16 * MIB, chunkSize: 64 * 1024, maxFlows: DROP_TAIL_MAX_FLOWS }
      const k = planStriped(host, peers, shape).stripes.length
      assert.equal(k, 4)
      const slow = peers.map(peer => peer.id === 'n6' ? { ...peer, download: host / 3 } : peer)
      const plan = planStriped(host, slow, shape)
      assert.equal(plan.stripes.length, k)
      for (const stripe of plan.stripes) assert.equal(walk(stripe).get('n6')?.children, 0)
      // its own time is what its download allows, whatever the count
      const estimate = estimateStripedMakespan(plan, shape.size, shape.chunkSize, host, slow)
      assert.ok(estimate >= shape.size / (host / 3), `estimate ${estimate}`)
    })

    it('rejects a flow cap that is not a positive integer', () => {
      for (const maxFlows of [0, -1, 2.5, Number.NaN]) {
        assert.throws(() => planStriped(1, benchFleet(2), { maxFlows }), InvalidPlanInputError)
      }
    })

    it('the estimate is at most (S + (depth - 1)·k·C) / R, equal for a uniform chain', () => {
      const peers = benchFleet(16)
      const plan = planStriped(10 * MBIT, peers, { stripes: 4 })
      const estimate = estimateStripedMakespan(plan, 16 * MIB, 256 * 1024, 10 * MBIT, peers)
      assert.ok(estimate <= (16 * MIB + (plan.depth - 1) * 4 * 256 * 1024) / plan.streamRate * (1 + 1e-9))
      assert.ok(estimate > 16 * MIB / plan.streamRate)
      // a chain of equal relays: every hop at the stream rate
      const chain: PlanPeer[] = ['a', 'b', 'c'].map(id => ({ id, upload: 4 * MB }))
      const tree = planStriped(4 * MB, chain, { maxFanout: 1, stripes: 1 })
      close(estimateStripedMakespan(tree, 64 * MB, 1 * MB, 4 * MB, chain), (64 + 2) / 4)
    })
  })

  const fleetArb = fc.record({
    hostUpload: fc.integer({ min: 1, max: 40 }).map(n => n * 0.5 * MB),
    peers: fc.array(fc.record({
      upload: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 40 }).map(n => n * 0.5 * MB)),
      download: fc.option(fc.integer({ min: 1, max: 80 }).map(n => n * 0.5 * MB), { nil: undefined }),
      excluded: fc.integer({ min: 0, max: 9 }).map(n => n < 3)
    }), { minLength: 0, maxLength: 60 }),
    stripes: fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }),
    chunks: fc.option(fc.integer({ min: 1, max: 64 }), { nil: undefined }),
    maxFanout: fc.integer({ min: 1, max: 6 }),
    hostMaxFanout: fc.integer({ min: 1, max: 6 })
  })

  it('every stripe spans every client once, within uploads and caps; never beats T*', () => {
    fc.assert(fc.property(fleetArb, ({ hostUpload, peers: raw, stripes, chunks, maxFanout, hostMaxFanout }) => {
      const peers: PlanPeer[] = raw.map((peer, i) => ({ id: `p${i}`, upload: peer.upload, ...(peer.download === undefined ? {} : { download: peer.download }) }))
      const exclude = new Set(raw.flatMap((peer, i) => peer.excluded ? [`p${i}`] : []))
      const shape = chunks === undefined ? {} : { size: 16 * MB, chunkSize: 16 * MB / chunks }
      const options: StripedPlanOptions = { stripes, maxFanout, hostMaxFanout, exclude, ...shape }
      const plan = planStriped(hostUpload, peers, options)
      checkStriped(plan, hostUpload, peers, options)
      if (chunks !== undefined) assert.ok(plan.stripes.length <= chunks)
      if (stripes === undefined) assert.ok(STRIPE_CHOICES.includes(plan.stripes.length))
      const estimate = estimateStripedMakespan(plan, 16 * MB, 1 * MB, hostUpload, peers)
      assert.ok(estimate >= lowerBound(16 * MB, hostUpload, peers) * (1 - 1e-9), 'faster than T*')
      if (chunks !== undefined && stripes === undefined && peers.length > 0) {
        // the chosen count is no worse than one tree by the planner's own estimate, but for the
        // trade to trees whose host feeds each stripe once, which may cost up to
        // HOST_ONCE_TOLERANCE (fast-check found one at 3 %: six clients, two excluded, fan-out 2).
        // The planner compares counts without the slowest download's floor (a client slower than
        // the rate bounds only itself), so the two agree where that floor binds neither plan
        const single = planStriped(hostUpload, peers, { ...options, stripes: 1 })
        const byId = new Map(peers.map(peer => [peer.id, peer]))
        const minDownload = Math.min(...peers.map(peer => peer.download ?? Infinity))
        const floorBinds = (p: StripedPlan): boolean => {
          const { rates } = measureStripes(hostUpload, p.stripes.map(stripe => stripe.children), byId, shape.chunkSize as number)
          return rates.some(rate => minDownload / p.stripes.length < rate)
        }
        if (!floorBinds(plan) && !floorBinds(single)) {
          assert.ok(estimateStripedMakespan(plan, shape.size as number, shape.chunkSize as number, hostUpload, peers) <=
            estimateStripedMakespan(single, shape.size as number, shape.chunkSize as number, hostUpload, peers) * (1 + HOST_ONCE_TOLERANCE) * (1 + 1e-9))
        }
      }
    }), { numRuns: 300 })
  })
})
