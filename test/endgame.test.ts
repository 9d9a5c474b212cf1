import assert from 'node:assert/strict'
import { hostPushesOver } from './host-pushes-fixture.js'
import { HELPER_LEAD_CHUNKS, HOST_ENDGAME_SHARE, PEER_ENDGAME_SETTLE_MS, leadOver, mostBehindStripe, serveEndgame } from '../src/node/host/deployment/endgame.js'
import type { HostPushes } from '../src/node/host/deployment/host-pushes.js'
import type { EndgameFleet } from '../src/node/host/deployment/endgame.js'
import type { NodeRecord } from '../src/node/host/deployment/node-tracker.js'
import type { MemberRecord } from '../src/node/host/database.js'
import type { HostMessage } from '../src/protocols/join/index.js'
import type { NodeState } from '../src/state/index.js'

const CHUNK = 64 * 1024
/** 64 chunks, 4 stripes of 16 */
const CHUNKS = 64
const STRIPE_RATE = 100_000

const ids = ['12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo', '12D3KooWH7RbbGqJz2dp3sLTQgZYK442B7dK5kQ6UcoexFuuZD7T', '12D3KooWDaQ38ESNvuSjbgQsidgfWL2k1Re6BwGSMq74WGnwM7rZ', '12D3KooWKrVh5vJdm4ZL9iUpzfKasVr7sRApbXay48vanYsBToKm']
const [fast, slow, lagging, behind] = ids
const uploads: Record<string, number> = { [fast]: 1_200_000, [slow]: 480_000, [lagging]: 480_000, [behind]: 120_000 }

function member (peerId: string): MemberRecord {
  return { peerId, addrs: [`/ip4/198.18.0.${ids.indexOf(peerId) + 2}/tcp/4001/p2p/${peerId}`], labels: {}, version: '', uploadLimit: 0, uploadBps: uploads[peerId], downloadBps: 3e6, rttMs: 10, firstSeen: 0, lastSeen: 0, measuredAt: 0, reachability: 'public', observedIp: '' }
}

function node (peerId: string, state: NodeState, stripeChunks: number[], relaysActive = 0): NodeRecord {
  const held = stripeChunks.reduce((sum, count) => sum + count, 0)
  return { peerId, state, stripeChunks, relaysActive, bytesReceived: held * CHUNK, bytesSent: 0, bytesDuplicate: 0, wave: 0, lastProgressAt: 0, reason: '', parent: '', attempts: 1, version: '' }
}

/** HostPushes over a control channel per member that records what the host asks of it; `offline` members have none. */
function pushesFor (offline: string[] = []): { pushes: HostPushes, asked: Array<{ to: string, relay: NonNullable<HostMessage['relay']> }> } {
  const asked: Array<{ to: string, relay: NonNullable<HostMessage['relay']> }> = []
  const pushes = hostPushesOver(ids.map(member), {
    get: (to: string) => offline.includes(to) ? undefined : { send: async (message: HostMessage) => { if (message.relay != null) asked.push({ to, relay: message.relay }) } },
    send: () => {}
  }, 600_000)
  pushes.planned({ stripes: [0, 1, 2, 3].map(() => ({ streamRate: STRIPE_RATE })) as any })
  return { pushes, asked }
}

function fleet (nodes: NodeRecord[], exclude: string[] = []): EndgameFleet {
  return { nodes, wave: 0, hostUpload: 600_000, exclude: new Set(exclude), chunkCount: CHUNKS, chunkSize: CHUNK }
}

