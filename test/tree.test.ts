import assert from 'node:assert/strict'
import fc from 'fast-check'
import {
  DEFAULT_MAX_FANOUT, estimateMakespan, findNode, flatten, InvalidPlanInputError, lowerBound, planTree,
  reparent, subtreeIds, UnknownPeerError
} from '../src/tree/index.js'
import type { Plan, PlanOptions, PlanPeer, TreeNode } from '../src/tree/index.js'

const MB = 1e6

function peersOf (uploads: Record<string, number>): PlanPeer[] {
  return Object.entries(uploads).map(([id, upload]) => ({ id, upload: upload * MB }))
}

/** A tree as nested arrays of ids, for exact comparisons: ['a', ['c', 'd']] */
type Shape = Array<string | [string, Shape]>
function shapeOf (nodes: TreeNode[]): Shape {
  return nodes.map(node => node.children.length === 0 ? node.id : [node.id, shapeOf(node.children)])
}

function close (actual: number, expected: number, message?: string): void {
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), message ?? `${actual} != ${expected}`)
}

/** Walks the tree from the host; fails on a node seen twice (a cycle or a duplicate). */
function walk (plan: Plan): Map<string, { parent: string | null, depth: number, children: number }> {
  const seen = new Map<string, { parent: string | null, depth: number, children: number }>()
  let level = plan.children.map(node => ({ node, parent: null as string | null }))
  let depth = 1
  while (level.length > 0) {
    const next: typeof level = []
    for (const { node, parent } of level) {
      assert.ok(!seen.has(node.id), `${node.id} appears twice`)
      seen.set(node.id, { parent, depth, children: node.children.length })
      for (const child of node.children) next.push({ node: child, parent: node.id })
    }
    level = next
    depth++
  }
  return seen
}

/** The invariants every plan (and every reparented plan) must keep. */
function checkStructure (plan: Plan, hostUpload: number, peers: PlanPeer[], options: PlanOptions): Map<string, { parent: string | null, depth: number, children: number }> {
  const maxFanout = options.maxFanout ?? DEFAULT_MAX_FANOUT
  const hostMaxFanout = options.hostMaxFanout ?? maxFanout
  const nodes = walk(plan)
  assert.equal(nodes.size, peers.length, 'every peer exactly once')
  for (const peer of peers) assert.ok(nodes.has(peer.id), `${peer.id} missing`)
  assert.equal(plan.parentOf.size, peers.length)
  let depth = 0
  for (const [id, node] of nodes) {
    assert.equal(plan.parentOf.get(id), node.parent, `parentOf(${id})`)
    assert.ok(node.children <= maxFanout, `${id} has ${node.children} children > ${maxFanout}`)
    if (options.exclude?.has(id) === true) assert.equal(node.children, 0, `excluded ${id} relays`)
    depth = Math.max(depth, node.depth)
  }
  assert.equal(plan.depth, depth)
  if (!plan.degraded) assert.ok(plan.children.length <= hostMaxFanout, 'host fan-out')
  assert.deepEqual([...plan.order].sort(), peers.map(peer => peer.id).sort())
  // streamRate is what every interior node can feed its children
  if (plan.children.length > 0) assert.ok(hostUpload / plan.children.length >= plan.streamRate * (1 - 1e-9))
  const byId = new Map(peers.map(peer => [peer.id, peer]))
  for (const [id, node] of nodes) {
    if (node.children > 0) assert.ok(byId.get(id)!.upload / node.children >= plan.streamRate * (1 - 1e-9), `${id} overloaded`)
  }
  return nodes
}

// Fleets for property tests: ids p0..pN-1, uploads with zeros and ties.
const uploadArb = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 64 }).map(n => n * 250_000))
const fleetArb = fc.record({
  hostUpload: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 100 }).map(n => n * MB)),
  uploads: fc.array(uploadArb, { minLength: 1, maxLength: 300 }),
  excluded: fc.array(fc.nat({ max: 299 }), { maxLength: 10 }),
  maxFanout: fc.integer({ min: 1, max: 8 }),
  hostMaxFanout: fc.integer({ min: 1, max: 8 })
}).map(({ hostUpload, uploads, excluded, maxFanout, hostMaxFanout }) => ({
  hostUpload,
  peers: uploads.map((upload, i): PlanPeer => ({ id: `p${i}`, upload })),
  options: {
    maxFanout,
    hostMaxFanout,
    exclude: new Set(excluded.filter(i => i < uploads.length).map(i => `p${i}`))
  } satisfies PlanOptions
}))

