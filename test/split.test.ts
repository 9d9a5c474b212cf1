/**
 * Split stripe-children (src/tree/split.ts, docs/striping.md): the busiest
 * relays' whole slots, half given to members with upload to spare.
 */
import assert from 'node:assert/strict'
import { DROP_TAIL_MAX_FLOWS, planStriped, sendsTo, splitShares, splitStripes } from '../src/tree/index.js'
import { SPLIT_PARTS } from '../src/tree/constants.js'
import { TESTBED_N16_HOST_UPLOAD, TESTBED_N16_UPLOADS, TESTBED_N8_HOST_UPLOAD, TESTBED_N8_UPLOADS } from './testbed-probes-fixtures.js'
import { drawn, node } from './drawn-plan.js'
import { busiest, helpersSplitThere, loads, testbed } from './split-loads.js'
import type { PlanPeer, StripedPlan } from '../src/tree/index.js'

const MIB = 1024 * 1024

/** Two stripes, r feeding x and y in both; x and y have upload to spare. */
function rFeedsBoth (): { plan: StripedPlan, peers: PlanPeer[] } {
  return {
    plan: drawn(4, { rate: 100, roots: [node('r', node('x'), node('y'))] }, { rate: 100, roots: [node('r', node('y'), node('x'))] }),
    peers: [{ id: 'r', upload: 200 }, { id: 'x', upload: 100 }, { id: 'y', upload: 100 }]
  }
}

