/**
 * The stripe count chosen with the splits in view (src/tree/split-choice.ts),
 * and the estimate that judges a split plan (measureStripes with helpers).
 */
import assert from 'node:assert/strict'
import { DROP_TAIL_MAX_FLOWS, estimateStripedMakespan, measureStripes, planSplit, planStriped, splitStripes } from '../src/tree/index.js'
import { SPLIT_CHOICE_GAIN, SPLIT_CHOICE_MAX_CLIENTS } from '../src/tree/constants.js'
import { TESTBED_N16_HOST_UPLOAD, TESTBED_N16_MISREAD_HOST_UPLOAD, TESTBED_N16_MISREAD_UPLOADS, TESTBED_N16_UPLOADS, TESTBED_N32_HOST_UPLOAD, TESTBED_N32_UPLOADS, TESTBED_N8_HOST_UPLOAD, TESTBED_N8_UPLOADS } from './testbed-probes-fixtures.js'
import { drawn, node } from './drawn-plan.js'
import { busiest, helpersSplitThere, loads, testbed } from './split-loads.js'
import type { PlanPeer, StripedPlan } from '../src/tree/index.js'

const MIB = 1024 * 1024
const SHAPE = { maxFanout: 4, size: 16 * MIB, chunkSize: 64 * 1024, maxFlows: DROP_TAIL_MAX_FLOWS }

const helped = (plan: StripedPlan): number => plan.stripes.reduce((sum, tree) => sum + (tree.helpers?.size ?? 0), 0)

