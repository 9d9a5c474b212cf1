import assert from 'node:assert/strict'
import fc from 'fast-check'
import { planStriped, rehomeStriped, UnknownPeerError } from '../src/tree/index.js'
import { OVERLOAD } from '../src/tree/rehome.js'
import { forEachNode } from '../src/tree/structure.js'
import { drawn, node } from './drawn-plan.js'
import { subtreeIds, findNode } from '../src/tree/addressees.js'
import type { PlanPeer, StripedPlan, TreeNode } from '../src/tree/index.js'

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

describe('rehomeStriped with `only`: one child that lost its parent in one stripe', () => {
  const hostUpload = 5 * MBIT * 0.9

  it('goes, with its subtree, to the relay with the most spare rate: never the lost parent, nor below itself or the lost parent', () => {
    const peers = [{ id: 'a', upload: 10000 }, { id: 'b', upload: 1000 }, { id: 'c', upload: 2000 }, { id: 'd', upload: 400 }, { id: 'x', upload: 100 }, { id: 'y', upload: 100000 }]
    // a would give x the most, then y (below x), then c (below a in stripe 0), then d
    const plan = drawn(8,
      { rate: 100, roots: [node('a', node('x', node('y')), node('c')), node('b', node('d'))] },
      { rate: 100, roots: [node('b', node('a'), node('c'), node('d'), node('x'), node('y'))] })
    const { plan: after, moved } = rehomeStriped(plan, 'a', peers, 100, { only: { id: 'x', stripe: 0 } })
    assert.deepEqual(moved, [{ id: 'x', stripe: 0, newParent: 'd' }])
    checkTrees(after, peers)
    assert.deepEqual([...after.stripes[0].parentOf], [['a', null], ['b', null], ['c', 'a'], ['d', 'b'], ['x', 'd'], ['y', 'x']])
    assert.deepEqual(after.stripes[1].parentOf, plan.stripes[1].parentOf)
    assert.equal(after.stripes[0].depth, 4)
    assert.equal(after.depth, 4)
    // the input plan is untouched
    assert.equal(plan.stripes[0].parentOf.get('x'), 'a')
    assert.equal(plan.stripes[0].depth, 3)
  })

  it('falls back to the host when no relay has a free slot', () => {
    const peers = [{ id: 'a', upload: 1000 }, { id: 'b', upload: 1000 }, { id: 'x', upload: 1000 }]
    const plan = drawn(2,
      { rate: 100, roots: [node('a', node('x')), node('b')] },
      { rate: 100, roots: [node('b', node('a'), node('x'))] })
    const { plan: after, moved } = rehomeStriped(plan, 'a', peers, 100, { only: { id: 'x', stripe: 0 } })
    assert.deepEqual(moved, [{ id: 'x', stripe: 0, newParent: null }])
    checkTrees(after, peers)
    assert.equal(after.stripes[0].parentOf.get('x'), null)
    assert.equal(after.stripes[0].depth, 1)
    assert.equal(after.depth, 2)
  })

  it('refuses a child that is not the lost parent\'s in that stripe', () => {
    const peers = fleet(8)
    const plan = planStriped(hostUpload, peers, { size: 16 * MIB, chunkSize: 64 * 1024, stripes: 2 })
    const [child, parent] = [...plan.stripes[1].parentOf].find(([, p]) => p != null) as [string, string]
    const other = peers.find(peer => peer.id !== parent && peer.id !== child) as PlanPeer
    assert.throws(() => rehomeStriped(plan, other.id, peers, hostUpload, { only: { id: child, stripe: 1 } }), UnknownPeerError)
    assert.throws(() => rehomeStriped(plan, parent, peers, hostUpload, { only: { id: child, stripe: 2 } }), UnknownPeerError)
  })

  it('moves that edge only, and keeps every tree whole and the caps', () => {
    const cases = fc.record({ n: fc.integer({ min: 3, max: 40 }), stripes: fc.integer({ min: 2, max: 8 }), pick: fc.nat() })
    fc.assert(fc.property(cases, ({ n, stripes, pick }) => {
      const peers = fleet(n)
      const plan = planStriped(hostUpload, peers, { size: 16 * MIB, chunkSize: 64 * 1024, stripes })
      // any edge between two clients, in any stripe
      const edges = plan.stripes.flatMap((t, stripe) => [...t.parentOf].flatMap(([child, lost]) => lost == null ? [] : [{ child, lost, stripe }]))
      if (edges.length === 0) return
      const { child, lost, stripe } = edges[pick % edges.length]
      const tree = plan.stripes[stripe]
      const forbidden = new Set([lost, child, ...subtreeIds(findNode(tree, child) as TreeNode), ...subtreeIds(findNode(tree, lost) as TreeNode)])
      const { plan: after, moved } = rehomeStriped(plan, lost, peers, hostUpload, { only: { id: child, stripe } })
      checkTrees(after, peers)
      assert.equal(moved.length, 1)
      assert.ok(moved[0].newParent === null || !forbidden.has(moved[0].newParent), JSON.stringify(moved))
      after.stripes.forEach((t, s) => {
        assert.equal(t.depth, forEachNode(t.children, () => {}))
        for (const [id, parent] of t.parentOf) {
          assert.equal(parent, s === stripe && id === child ? moved[0].newParent : plan.stripes[s].parentOf.get(id))
        }
      })
      if (moved[0].newParent !== null && childrenOf(after, moved[0].newParent) > childrenOf(plan, moved[0].newParent)) {
        assert.ok(childrenOf(after, moved[0].newParent) <= tree.maxFanout)
      }
    }), { numRuns: 200 })
  })
})
