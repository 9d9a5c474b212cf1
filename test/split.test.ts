/**
 * Split stripe-children (src/tree/split.ts, docs/striping.md): the busiest
 * relays' whole slots, half given to members with upload to spare.
 */
import assert from 'node:assert/strict'
import { DROP_TAIL_MAX_FLOWS, planStriped, splitShares, splitStripes } from '../src/tree/index.js'
import { relayCapacity } from '../src/node/host/deployment/plan-adapter.js'
import { TESTBED_N16_HOST_UPLOAD, TESTBED_N16_UPLOADS, TESTBED_N8_HOST_UPLOAD, TESTBED_N8_UPLOADS } from './testbed-probes-fixtures.js'
import { drawn, node } from './drawn-plan.js'
import type { PlanPeer, StripedPlan } from '../src/tree/index.js'

const MIB = 1024 * 1024

/** The testbed's probes as the host plans with them (src/node/host/deployment/plan-adapter.ts). */
function testbed (hostProbe: number, uploads: readonly number[]): { hostUpload: number, peers: PlanPeer[] } {
  return { hostUpload: hostProbe * 0.9, peers: uploads.map((upload, i) => ({ id: `n${String(i).padStart(2, '0')}`, upload: relayCapacity(upload, hostProbe) })) }
}

/** Each client's stripe-children (a split one a half, on each side), and its flows. */
function loads (plan: StripedPlan): Map<string, { edges: number, flows: number }> {
  const load = new Map<string, { edges: number, flows: number }>()
  const add = (id: string, edges: number): void => {
    const entry = load.get(id) ?? { edges: 0, flows: 0 }
    entry.edges += edges
    entry.flows += 1
    load.set(id, entry)
  }
  for (const tree of plan.stripes) {
    for (const [child, parent] of tree.parentOf) if (parent != null) add(parent, tree.helpers?.has(child) === true ? 0.5 : 1)
    for (const [, helper] of tree.helpers ?? []) add(helper, 0.5)
  }
  return load
}

function busiest (plan: StripedPlan, peers: PlanPeer[]): number {
  const upload = new Map(peers.map(peer => [peer.id, peer.upload]))
  return Math.max(...[...loads(plan)].map(([id, { edges }]) => edges / (upload.get(id) as number)))
}

