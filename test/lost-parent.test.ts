import assert from 'node:assert/strict'
import { NodeTracker } from '../src/node/host/deployment/node-tracker.js'
import { Recovery } from '../src/node/host/deployment/recovery.js'
import { NodeState } from '../src/state/index.js'
import { drawn, node } from './drawn-plan.js'
import type { DeploymentStore } from '../src/node/host/deployment/deployment-store.js'
import type { PlanOptions } from '../src/node/host/deployment/plan-adapter.js'
import type { MemberRecord } from '../src/node/host/database.js'
import type { StripedPlan } from '../src/tree/index.js'

/** bytes/s: every upload below is far above what the host's acknowledgement share takes of it */
const HOST_UPLOAD = 100
const UPLOADS: Record<string, number> = { a: 10_000, b: 1000, c: 2000, d: 400, x: 100, y: 100_000 }

/**
 * Stripe 0: host → a → (x → y, c), host → b → d; stripe 1: host → b → everyone.
 * x losing a in stripe 0 is best fed by d: a is the lost parent, y is below x, c below a.
 */
function plan (): StripedPlan {
  return drawn(8,
    { rate: 100, roots: [node('a', node('x', node('y')), node('c')), node('b', node('d'))] },
    { rate: 100, roots: [node('b', node('a'), node('c'), node('d'), node('x'), node('y'))] })
}

interface Setup {
  recovery: Recovery
  nodes: NodeTracker
  targets: Map<string, MemberRecord>
  options: PlanOptions
  /** what the host pushed itself: peer and stripe index */
  pushed: Array<[string, number | undefined]>
  /** relays asked to relay: relay, child and stripe index */
  asked: Array<[string, string, number | undefined]>
}

/** A Recovery over the drawn fleet, every node receiving; relays in `offline` refuse to be asked. */
function setUp (offline: string[] = []): Setup {
  const store: DeploymentStore = { started () {}, planned () {}, moved () {}, node () {}, finished () {} }
  const targets = new Map(Object.entries(UPLOADS).map(([peerId, uploadBps]) => [peerId, {
    peerId, addrs: [], labels: {}, version: 'v1', uploadLimit: 0, uploadBps, downloadBps: 0, rttMs: 0, firstSeen: 0, lastSeen: 0, measuredAt: 0
  }]))
  const nodes = new NodeTracker('d1', targets.values(), store)
  for (const record of nodes.values()) record.state = NodeState.receiving
  const pushed: Setup['pushed'] = []
  const asked: Setup['asked'] = []
  const pushes = {
    push: (peerId: string, _subtree: unknown, stripe?: { index: number }) => { pushed.push([peerId, stripe?.index]) },
    askToRelay: (relay: string, child: { id: string }, stripe?: { index: number }) => {
      if (offline.includes(relay)) return false
      asked.push([relay, child.id, stripe?.index])
      return true
    }
  }
  const excludedRelays = new Set<string>()
  const recovery = new Recovery({ channels: { send () {}, has: () => true } as any }, {
    deploymentId: 'd1', version: 'v2', nodes, pushes: pushes as any, excludedRelays, stallTimeoutMs: 1000, maxAttempts: 3
  })
  const options: PlanOptions = { hostUpload: HOST_UPLOAD, maxFanout: 8, size: 1000, chunkSize: 100, strategy: 'tree', singleTree: false, exclude: excludedRelays }
  return { recovery, nodes, targets, options, pushed, asked }
}

describe('a child that lost its parent in one stripe (Recovery.onNeedParent)', () => {
  it('is re-homed on the relay with the most to spare, which is asked to relay that stripe; the plan follows', () => {
    const { recovery, nodes, targets, options, pushed, asked } = setUp()
    const before = plan()
    const after = recovery.onNeedParent('x', 'a', 0, before, targets, options)
    assert.deepEqual(asked, [['d', 'x', 0]])
    assert.deepEqual(pushed, [])
    assert.equal(after?.stripes[0].parentOf.get('x'), 'd')
    assert.equal(after?.stripes[0].parentOf.get('c'), 'a', 'the lost parent keeps its other children')
    assert.equal(nodes.get('x')?.reason, 'parent a lost; d relays it')
    assert.equal(nodes.get('x')?.parent, 'd')
  })

  it('is served by the host when the new parent is offline, or the report names no stripe, or the plan is one tree', () => {
    const offline = setUp(['d'])
    assert.equal(offline.recovery.onNeedParent('x', 'a', 0, plan(), offline.targets, offline.options)?.stripes[0].parentOf.get('x'), 'a')
    assert.deepEqual(offline.pushed, [['x', 0]])
    assert.equal(offline.nodes.get('x')?.reason, 'parent a lost; resuming from the host')

    const unnamed = setUp()
    unnamed.recovery.onNeedParent('x', 'a', undefined, plan(), unnamed.targets, unnamed.options)
    assert.deepEqual(unnamed.pushed, [['x', undefined]])

    const single = setUp()
    const oneTree = { ...plan(), stripes: plan().stripes.slice(0, 1) }
    single.recovery.onNeedParent('x', 'a', 0, oneTree, single.targets, single.options)
    assert.deepEqual([single.asked, single.pushed], [[], [['x', undefined]]])
  })

  it('is served by the host when the lost node is not its parent in that stripe, and not at all when that relay was stopped', () => {
    const other = setUp()
    other.recovery.onNeedParent('x', 'b', 0, plan(), other.targets, other.options)
    assert.deepEqual([other.asked, other.pushed], [[], [['x', 0]]])

    const stopped = setUp()
    stopped.recovery.stopRelay('b', 'slow')
    assert.equal(stopped.recovery.onNeedParent('x', 'b', 0, plan(), stopped.targets, stopped.options)?.stripes[0].parentOf.get('x'), 'a')
    assert.deepEqual([stopped.asked, stopped.pushed], [[], []])
  })
})
