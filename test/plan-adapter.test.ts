import assert from 'node:assert/strict'
import { ACK_SHARE, PLAN_UPLOAD_SHARE, planPeers, planWave, relayCapacity } from '../src/node/host/deployment/plan-adapter.js'
import { DROP_TAIL_STRIPE_COST, planStriped } from '../src/tree/index.js'
import type { MemberRecord } from '../src/node/host/database.js'
import { TESTBED_N8_HOST_UPLOAD, TESTBED_N8_UPLOADS } from './testbed-probes-fixtures.js'

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

  it('the host chooses the stripe count with the drop-tail cost per stripe: four where the bare estimate takes more', () => {
    // probes of one reference-testbed run at N = 8 (bytes/s); downloads reached the host's upload
    const host = TESTBED_N8_HOST_UPLOAD
    const uploads = TESTBED_N8_UPLOADS
    const targets = new Map(uploads.map((upload, i) => [`n${i}`, member(`n${i}`, upload, host)]))
    const options = { hostUpload: host, maxFanout: 4, size: 16 * 2 ** 20, chunkSize: 64 * 1024, strategy: 'tree' as const, singleTree: false, exclude: new Set<string>() }
    const peers = uploads.map((upload, i) => ({ id: `n${i}`, upload: relayCapacity(upload, host) }))
    const shape = { size: options.size, chunkSize: options.chunkSize }
    assert.ok(planStriped(host * PLAN_UPLOAD_SHARE, peers, shape).stripes.length >= 6, 'the bare estimate takes six or more')
    assert.equal(planWave(targets, [...targets.keys()], options).stripes.length, 4)
    assert.equal(planStriped(host * PLAN_UPLOAD_SHARE, peers, { ...shape, stripeCost: DROP_TAIL_STRIPE_COST }).stripes.length, 4)
    // an operator's --stripes is kept
    assert.equal(planWave(targets, [...targets.keys()], { ...options, stripes: 7 }).stripes.length, 7)
  })
})
