import assert from 'node:assert/strict'
import fc from 'fast-check'
import { planStriped, rehomeStriped, UnknownPeerError } from '../src/tree/index.js'
import { OVERLOAD } from '../src/tree/rehome.js'
import type { PlanPeer, StripedPlan } from '../src/tree/index.js'

const MBIT = 1e6 / 8
const MIB = 1024 * 1024

/** The reference testbed's mix (10, 4, 1, 4 Mbit/s, cycled), at 90 % as the host plans it. */
function fleet (n: number): PlanPeer[] {
  const ups = [10, 4, 1, 4]
  return Array.from({ length: n }, (_, i) => ({ id: `n${String(i).padStart(2, '0')}`, upload: ups[i % 4] * MBIT * 0.9 }))
}

/** Every stripe spans every peer exactly once, without cycles, and parentOf matches the children lists. */
function checkTrees (plan: StripedPlan, peers: PlanPeer[]): void {
  for (const tree of plan.stripes) {
    const seen = new Set<string>()
    let level = tree.children.map(node => ({ node, parent: null as string | null }))
    while (level.length > 0) {
      const next: typeof level = []
      for (const { node, parent } of level) {
        assert.ok(!seen.has(node.id), `${node.id} twice`)
        seen.add(node.id)
        assert.equal(tree.parentOf.get(node.id), parent)
        next.push(...node.children.map(child => ({ node: child, parent: node.id })))
      }
      level = next
    }
    assert.equal(seen.size, peers.length)
  }
}

function childrenOf (plan: StripedPlan, id: string): number {
  return plan.stripes.reduce((sum, tree) => sum + [...tree.parentOf.values()].filter(parent => parent === id).length, 0)
}

describe('rehomeStriped: a stopped relay\'s stripe-children over the relays that remain', () => {
  const hostUpload = 5 * MBIT * 0.9

  it('moves every stripe-child of the stopped relay, keeps it as a leaf, and puts them where upload is to spare', () => {
    const peers = fleet(32)
    const plan = planStriped(hostUpload, peers, { size: 16 * MIB, chunkSize: 64 * 1024 })
    const stopped = 'n00'
    const before = childrenOf(plan, stopped)
    assert.ok(before > 1, `the fastest relay has ${before} stripe-children`)
    const { plan: after, moved } = rehomeStriped(plan, stopped, peers, hostUpload)
    checkTrees(after, peers)
    assert.equal(moved.length, before)
    assert.equal(childrenOf(after, stopped), 0)
    for (const tree of after.stripes) assert.ok(tree.parentOf.has(stopped), 'the stopped relay still receives')
    for (const move of moved) assert.equal(after.stripes[move.stripe].parentOf.get(move.id), move.newParent)
    // some go to relays, and none of those is loaded past OVERLOAD of its upload
    assert.ok(moved.some(move => move.newParent !== null), JSON.stringify(moved))
    const carried = (id: string): number => after.stripes.reduce((sum, tree) => sum + [...tree.parentOf.values()].filter(parent => parent === id).length * tree.streamRate, 0)
    for (const home of new Set(moved.map(move => move.newParent))) {
      if (home === null) continue
      const peer = peers.find(p => p.id === home) as PlanPeer
      assert.ok(carried(home) <= peer.upload * OVERLOAD * (1 + 1e-9), `${home} carries ${carried(home)} of ${peer.upload}`)
    }
    // the input plan is untouched
    assert.equal(childrenOf(plan, stopped), before)
  })

  it('spreads the shortfall: the other fast relay and the host share the children of the fastest', () => {
    const peers = fleet(8)
    const plan = planStriped(hostUpload, peers, { size: 16 * MIB, chunkSize: 64 * 1024 })
    const { moved } = rehomeStriped(plan, 'n00', peers, hostUpload)
    assert.ok(moved.some(move => move.newParent === null), JSON.stringify(moved))
    assert.ok(moved.some(move => move.newParent === 'n04'), JSON.stringify(moved))
  })

  it('never hangs a child below itself, never over a relay that is excluded, and keeps the caps', () => {
    fc.assert(fc.property(
      fc.integer({ min: 3, max: 40 }), fc.integer({ min: 1, max: 8 }), fc.nat(), fc.nat(),
      (n, stripes, pick, excludedPick) => {
        const peers = fleet(n)
        const plan = planStriped(hostUpload, peers, { size: 16 * MIB, chunkSize: 64 * 1024, stripes })
        const stopped = peers[pick % n].id
        const excluded = peers[excludedPick % n].id
        const { plan: after, moved } = rehomeStriped(plan, stopped, peers, hostUpload, { exclude: new Set([excluded]) })
        checkTrees(after, peers)
        for (const move of moved) {
          assert.notEqual(move.newParent, stopped)
          if (excluded !== stopped) assert.notEqual(move.newParent, excluded)
        }
        for (const peer of peers) {
          const grown = childrenOf(after, peer.id) > childrenOf(plan, peer.id)
          if (grown) assert.ok(childrenOf(after, peer.id) <= after.stripes[0].maxFanout, `${peer.id} over its cap`)
        }
      }), { numRuns: 200 })
  })

  it('refuses a relay that is not in the plan', () => {
    const peers = fleet(4)
    const plan = planStriped(hostUpload, peers, {})
    assert.throws(() => rehomeStriped(plan, 'nobody', peers, hostUpload), UnknownPeerError)
  })
})