describe('split stripe-children (src/tree/split.ts)', () => {
  it('the two sides\' shares are the stripe, each chunk once, the helper\'s its parts of it, in at most two classes a side', () => {
    const holds = (shares: Array<{ index: number, count: number }>, index: number): number => shares.filter(share => index % share.count === share.index).length
    for (const k of [2, 3, 4, 8]) {
      for (let s = 0; s < k; s++) {
        for (let parts = 1; parts < SPLIT_PARTS; parts++) {
          const { parent, helper } = splitShares(s, k, parts)
          assert.ok(parent.length <= 2 && helper.length <= 2 && parent.length > 0 && helper.length > 0)
          let helped = 0
          for (let index = 0; index < SPLIT_PARTS * 10 * k; index++) {
            assert.equal(holds(parent, index) + holds(helper, index), index % k === s ? 1 : 0, `chunk ${index}, stripe ${s} of ${k}, ${parts} parts`)
            helped += holds(helper, index)
          }
          assert.equal(helped, parts * 10)
        }
      }
    }
    // two parts are one half, on either side
    assert.deepEqual(splitShares(1, 4, 2), { parent: [{ index: 1, count: 8 }], helper: [{ index: 5, count: 8 }] })
  })

  it('N = 16 on the testbed\'s probes: the 10 Mbit/s roots give parts of leaf stripe-children to slower members; the busiest uplink carries less', () => {
    const { hostUpload, peers } = testbed(TESTBED_N16_HOST_UPLOAD, TESTBED_N16_UPLOADS)
    const plan = planStriped(hostUpload, peers, { maxFanout: 4, size: 16 * MIB, chunkSize: 64 * 1024, maxFlows: DROP_TAIL_MAX_FLOWS })
    assert.equal(plan.stripes.length, 4)
    const split = splitStripes(plan, peers, { hostUpload, maxFlows: DROP_TAIL_MAX_FLOWS })
    const splits = split.stripes.flatMap((tree, s) => [...(tree.helpers ?? [])].map(([child, helper]) => ({ s, child, helper, parent: tree.parentOf.get(child) })))
    assert.ok(splits.length >= 4, `${splits.length} splits`)
    const before = busiest(plan, peers)
    const after = busiest(split, peers)
    assert.ok(after < before * 0.95, `busiest ${before} → ${after}`)
    const roots = new Set(plan.stripes.flatMap(tree => tree.children.map(root => root.id)))
    const slow = new Set(peers.filter(peer => peer.upload < 200_000).map(peer => peer.id))
    assert.ok(splits.filter(({ helper }) => slow.has(helper.helper)).length >= 4, 'every 1 Mbit/s member helps')
    for (const { s, child, helper: { helper, parts }, parent } of splits) {
      assert.ok(!roots.has(helper), `${helper} helps: it has upload to spare`)
      assert.ok(parts >= 1 && parts < SPLIT_PARTS)
      assert.notEqual(helper, child)
      assert.notEqual(helper, parent)
      assert.ok(parent != null, 'the host\'s own stripe-children are never split')
      assert.ok(![...split.stripes[s].parentOf.values()].includes(child), `${child} is a leaf in stripe ${s}`)
    }
    for (const [id, { flows }] of loads(split)) assert.ok(flows <= DROP_TAIL_MAX_FLOWS, `${id} feeds ${flows} flows`)
    assert.deepEqual(helpersSplitThere(split), [])
    // the trees themselves are unchanged
    split.stripes.forEach((tree, s) => { assert.deepEqual([...tree.parentOf], [...plan.stripes[s].parentOf]) })
  })

  it('no split where the busiest relay is not slower than the host, nor where the busiest stays as busy, nor with one tree', () => {
    const plan = drawn(4, { rate: 100, roots: [node('a', node('b'), node('c'))] }, { rate: 100, roots: [node('b', node('a'), node('c'))] })
    const peers = [{ id: 'a', upload: 200 }, { id: 'b', upload: 200 }, { id: 'c', upload: 200 }]
    // each relay feeds two stripe-children at the host's stripe rate: as fast as the host
    assert.equal(splitStripes(plan, peers, { hostUpload: 200 }), plan)
    // the host twice as fast: a and b are the bottleneck, and c takes parts of a leaf stripe-child of each, a part at a time,
    // until a part more would leave c busier than b
    const split = splitStripes(plan, peers, { hostUpload: 400 })
    assert.deepEqual(split.stripes.map(tree => [...(tree.helpers ?? [])]), [[['b', { helper: 'c', parts: 3 }]], [['a', { helper: 'c', parts: 2 }]]])
    assert.equal(busiest(split, peers), 1.5 / 200)
    // c cannot reach a: splitting b's stripe-child in stripe 0 alone leaves b as busy as before, so nothing is split
    assert.equal(splitStripes(plan, peers, { hostUpload: 400, canConnect: (helper, child) => !(helper === 'c' && child === 'a') }), plan)
    const one = drawn(4, { rate: 100, roots: [node('a', node('b'), node('c'))] })
    assert.equal(splitStripes(one, peers, { hostUpload: 400 }), one)
  })

  it('a helper is never split in the stripe it helps in, nor a child split there that helps in it', () => {
    // x and y, helping each other in one stripe, would each be a split stripe-child there, whose addressees name
    // nobody below it (src/node/relay/addressees.ts): neither would send
    const { plan, peers } = rFeedsBoth()
    const split = splitStripes(plan, peers, { hostUpload: 800 })
    assert.deepEqual(split.stripes.map(tree => [...(tree.helpers ?? [])]), [[['y', { helper: 'x', parts: 3 }]], [['x', { helper: 'y', parts: 3 }]]])
    assert.deepEqual(helpersSplitThere(split), [])
  })

  it('who sends a child a stripe (the host takes a report of an unreachable child only from them): its parent there, or its helper', () => {
    const { plan, peers } = rFeedsBoth()
    const split = splitStripes(plan, peers, { hostUpload: 800 })
    // stripe 0: r feeds x and y, x helps y; stripe 1: r feeds y and x, y helps x
    assert.ok(sendsTo(split, 0, 'y', 'r') && sendsTo(split, 0, 'y', 'x'))
    assert.ok(!sendsTo(split, 0, 'x', 'y'), 'y helps x only in stripe 1')
    assert.ok(sendsTo(split, 1, 'x', 'y') && sendsTo(split, 1, 'x', 'r'))
    assert.ok(sendsTo(split, 0, 'r', null), 'the host feeds the stripe root')
    assert.ok(!sendsTo(split, 0, 'r', 'x'), 'nobody else does')
    assert.ok(!sendsTo(split, 0, 'x', null), 'nor the host a child it does not feed')
    assert.ok(!sendsTo(split, 2, 'y', 'r'), 'no such stripe')
    assert.ok(!sendsTo(split, 0, 'stranger', 'r'), 'no such child')
    assert.ok(!sendsTo(plan, 0, 'y', 'x'), 'not a helper before the split')
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
    assert.deepEqual(helpersSplitThere(split), [])
  })

  it('100,000 clients in a few seconds at most, also where most helpers reach their flows cap', function () {
    this.timeout(60_000)
    const peers: PlanPeer[] = Array.from({ length: 100_000 }, (_, i) => ({ id: `p${i}`, upload: [1_200_000, 480_000, 120_000, 480_000][i % 4] }))
    // six and seven stripes: before helpers at their cap left the heap, each part walked past all of them (minutes here).
    // At four the busiest uplinks are the 1 Mbit/s members' with one stripe-child each; some such child helps in that
    // very stripe, so it is never split, its parent stays as busy, and nothing is kept
    for (const stripes of [4, 6, 7]) {
      const plan = planStriped(600_000, peers, { maxFanout: 4, size: 16 * MIB, chunkSize: 64 * 1024, maxFlows: DROP_TAIL_MAX_FLOWS, stripes })
      const started = performance.now()
      const split = splitStripes(plan, peers, { hostUpload: 600_000, maxFlows: DROP_TAIL_MAX_FLOWS })
      const took = performance.now() - started
      if (stripes === 4) assert.equal(split, plan)
      else {
        assert.notEqual(split, plan, `${stripes} stripes: something is split`)
        assert.ok(busiest(split, peers) < busiest(plan, peers))
      }
      assert.ok(took < 10_000, `${stripes} stripes took ${Math.round(took)} ms`)
      assert.deepEqual(helpersSplitThere(split), [], `${stripes} stripes: a helper split where it helps`)
    }
  })
})
