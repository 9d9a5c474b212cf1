import assert from 'node:assert/strict'
import { canConnect, canDial, judgeReachability, sameNetwork } from '../src/node/host/reachability.js'

const ID = '/p2p/12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo'

describe('reachability (the host\'s view of a join connection)', () => {
  it('a member seen on one of its listen addresses is public; addresses on other IPs are refused', () => {
    const verdict = judgeReachability('/ip4/198.18.0.2/tcp/40000', [`/ip4/198.18.0.2/tcp/4001${ID}`, `/ip4/198.18.0.9/tcp/4001${ID}`])
    assert.equal(verdict.reachability, 'public')
    assert.equal(verdict.observedIp, '198.18.0.2')
    assert.deepEqual(verdict.addrs, [`/ip4/198.18.0.2/tcp/4001${ID}`])
    assert.deepEqual(verdict.refused, [`/ip4/198.18.0.9/tcp/4001${ID}`])
  })

  it('a member seen from another address is behind NAT and keeps its own addresses (for its own network only)', () => {
    const verdict = judgeReachability('/ip4/198.18.1.1/tcp/4001', [`/ip4/198.19.1.2/tcp/4001${ID}`])
    assert.equal(verdict.reachability, 'nat')
    assert.equal(verdict.observedIp, '198.18.1.1')
    assert.deepEqual(verdict.addrs, [`/ip4/198.19.1.2/tcp/4001${ID}`])
  })

  it('never keeps a relay circuit or a name, and a node whose AutoNAT says private is not public', () => {
    const verdict = judgeReachability('/ip4/198.18.0.2/tcp/40000', ['/ip4/198.18.0.2/tcp/4001/p2p/12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo/p2p-circuit', '/dns4/example.com/tcp/4001', '/ip4/198.18.0.2/tcp/4001'], 'private')
    assert.equal(verdict.reachability, 'nat')
    assert.deepEqual(verdict.addrs, ['/ip4/198.18.0.2/tcp/4001'])
    assert.equal(verdict.refused.length, 2)
  })

  it('who may dial whom', () => {
    const pub = { reachability: 'public', observedIp: '198.18.0.2' }
    const homeA1 = { reachability: 'nat', observedIp: '198.18.1.1' }
    const homeA2 = { reachability: 'nat', observedIp: '198.18.1.1' }
    const homeB = { reachability: 'nat', observedIp: '198.18.2.1' }
    assert.equal(canDial(homeA1, pub), true)
    assert.equal(canDial(pub, homeA1), false)
    assert.equal(sameNetwork(homeA1, homeA2), true)
    assert.equal(canDial(homeA1, homeA2), true)
    assert.equal(canConnect(pub, homeA1), true)
    assert.equal(canConnect(homeB, homeA1), false)
    assert.equal(canConnect(undefined, homeA1), true)
    assert.equal(sameNetwork({}, {}), false)
  })
})
