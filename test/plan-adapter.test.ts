import assert from 'node:assert/strict'
import { ACK_SHARE, PLAN_UPLOAD_SHARE, planPeers, relayCapacity } from '../src/node/host/deployment/plan-adapter.js'
import type { MemberRecord } from '../src/node/host/database.js'

function member (peerId: string, uploadBps: number, downloadBps: number): MemberRecord {
  return { peerId, addrs: [], labels: {}, version: '', uploadLimit: 0, uploadBps, downloadBps, rttMs: 10, firstSeen: 0, lastSeen: 0, measuredAt: 0 }
}

describe('the planner\'s view of the fleet (src/node/host/deployment/plan-adapter.ts)', () => {
  it('a relay\'s capacity is its share of the measured upload less the acknowledgements of its own download', () => {
    const host = 600_000
    assert.equal(relayCapacity(1_000_000, host), 1_000_000 * PLAN_UPLOAD_SHARE - ACK_SHARE * host)
    // a 1 Mbit/s uplink fed at the host's rate keeps ~13 % less for relaying than its share
    const slow = relayCapacity(119_000, host)
    assert.ok(slow < 119_000 * PLAN_UPLOAD_SHARE * 0.9 && slow > 0)
    assert.equal(relayCapacity(1000, host), 0, 'never negative')
  })

  it('a download probe that reached the host\'s upload is no limit; a slower downlink is', () => {
    const host = 600_000
    const targets = new Map([
      ['a', member('a', 1e6, 590_000)],
      ['b', member('b', 1e6, 200_000)],
      ['c', member('c', 1e6, 0)]
    ])
    const peers = planPeers(targets, ['a', 'b', 'c'], host)
    assert.deepEqual(peers.map(peer => peer.download), [undefined, 200_000, undefined])
  })
})
