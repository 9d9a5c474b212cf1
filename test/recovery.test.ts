import assert from 'node:assert/strict'
import { NodeTracker } from '../src/node/host/deployment/node-tracker.js'
import { Recovery } from '../src/node/host/deployment/recovery.js'
import { NodeState } from '../src/state/index.js'
import type { DeploymentStore } from '../src/node/host/deployment/deployment-store.js'
import type { MemberRecord } from '../src/node/host/database.js'

const PEER = '12D3KooWPeer'

function member (version: string): MemberRecord {
  return { peerId: PEER, addrs: [], labels: {}, version, uploadLimit: 0, uploadBps: 0, downloadBps: 0, rttMs: 0, firstSeen: 0, lastSeen: 0, measuredAt: 0 }
}

/** One node in `state`, a Recovery over it, and whether the member's control channel is open. */
function setUp (state: NodeState, online: boolean): { nodes: NodeTracker, recovery: Recovery, pushed: string[] } {
  const store: DeploymentStore = { started () {}, planned () {}, moved () {}, node () {}, finished () {} }
  const nodes = new NodeTracker('d1', [member('v1')], store)
  const node = nodes.get(PEER)!
  node.state = state
  node.attempts = 1
  const pushed: string[] = []
  const recovery = new Recovery({ channels: { send () {}, has: () => online } as any }, {
    deploymentId: 'd1',
    version: 'v2',
    nodes,
    pushes: { push: (peerId: string) => { pushed.push(peerId) }, notice: (peerId: string) => ({ deploymentId: 'd1', manifestId: 'm1' }) } as any,
    excludedRelays: new Set(),
    stallTimeoutMs: 1000,
    maxAttempts: 1
  })
  return { nodes, recovery, pushed }
}

describe('recovery bookkeeping', () => {
  it('an authorized node that comes back reporting something that is not a version fails with that reason, not as a stall', () => {
    const { nodes, recovery, pushed } = setUp(NodeState.installing, true)
    recovery.onJoin(PEER, 'banana')
    const node = nodes.get(PEER)!
    assert.equal(node.state, NodeState.failed)
    assert.match(node.reason, /"banana", which is not v2 and not a version/)
    assert.deepEqual(pushed, [])
  })

  it('a node that comes back on an older version is served again', () => {
    const { nodes, recovery, pushed } = setUp(NodeState.installing, true)
    recovery.onJoin(PEER, 'v1')
    assert.equal(nodes.get(PEER)!.state, NodeState.receiving)
    assert.match(nodes.get(PEER)!.reason, /install interrupted; came back on v1/)
    assert.deepEqual(pushed, [PEER])
  })

  it('an offline node without progress is reported offline, not stalled', () => {
    const { nodes, recovery } = setUp(NodeState.receiving, false)
    nodes.get(PEER)!.lastProgressAt = 0
    recovery.checkStalls(0, false)
    assert.equal(nodes.get(PEER)!.state, NodeState.failed)
    assert.match(nodes.get(PEER)!.reason, /^offline: no progress for 1 s in state receiving; gave up after 1 attempts$/)
  })
})