describe('tree planner', () => {
  describe('hand-checked trees: host 10 MB/s, peers a,b 8, c,d 2, e,f 1 MB/s', () => {
    const peers = peersOf({ e: 1, a: 8, c: 2, f: 1, b: 8, d: 2 })

    it('default fan-out 4: r = 4 MB/s, a and b feed two each', () => {
      // r = 5 (10/2): a,b get floor(8/5) = 1 slot each, 2 + 1 + 1 = 4 < 6. r = 4 (8/2):
      // host 2 slots, a and b 2 each: 6 slots for 6 clients.
      const plan = planTree(10 * MB, peers)
      assert.deepEqual(plan.order, ['a', 'b', 'c', 'd', 'e', 'f'])
      assert.deepEqual(shapeOf(plan.children), [['a', ['c', 'd']], ['b', ['e', 'f']]])
      assert.equal(plan.streamRate, 4 * MB)
      assert.equal(plan.depth, 2)
      assert.equal(plan.degraded, false)
      assert.equal(plan.parentOf.get('e'), 'b')
      assert.equal(plan.parentOf.get('a'), null)
    })

    it('host fan-out 1: r = 8/3 MB/s, a feeds three', () => {
      // r = 4: host 1, a 2, b 2 attach 5 of 6. r = 8/3: host 1, a 3, b 3.
      const plan = planTree(10 * MB, peers, { hostMaxFanout: 1 })
      assert.deepEqual(shapeOf(plan.children), [['a', [['b', ['e', 'f']], 'c', 'd']]])
      close(plan.streamRate, 8 / 3 * MB)
      assert.equal(plan.depth, 3)
    })

    it('fan-out 1: a chain whose slowest relay (e, 1 MB/s) sets r', () => {
      const plan = planTree(10 * MB, peers, { maxFanout: 1 })
      assert.deepEqual(shapeOf(plan.children), [['a', [['b', [['c', [['d', [['e', ['f']]]]]]]]]]])
      assert.equal(plan.streamRate, 1 * MB)
      assert.equal(plan.depth, 6)
    })

    it('a excluded: it stays a leaf, r = 8/3 MB/s', () => {
      // b is the only fast relay. r = 10/3: host 3 + b 2 - 1 = 4 slots for 5 others.
      // r = 8/3: host 3 slots (b, a, c), b 3 slots (d, e, f).
      const plan = planTree(10 * MB, peers, { exclude: new Set(['a']) })
      assert.deepEqual(shapeOf(plan.children), [['b', ['d', 'e', 'f']], 'a', 'c'])
      close(plan.streamRate, 8 / 3 * MB)
      assert.equal(plan.depth, 2)
    })

    it('estimates the pipelined makespan as (S + (depth - 1)·C) / r', () => {
      const plan = planTree(10 * MB, peers)
      close(estimateMakespan(plan, 60 * MB, 1 * MB, 10 * MB, peers), (60 + 1) / 4)
      // T* = N·S / ΣU = 6·60 / 32 = 11.25 s; the single tree idles its leaves' uploads
      close(lowerBound(60 * MB, 10 * MB, peers), 11.25)
    })

    it('lists the ids below a node, finds nodes and flattens the plan breadth-first', () => {
      const plan = planTree(10 * MB, peers)
      // what a relay passes each child (src/node/relay/addressees.ts splits the list it receives)
      assert.deepEqual(plan.children.map(child => subtreeIds(child)), [['c', 'd'], ['e', 'f']])
      assert.deepEqual(subtreeIds(findNode(plan, 'b')!), ['e', 'f'])
      assert.equal(findNode(plan, 'zz'), undefined)
      assert.deepEqual(flatten(plan).map(node => `${node.id}<${node.parent ?? 'host'}@${node.depth}`),
        ['a<host@1', 'b<host@1', 'c<a@2', 'd<a@2', 'e<b@2', 'f<b@2'])
    })

    it('reparents a failed relay\'s children: c takes a\'s freed host slot, d the host\'s least-loss slot', () => {
      const plan = planTree(10 * MB, peers)
      const { plan: after, moved } = reparent(plan, 'a', peers.filter(peer => peer.id !== 'a'), 10 * MB)
      // At r = 4 the host (2 slots) has one free after a leaves: c goes there.
      // Then nobody has a free slot at 4 MB/s; the host under its cap of 4 keeps the
      // highest per-child rate with a third child (10/3 > b's 8/3): d goes there.
      assert.deepEqual(moved, [{ id: 'c', newParent: null }, { id: 'd', newParent: null }])
      assert.deepEqual(shapeOf(after.children), [['b', ['e', 'f']], 'c', 'd'])
      close(after.streamRate, 10 / 3 * MB)
      assert.deepEqual(after.order, ['b', 'c', 'd', 'e', 'f'])
      assert.equal(after.parentOf.has('a'), false)
      // the input plan is untouched
      assert.deepEqual(shapeOf(plan.children), [['a', ['c', 'd']], ['b', ['e', 'f']]])
    })
  })

  describe('rate for depth', () => {
    // Host and six clients at 1 MB/s, package of two chunks.
    const peers = peersOf({ a: 1, b: 1, c: 1, d: 1, e: 1, f: 1 })

    it('the highest rate alone gives a chain', () => {
      const plan = planTree(1 * MB, peers)
      assert.equal(plan.streamRate, 1 * MB)
      assert.equal(plan.depth, 6)
    })

    it('with size and chunk size, trades rate for depth when that finishes sooner', () => {
      // chain: (2 + 5)·C / 1 = 7 C; r = 1/2, binary, depth 2: (2 + 1)·C / 0.5 = 6 C;
      // r = 1/3, depth 2: 9 C.
      const plan = planTree(1 * MB, peers, { size: 2 * MB, chunkSize: 1 * MB })
      assert.deepEqual(shapeOf(plan.children), [['a', ['c', 'd']], ['b', ['e', 'f']]])
      assert.equal(plan.streamRate, 0.5 * MB)
      close(estimateMakespan(plan, 2 * MB, 1 * MB, 1 * MB, peers), 6)
      // one chunk: chain 6 C vs binary 4 C... and r = 1/4 (host feeds 4, depth 2) 8 C
      const single = planTree(1 * MB, peers, { size: 1 * MB, chunkSize: 1 * MB })
      assert.equal(single.depth, 2)
    })

    it('keeps the chain when the package is long compared with its chunks', () => {
      const plan = planTree(1 * MB, peers, { size: 100 * MB, chunkSize: 1 * MB })
      assert.equal(plan.streamRate, 1 * MB)
      assert.equal(plan.depth, 6)
    })

    it('rejects a size without a chunk size', () => {
      assert.throws(() => planTree(1 * MB, peers, { size: 1 }), InvalidPlanInputError)
    })
  })

  describe('degraded fleets', () => {
    it('clients that cannot upload all hang from the host, beyond its cap', () => {
      const plan = planTree(10 * MB, peersOf({ a: 0, b: 0, c: 0, d: 0, e: 0, f: 0 }), { hostMaxFanout: 2 })
      assert.equal(plan.degraded, true)
      assert.equal(plan.children.length, 6)
      close(plan.streamRate, 10 / 6 * MB)
    })

    it('the host takes just the overflow: one relay at fan-out 2, four more from the host', () => {
      // No r > 0 works: host 1 slot, a 2 slots, five others need a slot. At a vanishing
      // rate: a takes 2, the host 6 - 2 = 4 (a and three others).
      const plan = planTree(10 * MB, peersOf({ a: 1, b: 0, c: 0, d: 0, e: 0, f: 0 }), { maxFanout: 2, hostMaxFanout: 1 })
      assert.equal(plan.degraded, true)
      assert.deepEqual(shapeOf(plan.children), [['a', ['e', 'f']], 'b', 'c', 'd'])
      assert.equal(plan.streamRate, 0.5 * MB)
    })

    it('a host that cannot upload gives stream rate 0', () => {
      const plan = planTree(0, peersOf({ a: 5, b: 5 }))
      assert.equal(plan.degraded, true)
      assert.equal(plan.streamRate, 0)
      assert.equal(estimateMakespan(plan, MB, MB, 0, peersOf({ a: 5, b: 5 })), Infinity)
    })

    it('no clients: an empty plan', () => {
      const plan = planTree(10 * MB, [])
      assert.deepEqual(plan.children, [])
      assert.equal(plan.depth, 0)
      assert.equal(plan.degraded, false)
    })

    it('rejects nonsense input', () => {
      assert.throws(() => planTree(1, [{ id: 'a', upload: 1 }, { id: 'a', upload: 2 }]), InvalidPlanInputError)
      assert.throws(() => planTree(1, [{ id: 'a', upload: -1 }]), InvalidPlanInputError)
      assert.throws(() => planTree(1, [], { maxFanout: 0 }), InvalidPlanInputError)
      assert.throws(() => planTree(Number.NaN, []), /InvalidPlanInputError|non-negative/)
      assert.throws(() => reparent(planTree(1, []), 'x', [], 1), UnknownPeerError)
    })
  })

  describe('lower bound T*', () => {
    it('the host must send the package once: S / U_h', () => {
      close(lowerBound(60 * MB, 10 * MB, peersOf({ a: 100 })), 6)
    })
    it('the slowest download: S / min D', () => {
      const peers: PlanPeer[] = [{ id: 'a', upload: 100 * MB, download: 2 * MB }, { id: 'b', upload: 100 * MB }]
      close(lowerBound(60 * MB, 10 * MB, peers), 30)
    })
    it('N copies through the fleet\'s total upload: N·S / (U_h + ΣU_i)', () => {
      close(lowerBound(60 * MB, 10 * MB, peersOf({ a: 8, b: 8, c: 2, d: 2, e: 1, f: 1 })), 11.25)
      close(lowerBound(1 * MB, 1 * MB, peersOf({ a: 0, b: 0, c: 0 })), 3)
    })
    it('no clients: 0; a host that cannot upload: Infinity', () => {
      assert.equal(lowerBound(MB, MB, []), 0)
      assert.equal(lowerBound(MB, 0, peersOf({ a: 1 })), Infinity)
    })
  })

  describe('properties over random fleets', () => {
    it('every plan is a tree within the caps, fastest nearest the host', () => {
      fc.assert(fc.property(fleetArb, ({ hostUpload, peers, options }) => {
        const plan = planTree(hostUpload, peers, options)
        const nodes = checkStructure(plan, hostUpload, peers, options)
        if (plan.degraded) {
          assert.ok(plan.children.length <= peers.length)
        } else {
          // the host feeds at least one child
          assert.ok(plan.streamRate > 0 && plan.streamRate <= hostUpload)
        }
        // order: decreasing upload, ties by id
        for (let i = 1; i < plan.order.length; i++) {
          const [a, b] = [peers[Number(plan.order[i - 1].slice(1))], peers[Number(plan.order[i].slice(1))]]
          assert.ok(a.upload > b.upload || (a.upload === b.upload && a.id < b.id))
        }
        // a relay-capable client is never deeper than a strictly slower one,
        // and nobody who relays is deeper than an excluded peer
        const relaying = peers.filter(peer => options.exclude.has(peer.id) === false)
        const byUpload = [...relaying].sort((a, b) => b.upload - a.upload)
        let deepestFaster = 0
        for (let i = 0; i < byUpload.length;) {
          let j = i
          let deepest = 0
          while (j < byUpload.length && byUpload[j].upload === byUpload[i].upload) {
            const depth = nodes.get(byUpload[j].id)!.depth
            assert.ok(depth >= deepestFaster, `${byUpload[j].id} shallower than a faster peer`)
            deepest = Math.max(deepest, depth)
            j++
          }
          deepestFaster = Math.max(deepestFaster, deepest)
          i = j
        }
        const deepestRelay = Math.max(0, ...[...nodes.values()].filter(node => node.children > 0).map(node => node.depth))
        for (const id of options.exclude) {
          if (nodes.has(id)) assert.ok(nodes.get(id)!.depth >= deepestRelay)
        }
      }), { numRuns: 300 })
    })

    it('the stream rate is the best any tree within the caps achieves (brute force, up to 5 clients)', () => {
      const smallFleet = fc.record({
        hostUpload: fc.integer({ min: 0, max: 12 }),
        peers: fc.array(fc.record({ upload: fc.integer({ min: 0, max: 12 }), download: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }) }), { minLength: 1, maxLength: 5 }),
        excluded: fc.array(fc.nat({ max: 4 }), { maxLength: 2 }),
        maxFanout: fc.integer({ min: 1, max: 3 }),
        hostMaxFanout: fc.integer({ min: 1, max: 3 })
      })
      fc.assert(fc.property(smallFleet, ({ hostUpload, peers: raw, excluded, maxFanout, hostMaxFanout }) => {
        const peers: PlanPeer[] = raw.map((peer, i) => ({ id: `p${i}`, upload: peer.upload, ...(peer.download === undefined ? {} : { download: peer.download }) }))
        const exclude = new Set(excluded.filter(i => i < peers.length).map(i => `p${i}`))
        const options = { maxFanout, hostMaxFanout, exclude }
        const plan = planTree(hostUpload, peers, options)
        const best = bestRateByBruteForce(hostUpload, peers, options)
        if (best > 0) {
          assert.equal(plan.degraded, false)
          close(plan.streamRate, best, `plan ${plan.streamRate} vs best ${best}`)
        } else {
          assert.equal(plan.degraded, true)
        }
        checkStructure(plan, hostUpload, peers, options)
      }), { numRuns: 400 })
    })

    it('the pipelined estimate never beats T*', () => {
      fc.assert(fc.property(fleetArb, fc.integer({ min: 1, max: 64 }), ({ hostUpload, peers, options }, chunks) => {
        const size = 64 * MB
        const chunkSize = size / chunks
        const plan = planTree(hostUpload, peers, { ...options, size, chunkSize })
        checkStructure(plan, hostUpload, peers, options)
        const estimate = estimateMakespan(plan, size, chunkSize, hostUpload, peers)
        assert.ok(estimate >= lowerBound(size, hostUpload, peers) * (1 - 1e-9))
        // trading rate for depth never makes the estimate worse than the highest rate's
        const highest = planTree(hostUpload, peers, options)
        if (!plan.degraded) assert.ok(estimate <= estimateMakespan(highest, size, chunkSize, hostUpload, peers) * (1 + 1e-9))
      }), { numRuns: 200 })
    })

    it('reparent keeps a tree within the caps, moves only the orphans and drops the failed node', () => {
      fc.assert(fc.property(fleetArb, fc.nat(), ({ hostUpload, peers, options }, pick) => {
        const plan = planTree(hostUpload, peers, options)
        const failed = peers[pick % peers.length].id
        const orphans = findNode(plan, failed)!.children.map(node => node.id)
        const rest = peers.filter(peer => peer.id !== failed)
        const { plan: after, moved } = reparent(plan, failed, rest, hostUpload, options)
        checkStructure(after, hostUpload, rest, options)
        assert.deepEqual(moved.map(move => move.id).sort(), [...orphans].sort())
        for (const move of moved) assert.equal(after.parentOf.get(move.id), move.newParent)
        for (const peer of rest) {
          if (!orphans.includes(peer.id)) assert.equal(after.parentOf.get(peer.id), plan.parentOf.get(peer.id))
        }
        // the failed node's parent had its slot back: the first orphan never forces the host over its cap
        if (!plan.degraded && orphans.length === 1) assert.equal(after.degraded, false)
      }), { numRuns: 300 })
    })
  })

  it('plans 100,000 peers (timing printed, not asserted)', () => {
    let seed = 7
    const random = (): number => { seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; return seed / 2 ** 32 }
    const peers: PlanPeer[] = Array.from({ length: 100_000 }, (_, i) => ({ id: `peer-${i}`, upload: Math.floor(random() * 20) * 0.5 * MB }))
    for (const options of [{}, { size: 64 * MB, chunkSize: 1 * MB }]) {
      const start = performance.now()
      const plan = planTree(20 * MB, peers, options)
      const elapsed = performance.now() - start
      console.log(`      planTree(100k${options.size === undefined ? '' : ', 64 chunks'}): ${elapsed.toFixed(0)} ms, r = ${(plan.streamRate / MB).toFixed(2)} MB/s, depth ${plan.depth}`)
      assert.equal(plan.parentOf.size, peers.length)
    }
  })
})

