import assert from 'node:assert/strict'
import { ACK_SHARE, PLAN_UPLOAD_SHARE, planPeers, planWave, relayCapacity } from '../src/node/host/deployment/plan-adapter.js'
import { planStriped } from '../src/tree/index.js'
import type { MemberRecord } from '../src/node/host/database.js'
import { TESTBED_N16_HOST_UPLOAD, TESTBED_N16_MISREAD_HOST_UPLOAD, TESTBED_N16_MISREAD_UPLOADS, TESTBED_N16_UPLOADS, TESTBED_N32_HOST_UPLOAD, TESTBED_N32_UPLOADS, TESTBED_N8_HOST_UPLOAD, TESTBED_N8_UPLOADS } from './testbed-probes-fixtures.js'

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

  it('the host caps the flows per uplink: four stripes at N = 8, 16 and 32, also on a probe that read one relay low, where the bare estimate takes six or seven (at N = 32 the whole slots alone take one tree: the splits decide, src/tree/split-choice.ts)', () => {
    const shape = { size: 16 * 2 ** 20, chunkSize: 64 * 1024 }
    const options = { hostUpload: 0, maxFanout: 4, ...shape, strategy: 'tree' as const, singleTree: false, exclude: new Set<string>() }
    const cases = [[TESTBED_N8_HOST_UPLOAD, TESTBED_N8_UPLOADS], [TESTBED_N16_HOST_UPLOAD, TESTBED_N16_UPLOADS], [TESTBED_N16_MISREAD_HOST_UPLOAD, TESTBED_N16_MISREAD_UPLOADS], [TESTBED_N32_HOST_UPLOAD, TESTBED_N32_UPLOADS]] as const
    for (const [host, uploads] of cases) {
      const targets = new Map(uploads.map((upload, i) => [`n${i}`, member(`n${i}`, upload, host)]))
      const peers = uploads.map((upload, i) => ({ id: `n${i}`, upload: relayCapacity(upload, host) }))
      const bare = planStriped(host * PLAN_UPLOAD_SHARE, peers, shape).stripes.length
      assert.ok(bare >= 6, `N = ${uploads.length}: the bare estimate takes ${bare}`)
      const plan = planWave(targets, [...targets.keys()], { ...options, hostUpload: host })
      const k = plan.stripes.length
      assert.equal(k, 4, `N = ${uploads.length}`)
      // the host feeds each stripe once, the misread probe sets too (HOST_ONCE_TOLERANCE)
      assert.deepEqual(plan.stripes.map(tree => tree.children.length), plan.stripes.map(() => 1), `N = ${uploads.length}`)
      // an operator's --stripes is kept
      assert.equal(planWave(targets, [...targets.keys()], { ...options, hostUpload: host, stripes: 7 }).stripes.length, 7)
    }
  })
})
