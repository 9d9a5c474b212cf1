import assert from 'node:assert/strict'
import { multiaddr } from '@multiformats/multiaddr'
import { hostPushesOver } from './host-pushes-fixture.js'
import type { HostPushes } from '../src/node/host/deployment/host-pushes.js'
import type { MemberRecord } from '../src/node/host/database.js'
import type { HostMessage } from '../src/protocols/join/index.js'

const ids = ['12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo', '12D3KooWH7RbbGqJz2dp3sLTQgZYK442B7dK5kQ6UcoexFuuZD7T', '12D3KooWDaQ38ESNvuSjbgQsidgfWL2k1Re6BwGSMq74WGnwM7rZ', '12D3KooWKrVh5vJdm4ZL9iUpzfKasVr7sRApbXay48vanYsBToKm']

function member (peerId: string, ip: string, reachability: 'public' | 'nat', observedIp = ip): MemberRecord {
  return { peerId, addrs: [`/ip4/${ip}/tcp/4001/p2p/${peerId}`], labels: {}, version: '', uploadLimit: 0, uploadBps: 1e6, downloadBps: 1e6, rttMs: 10, firstSeen: 0, lastSeen: 0, measuredAt: 0, reachability, observedIp }
}

/** HostPushes with the members given and a control channel that records what it is asked to send. */
function pushesFor (members: MemberRecord[]): { pushes: HostPushes, sent: Array<{ to: string, message: HostMessage }> } {
  const sent: Array<{ to: string, message: HostMessage }> = []
  const pushes = hostPushesOver(members, { send: (to, message) => { sent.push({ to, message }) } })
  return { pushes, sent }
}

describe('preconnect: every planned edge is connected when the tree is planned', () => {
  const [a, b, c, d] = ids

  it('the parent dials a child it may dial; the child dials a parent that may not dial it; each pair once', () => {
    const { pushes, sent } = pushesFor([
      member(a, '198.18.0.2', 'public'),
      member(b, '198.18.0.3', 'public'),
      member(c, '198.19.1.2', 'nat', '198.18.1.1'),
      member(d, '198.18.0.5', 'public')
    ])
    // two stripes: a feeds b and c in both (one connection each), d feeds a in the second; the host's children need none
    pushes.preconnect([
      { parentOf: new Map([[a, null], [b, a], [c, a]]) },
      { parentOf: new Map([[d, null], [a, d], [b, a], [c, a]]) }
    ])
    const told = sent.map(({ to, message }) => ({ to, peer: message.connect?.peerId, addrs: message.connect?.addrs.map(bytes => multiaddr(bytes).toString()) }))
    assert.deepEqual(told, [
      { to: a, peer: b, addrs: [`/ip4/198.18.0.3/tcp/4001/p2p/${b}`] },
      { to: c, peer: a, addrs: [`/ip4/198.18.0.2/tcp/4001/p2p/${a}`] },
      { to: d, peer: a, addrs: [`/ip4/198.18.0.2/tcp/4001/p2p/${a}`] }
    ])
  })

  it('two nodes behind different routers are told nothing: neither may dial the other', () => {
    const { pushes, sent } = pushesFor([
      member(a, '198.19.1.2', 'nat', '198.18.1.1'),
      member(b, '198.19.2.2', 'nat', '198.18.2.1')
    ])
    pushes.preconnect([{ parentOf: new Map([[a, null], [b, a]]) }])
    assert.deepEqual(sent, [])
  })
})