/** Best stream rate over every parent assignment (N ≤ 5): (N)^N candidates. */
function bestRateByBruteForce (hostUpload: number, peers: PlanPeer[], options: { maxFanout: number, hostMaxFanout: number, exclude: Set<string> }): number {
  const n = peers.length
  const parent = new Array<number>(n).fill(-1)
  let best = 0
  const evaluate = (): void => {
    const children = new Array<number>(n).fill(0)
    let hostChildren = 0
    for (let i = 0; i < n; i++) {
      if (parent[i] === -1) hostChildren++
      else children[parent[i]]++
    }
    if (hostChildren > options.hostMaxFanout) return
    for (let i = 0; i < n; i++) {
      // acyclic: every node reaches the host within n steps
      let at = i
      for (let steps = 0; at !== -1; steps++) {
        if (steps > n) return
        at = parent[at]
      }
      if (children[i] > options.maxFanout) return
      if (children[i] > 0 && options.exclude.has(peers[i].id)) return
    }
    let rate = hostUpload / hostChildren
    for (let i = 0; i < n; i++) {
      if (children[i] > 0) rate = Math.min(rate, peers[i].upload / children[i], peers[i].download ?? Infinity)
    }
    best = Math.max(best, rate)
  }
  const assign = (i: number): void => {
    if (i === n) { evaluate(); return }
    for (let p = -1; p < n; p++) {
      if (p === i) continue
      parent[i] = p
      assign(i + 1)
    }
  }
  assign(0)
  return best
}