describe('endgame (src/node/host/deployment/endgame.ts)', () => {
  it('the stripe a node lacks most is the one its report counts fewest chunks of; one tree is the whole package', () => {
    assert.deepEqual(mostBehindStripe(node(lagging, 'receiving', [16, 9, 15, 16]), 4, CHUNKS, CHUNK), { index: 1, lacking: 7 * CHUNK })
    // 10 chunks over 4 stripes: stripes 0 and 1 have 3 chunks, 2 and 3 have 2
    assert.deepEqual(mostBehindStripe(node(lagging, 'receiving', [2, 2, 2, 2]), 4, 10, CHUNK), { index: 0, lacking: CHUNK })
    assert.deepEqual(mostBehindStripe(node(lagging, 'receiving', [40]), 1, CHUNKS, CHUNK), { lacking: 24 * CHUNK })
    // counts not reported (yet): the whole package
    assert.deepEqual(mostBehindStripe(node(lagging, 'receiving', []), 4, CHUNKS, CHUNK), { lacking: CHUNKS * CHUNK })
  })

  it('an idle member holding the package sends the node that lacks the most its most-behind stripe, last chunk first; the fastest member first', () => {
    const { pushes, asked } = pushesFor()
    serveEndgame(pushes, fleet([
      node(fast, 'done', [16, 16, 16, 16]),
      node(slow, 'verified', [16, 16, 16, 16]),
      node(lagging, 'receiving', [16, 6, 16, 16]),
      node(behind, 'receiving', [15, 16, 10, 16])
    ]))
    assert.deepEqual(asked.map(({ to, relay }) => ({ to, target: relay.targets.map(t => t.peerId), stripe: relay.stripeIndex, count: relay.stripeCount, descending: relay.descending, rate: relay.rate })), [
      { to: fast, target: [lagging], stripe: 1, count: 4, descending: true, rate: uploads[fast] },
      { to: slow, target: [behind], stripe: 2, count: 4, descending: true, rate: uploads[slow] }
    ])
    assert.ok(pushes.inEndgame(lagging) && pushes.inEndgame(behind))
    // asked again on the next round: nothing new
    serveEndgame(pushes, fleet([node(fast, 'done', [16, 16, 16, 16]), node(slow, 'done', [16, 16, 16, 16]), node(lagging, 'receiving', [16, 8, 16, 16]), node(behind, 'receiving', [16, 16, 12, 16])]))
    assert.equal(asked.length, 2)
  })

  it('no member is asked that still relays, was stopped as a relay, lacks chunks or is offline; no node is served that is only a pipeline behind', () => {
    const { pushes, asked } = pushesFor([behind])
    serveEndgame(pushes, fleet([
      node(fast, 'done', [16, 16, 16, 16], 1),
      node(slow, 'done', [16, 16, 16, 16]),
      node(lagging, 'receiving', [16, 2, 16, 16]),
      node(behind, 'done', [16, 16, 16, 16])
    ], [slow]))
    assert.deepEqual(asked, [], 'the relaying, the excluded and the offline member are not asked')
    // a node 3 chunks (192 KiB) behind in its worst stripe: under 2 s of its 100 KB/s stripe
    const fresh = pushesFor()
    serveEndgame(fresh.pushes, fleet([node(fast, 'done', [16, 16, 16, 16]), node(lagging, 'receiving', [16, 13, 16, 16])]))
    assert.deepEqual(fresh.asked, [])
    serveEndgame(fresh.pushes, fleet([node(fast, 'done', [16, 16, 16, 16]), node(lagging, 'receiving', [16, 12, 15, 16])]))
    assert.equal(fresh.asked.length, 1, '4 chunks (256 KiB) behind: more than 2 s of its stripe')
  })

  it('a member still receiving and relaying nothing helps a node it is ahead of, in the node\'s most-behind stripe; one that is not ahead, or relays, does not', () => {
    const { pushes, asked } = pushesFor()
    serveEndgame(pushes, fleet([
      // a relay, ahead of everyone: busy with its own children
      node(fast, 'receiving', [12, 12, 12, 12], 2),
      // a leaf in every stripe, 4 chunks ahead of `lagging` in stripe 1
      node(behind, 'receiving', [9, 9, 9, 9]),
      node(lagging, 'receiving', [9, 5, 9, 9]),
      // ahead in stripe 1 by only 3
      node(slow, 'receiving', [9, 6, 9, 9])
    ]))
    assert.deepEqual(asked.map(({ to, relay }) => ({ to, target: relay.targets.map(t => t.peerId), stripe: relay.stripeIndex, descending: relay.descending })), [
      { to: behind, target: [lagging], stripe: 1, descending: true }
    ])
    assert.equal(leadOver(node(behind, 'receiving', [9, 9, 9, 9]), node(lagging, 'receiving', [9, 5, 9, 9]), 1, CHUNK), HELPER_LEAD_CHUNKS)
    // one tree: the lead is in bytes; counts not per stripe yet: no help with a stripe
    assert.equal(leadOver(node(behind, 'receiving', [40]), node(lagging, 'receiving', [30]), undefined, CHUNK), 10)
    const fresh = pushesFor()
    serveEndgame(fresh.pushes, fleet([node(behind, 'receiving', [9, 9, 9, 9]), node(lagging, 'receiving', [])]))
    assert.deepEqual(fresh.asked, [])
    // a member holding the whole package goes first
    const both = pushesFor()
    serveEndgame(both.pushes, fleet([node(fast, 'done', [16, 16, 16, 16]), node(behind, 'receiving', [9, 9, 9, 9]), node(lagging, 'receiving', [9, 5, 9, 9])]))
    assert.deepEqual(both.asked.map(a => a.to), [fast])
  })

  it('a member\'s endgame ends with the node\'s receiving, or when the member reports no push running once it had time to start one', () => {
    const { pushes, asked } = pushesFor()
    const lag = [16, 4, 16, 16]
    serveEndgame(pushes, fleet([node(fast, 'done', [16, 16, 16, 16]), node(lagging, 'receiving', lag), node(behind, 'receiving', lag)]))
    assert.equal(asked.length, 1)
    assert.deepEqual(pushes.endgameHelpers(), new Set([fast]))
    // the member reports its push running: it stays the node's, whatever the time
    const relaying = (helper: string): boolean => helper === fast
    pushes.forgetPeerEndgames(() => true, relaying, PEER_ENDGAME_SETTLE_MS, Date.now() + 10 * PEER_ENDGAME_SETTLE_MS)
    assert.ok(pushes.inEndgame(lagging))
    // before the settle time, a member not yet reporting its push keeps it too
    pushes.forgetPeerEndgames(() => true, () => false, PEER_ENDGAME_SETTLE_MS)
    assert.ok(pushes.inEndgame(lagging))
    // its push over (or never started) while the node still receives: the node may be served again
    pushes.forgetPeerEndgames(() => true, () => false, PEER_ENDGAME_SETTLE_MS, Date.now() + PEER_ENDGAME_SETTLE_MS)
    assert.ok(!pushes.inEndgame(lagging))
    assert.deepEqual(pushes.endgameHelpers(), new Set())
    // served again; once the node is done, its member is free for the next
    serveEndgame(pushes, fleet([node(fast, 'done', [16, 16, 16, 16]), node(lagging, 'receiving', lag), node(behind, 'receiving', lag)]))
    serveEndgame(pushes, fleet([node(fast, 'done', [16, 16, 16, 16]), node(lagging, 'done', [16, 16, 16, 16]), node(behind, 'receiving', lag)]))
    assert.deepEqual(asked.map(a => a.relay.targets[0].peerId), [lagging, lagging, behind])
  })

  it('the host\'s own endgame sends half a package at most per deployment: a node whose lack does not fit what is left is not served by it', () => {
    // the host's pushes stood in for: which nodes it would start an endgame push to (the push itself is a real libp2p stream)
    const { pushes } = pushesFor()
    const started: string[] = []
    pushes.idleFor = () => 10_000
    pushes.endgame = (peerId: string, _rate: number, lacking: number) => { started.push(peerId); pushes.endgameCommitted += lacking }
    // nobody holds more than the nodes: no member can help, the host is idle
    const round = (nodes: NodeRecord[]): void => { serveEndgame(pushes, fleet(nodes)) }
    // a fifth of the package each (13 of 64 chunks): two fit in half a package (32 chunks), then 6 of 32 are left
    round([node(fast, 'receiving', [13, 13, 13, 12]), node(slow, 'receiving', [13, 13, 13, 12])])
    assert.deepEqual(started, [fast, slow])
    assert.equal(pushes.endgameCommitted, 26 * CHUNK)
    // those ended; a node lacking 7 chunks does not fit, one lacking 6 does
    round([node(lagging, 'receiving', [15, 14, 14, 14]), node(behind, 'receiving', [15, 15, 14, 14])])
    assert.deepEqual(started, [fast, slow, behind])
    assert.ok(pushes.endgameCommitted <= HOST_ENDGAME_SHARE * CHUNKS * CHUNK)
  })
})
