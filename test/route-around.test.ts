import assert from 'node:assert/strict'
import fc from 'fast-check'
import { asStripedPlan, planStriped, planTree, routeAround } from '../src/tree/index.js'
import type { CanConnect, PlanPeer } from '../src/tree/index.js'

const MB = 1e6

/** Peers a..: fast ones first; `nat` maps a peer to its router ('' = public). */
function fleet (uploads: number[]): PlanPeer[] {
  return uploads.map((upload, i) => ({ id: String.fromCharCode(97 + i), upload: upload * MB }))
}

/** As src/node/host/reachability.ts decides: a public end, or the same router. */
function byRouter (router: Record<string, string>, failed = new Set<string>()): CanConnect {
  return (parent, child) => !failed.has(`${parent}>${child}`) &&
    ((router[parent] ?? '') === '' || (router[child] ?? '') === '' || router[parent] === router[child])
}

function everyEdgeWorks (plan: ReturnType<typeof routeAround>['plan'], canConnect: CanConnect): void {
  for (const tree of plan.stripes) {
    for (const [child, parent] of tree.parentOf) {
      if (parent != null) assert.ok(canConnect(parent, child), `${parent} → ${child} cannot work`)
    }
  }
}

describe('routeAround (the planner and NAT)', () => {
  it('returns a plan whose edges all work unchanged', () => {
    const peers = fleet([8, 4, 2, 1])
    const plan = asStripedPlan(planTree(10 * MB, peers, { maxFanout: 2 }))
    const routed = routeAround(plan, peers, () => true, { hostUpload: 10 * MB })
    assert.equal(routed.plan, plan)
    assert.deepEqual(routed.moved, [])
  })

  it('moves a child behind one NAT away from a parent behind another, to a parent it can dial', () => {
    // a, b public; c behind router 1, d, e, f behind router 2
    const peers = fleet([8, 8, 6, 1, 1, 1])
    const router = { c: 'r1', d: 'r2', e: 'r2', f: 'r2' }
    const plan = asStripedPlan(planTree(2 * MB, peers, { maxFanout: 3 }))
    const canConnect = byRouter(router)
    const routed = routeAround(plan, peers, canConnect, { hostUpload: 2 * MB })
    everyEdgeWorks(routed.plan, canConnect)
    assert.equal(routed.plan.stripes[0].parentOf.size, peers.length)
  })

  it('never plans a pair that failed, and falls back to the host when no relay can feed a child', () => {
    const peers = fleet([8, 1])
    const failed = new Set(['a>b'])
    const plan = asStripedPlan(planTree(1 * MB, peers, { maxFanout: 2 }))
    assert.equal(plan.stripes[0].parentOf.get('b'), 'a')
    const routed = routeAround(plan, peers, byRouter({}, failed), { hostUpload: 1 * MB })
    assert.equal(routed.plan.stripes[0].parentOf.get('b'), null)
    assert.deepEqual(routed.moved, [{ child: 'b', from: 'a', to: null, stripe: 0 }])
  })

  it('any fleet, any NATs, striped or not: every client placed once, every edge works, fan-out kept for relays', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ upload: fc.integer({ min: 0, max: 20 }), router: fc.constantFrom('', '', 'r1', 'r2', 'r3') }), { minLength: 1, maxLength: 30 }),
      fc.constantFrom(1, 2, 4),
      (specs, stripes) => {
        const peers = fleet(specs.map(spec => spec.upload))
        const router = Object.fromEntries(peers.map((peer, i) => [peer.id, specs[i].router]))
        const canConnect = byRouter(router)
        const plan = stripes === 1 ? asStripedPlan(planTree(5 * MB, peers, { maxFanout: 3 })) : planStriped(5 * MB, peers, { maxFanout: 3, stripes })
        const routed = routeAround(plan, peers, canConnect, { hostUpload: 5 * MB })
        everyEdgeWorks(routed.plan, canConnect)
        const load = new Map<string, number>()
        for (const tree of routed.plan.stripes) {
          assert.deepEqual([...tree.parentOf.keys()].sort(), peers.map(peer => peer.id).sort())
          for (const parent of tree.parentOf.values()) if (parent != null) load.set(parent, (load.get(parent) ?? 0) + 1)
        }
        for (const { child, to } of routed.moved) {
          if (to != null) assert.ok((load.get(to) ?? 0) <= routed.plan.stripes[0].maxFanout, `${to} over its fan-out after taking ${child}`)
        }
      }
    ))
  })
})