describe('split stripe-children (src/tree/split.ts)', () => {
  it('the halves are the stripe, each chunk once', () => {
    for (const k of [2, 3, 4, 8]) {
      for (let s = 0; s < k; s++) {
        const { parent, helper } = splitShares(s, k)
        for (let index = 0; index < 10 * k; index++) {
          const inStripe = index % k === s
          const inParent = index % parent.count === parent.index
          const inHelper = index % helper.count === helper.index
          assert.equal(inParent || inHelper, inStripe)
          assert.ok(!(inParent && inHelper))
        }
      }
    }
  })

  it('N = 16 on the testbed\'s probes: each 10 Mbit/s root gives half a leaf stripe-child to a 1 Mbit/s member; the busiest uplink carries less', () => {
    const { hostUpload, peers } = testbed(TESTBED_N16_HOST_UPLOAD, TESTBED_N16_UPLOADS)
    const plan = planStriped(hostUpload, peers, { maxFanout: 4, size: 16 * MIB, chunkSize: 64 * 1024, maxFlows: DROP_TAIL_MAX_FLOWS })
    assert.equal(plan.stripes.length, 4)
    const split = splitStripes(plan, peers, { hostUpload, maxFlows: DROP_TAIL_MAX_FLOWS })
    const splits = split.stripes.flatMap((tree, s) => [...(tree.helpers ?? [])].map(([child, helper]) => ({ s, child, helper, parent: tree.parentOf.get(child) })))
    assert.ok(splits.length >= 4, `${splits.length} splits`)
    const before = busiest(plan, peers)
    const after = busiest(split, peers)
    assert.ok(after < before * 0.95, `busiest ${before} → ${after}`)
    const slow = new Set(peers.filter(peer => peer.upload < 200_000).map(peer => peer.id))
    for (const { s, child, helper, parent } of splits) {
      assert.ok(slow.has(helper), `${helper} helps: it has upload to spare`)
      assert.notEqual(helper, child)
      assert.notEqual(helper, parent)
      assert.ok(parent != null, 'the host\'s own stripe-children are never split')
      assert.ok(![...split.stripes[s].parentOf.values()].includes(child), `${child} is a leaf in stripe ${s}`)
    }
    for (const [id, { flows }] of loads(split)) assert.ok(flows <= DROP_TAIL_MAX_FLOWS, `${id} feeds ${flows} flows`)
    // the trees themselves are unchanged
    split.stripes.forEach((tree, s) => { assert.deepEqual([...tree.parentOf], [...plan.stripes[s].parentOf]) })
  })

  it('no split where the busiest relay is not slower than the host, nor where the busiest stays as busy, nor with one tree', () => {
    const plan = drawn(4, { rate: 100, roots: [node('a', node('b'), node('c'))] }, { rate: 100, roots: [node('b', node('a'), node('c'))] })
    const peers = [{ id: 'a', upload: 200 }, { id: 'b', upload: 200 }, { id: 'c', upload: 200 }]
    // each relay feeds two stripe-children at the host's stripe rate: as fast as the host
    assert.equal(splitStripes(plan, peers, { hostUpload: 200 }), plan)
    // the host twice as fast: a and b are the bottleneck, and c takes half of a leaf stripe-child of each
    const split = splitStripes(plan, peers, { hostUpload: 400 })
    assert.deepEqual(split.stripes.map(tree => [...(tree.helpers ?? [])]), [[['b', 'c']], [['a', 'c']]])
    assert.equal(busiest(split, peers), 1.5 / 200)
    // c with room for one half only: splitting a alone leaves b as busy as before, so nothing is split
    const slowC = [{ id: 'a', upload: 200 }, { id: 'b', upload: 200 }, { id: 'c', upload: 100 }]
    assert.equal(splitStripes(plan, slowC, { hostUpload: 400 }), plan)
    const one = drawn(4, { rate: 100, roots: [node('a', node('b'), node('c'))] })
    assert.equal(splitStripes(one, peers, { hostUpload: 400 }), one)
  })

  it('never a helper that cannot reach the child, nor an excluded one', () => {
    const plan = drawn(4, { rate: 100, roots: [node('a', node('b'), node('c'))] }, { rate: 100, roots: [node('b', node('a'), node('c'))] })
    const peers = [{ id: 'a', upload: 200 }, { id: 'b', upload: 200 }, { id: 'c', upload: 200 }]
    assert.notEqual(splitStripes(plan, peers, { hostUpload: 400 }), plan)
    assert.equal(splitStripes(plan, peers, { hostUpload: 400, exclude: new Set(['c']) }), plan)
    assert.equal(splitStripes(plan, peers, { hostUpload: 400, canConnect: (parent) => parent !== 'c' }), plan)
  })

  it('N = 8 on the testbed\'s probes stays within the flows cap and helps its busiest relay', () => {
    const { hostUpload, peers } = testbed(TESTBED_N8_HOST_UPLOAD, TESTBED_N8_UPLOADS)
    const plan = planStriped(hostUpload, peers, { maxFanout: 4, size: 16 * MIB, chunkSize: 64 * 1024, maxFlows: DROP_TAIL_MAX_FLOWS })
    const split = splitStripes(plan, peers, { hostUpload, maxFlows: DROP_TAIL_MAX_FLOWS })
    assert.ok(busiest(split, peers) <= busiest(plan, peers))
    for (const [id, { flows }] of loads(split)) assert.ok(flows <= DROP_TAIL_MAX_FLOWS, `${id} feeds ${flows} flows`)
  })

  it('100,000 clients in a few seconds at most', () => {
    const peers: PlanPeer[] = Array.from({ length: 100_000 }, (_, i) => ({ id: `p${i}`, upload: [1_200_000, 480_000, 120_000, 480_000][i % 4] }))
    const plan = planStriped(600_000, peers, { maxFanout: 4, size: 16 * MIB, chunkSize: 64 * 1024, maxFlows: DROP_TAIL_MAX_FLOWS })
    const started = performance.now()
    const split = splitStripes(plan, peers, { hostUpload: 600_000, maxFlows: DROP_TAIL_MAX_FLOWS })
    assert.ok(busiest(split, peers) <= busiest(plan, peers))
    assert.ok(performance.now() - started < 10_000)
  })
})