describe('the stripe count chosen with the splits in view (src/tree/split-choice.ts)', () => {
  it('a split child counts as its parts on each side: the helper bounds the stripe\'s rate, the child\'s chunks come by the later path', () => {
    // stripe 0: a feeds b and c; stripe 1: b feeds a and c. d relays nothing, then takes half of c in stripe 0
    const peers: PlanPeer[] = [{ id: 'a', upload: 200 }, { id: 'b', upload: 200 }, { id: 'c', upload: 200 }, { id: 'd', upload: 40 }]
    const plan = drawn(4, { rate: 100, roots: [node('a', node('b'), node('c'), node('d'))] }, { rate: 100, roots: [node('b', node('a'), node('c'), node('d'))] })
    const whole = measureStripes(1000, plan.stripes.map(tree => tree.children), new Map(peers.map(peer => [peer.id, peer])), 10)
    // a's 200 over its three stripe-children
    assert.deepEqual(whole.rates.map(Math.round), [67, 67])
    const split: StripedPlan = { ...plan, stripes: [{ ...plan.stripes[0], helpers: new Map([['c', { helper: 'd', parts: 2 }]]) }, plan.stripes[1]] }
    const halves = measureStripes(1000, split.stripes.map(tree => tree.children), new Map(peers.map(peer => [peer.id, peer])), 10, split.stripes.map(tree => tree.helpers))
    // a feeds 2.5 stripe-children (200 / 2.5 = 80), d half a one (40 / 0.5 = 80)
    assert.deepEqual(halves.rates.map(Math.round), [80, 67])
    // c's chunks by d: a's hop (10 / 80) then d's (10 / 80), later than a's own hop to c
    assert.equal(halves.delays[0], 10 / 80 + 10 / 80)
    // the estimate of a plan judges its helpers too
    assert.ok(estimateStripedMakespan(split, 1000, 10, 1000, peers) < estimateStripedMakespan(plan, 1000, 10, 1000, peers) * 1.01)
    // a helper too slow for its part bounds the stripe below the whole plan's rate
    const slow: StripedPlan = { ...plan, stripes: [{ ...plan.stripes[0], helpers: new Map([['c', { helper: 'd', parts: 3 }]]) }, plan.stripes[1]] }
    assert.ok(measureStripes(1000, slow.stripes.map(tree => tree.children), new Map(peers.map(peer => [peer.id, peer])), 10, slow.stripes.map(tree => tree.helpers)).rates[0] < 67)
  })

  it('N = 32 on the testbed\'s probes: one tree by whole slots, four stripes once split, their busiest uplink 17 % less busy', () => {
    const { hostUpload, peers } = testbed(TESTBED_N32_HOST_UPLOAD, TESTBED_N32_UPLOADS)
    const slots = splitStripes(planStriped(hostUpload, peers, SHAPE), peers, { hostUpload, maxFlows: DROP_TAIL_MAX_FLOWS })
    assert.equal(slots.stripes.length, 1)
    const plan = planSplit(hostUpload, peers, SHAPE)
    assert.equal(plan.stripes.length, 4)
    assert.ok(helped(plan) > 0)
    // in a stripe's bytes: four stripes carry a quarter of the package each
    const seconds = (split: StripedPlan): number => busiest(split, peers) * SHAPE.size / split.stripes.length
    assert.ok(seconds(plan) < seconds(slots) * 0.835, `${seconds(plan)} s against ${seconds(slots)} s`)
    assert.ok(estimateStripedMakespan(plan, SHAPE.size, SHAPE.chunkSize, hostUpload, peers) < estimateStripedMakespan(slots, SHAPE.size, SHAPE.chunkSize, hostUpload, peers) * (1 - SPLIT_CHOICE_GAIN))
    for (const [id, { flows }] of loads(plan)) assert.ok(flows <= DROP_TAIL_MAX_FLOWS, `${id} feeds ${flows} flows`)
    assert.deepEqual(helpersSplitThere(plan), [])
    // the plan reports what the stripes stream at with their helpers; each stripe keeps the rate its pushes are paced at
    const whole = planStriped(hostUpload, peers, { ...SHAPE, stripes: 4 })
    const measured = measureStripes(hostUpload, plan.stripes.map(tree => tree.children), new Map(peers.map(peer => [peer.id, peer])), 0, plan.stripes.map(tree => tree.helpers))
    assert.equal(plan.streamRate, measured.rates.reduce((sum, rate) => sum + rate, 0))
    assert.ok(SHAPE.size / plan.streamRate < 0.85 * SHAPE.size / whole.streamRate, `${SHAPE.size / plan.streamRate} s against ${SHAPE.size / whole.streamRate} s`)
    assert.deepEqual(plan.stripes.map(tree => tree.streamRate), whole.stripes.map(tree => tree.streamRate))
    // every split child is a leaf of its stripe
    for (const tree of plan.stripes) {
      for (const child of tree.helpers?.keys() ?? []) assert.ok(![...tree.parentOf.values()].includes(child), `${child} is split and relays`)
    }
  })

  it('N = 8 and 16, and the misread probe: planStriped\'s count kept, split as before (no other count wins by SPLIT_CHOICE_GAIN)', () => {
    for (const [host, uploads] of [[TESTBED_N8_HOST_UPLOAD, TESTBED_N8_UPLOADS], [TESTBED_N16_HOST_UPLOAD, TESTBED_N16_UPLOADS], [TESTBED_N16_MISREAD_HOST_UPLOAD, TESTBED_N16_MISREAD_UPLOADS]] as const) {
      const { hostUpload, peers } = testbed(host, uploads)
      const slots = splitStripes(planStriped(hostUpload, peers, SHAPE), peers, { hostUpload, maxFlows: DROP_TAIL_MAX_FLOWS })
      assert.deepEqual(planSplit(hostUpload, peers, SHAPE), slots, `N = ${uploads.length}`)
    }
  })

  it('every count is prepared before it is split, and the plan chosen is a prepared one; an operator\'s count, or a fleet over SPLIT_CHOICE_MAX_CLIENTS, only its own', () => {
    const { hostUpload, peers } = testbed(TESTBED_N32_HOST_UPLOAD, TESTBED_N32_UPLOADS)
    const prepared = new Set<StripedPlan>()
    const counts: number[] = []
    const prepare = (plan: StripedPlan): StripedPlan => {
      counts.push(plan.stripes.length)
      const copy = { ...plan }
      prepared.add(copy)
      return copy
    }
    const chosen = planSplit(hostUpload, peers, { ...SHAPE, prepare })
    // planStriped's one tree first, then every other count whose trees can be built
    assert.equal(counts[0], 1)
    assert.deepEqual([...counts].sort(), [1, 2, 3, 4, 5, 6, 7, 8])
    // split from a prepared plan: the same trees, helpers beside them
    assert.ok([...prepared].some(plan => plan.stripes.length === chosen.stripes.length && plan.stripes.every((tree, s) => chosen.stripes[s].children === tree.children)))
    // a helper the caller cannot connect is never chosen
    const refused = planSplit(hostUpload, peers, { ...SHAPE, canConnect: (parent, child) => !(parent === 'n31' || child === 'n00') })
    for (const tree of refused.stripes) {
      for (const [child, { helper }] of tree.helpers ?? []) assert.ok(helper !== 'n31' && child !== 'n00')
    }

    counts.length = 0
    assert.equal(planSplit(hostUpload, peers, { ...SHAPE, stripes: 3, prepare }).stripes.length, 3)
    assert.deepEqual(counts, [3])

    counts.length = 0
    const many: PlanPeer[] = Array.from({ length: SPLIT_CHOICE_MAX_CLIENTS + 1 }, (_, i) => ({ id: `p${i}`, upload: [1_200_000, 480_000, 120_000, 480_000][i % 4] }))
    planSplit(600_000, many, { ...SHAPE, prepare })
    assert.equal(counts.length, 1)
  })

  it('SPLIT_CHOICE_MAX_CLIENTS clients, every count planned and split: timing printed, a bound only against a blow-up', function () {
    this.timeout(120_000)
    const peers: PlanPeer[] = Array.from({ length: SPLIT_CHOICE_MAX_CLIENTS }, (_, i) => ({ id: `p${i}`, upload: [1_200_000, 480_000, 120_000, 480_000][i % 4] }))
    const started = performance.now()
    const plan = planSplit(600_000, peers, SHAPE)
    const took = performance.now() - started
    console.log(`      planSplit(${SPLIT_CHOICE_MAX_CLIENTS}): ${Math.round(took)} ms, ${plan.stripes.length} stripes, ${helped(plan)} split children`)
    assert.ok(took < 60_000)
  })
})
