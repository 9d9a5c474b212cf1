import assert from 'node:assert/strict'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { ownConnection } from '../src/node/relay/own-connection.js'
import { RelayStoppedError, resetLinks } from '../src/node/relay/reset-links.js'
import { PUSH_PROTOCOL } from '../src/protocols/push/index.js'

const PEER = '12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo'
const ADDR = multiaddr(`/ip4/198.18.0.2/tcp/4001/p2p/${PEER}`)

interface FakeConnection {
  id: string
  direction: 'inbound' | 'outbound'
  status: 'open' | 'closed'
  limits?: object
  streams: Array<{ direction: 'inbound' | 'outbound', protocol: string, status: string }>
  aborted?: Error
  abort: (err: Error) => void
}

function connection (id: string, direction: 'inbound' | 'outbound', streams: FakeConnection['streams'] = [], extra: Partial<FakeConnection> = {}): FakeConnection {
  const conn: FakeConnection = { id, direction, status: 'open', streams, abort: (err) => { conn.aborted = err }, ...extra }
  return conn
}

/** Stands in for libp2p's connection list and dialler: records each dial's options. */
function fakeLibp2p (connections: FakeConnection[]): { libp2p: any, dials: Array<{ force?: boolean }> } {
  const dials: Array<{ force?: boolean }> = []
  const libp2p = {
    getConnections: () => connections,
    dial: async (_addrs: unknown, options: { force?: boolean }) => {
      dials.push({ force: options.force })
      const dialled = connection('dialled', 'outbound')
      connections.push(dialled)
      return dialled
    }
  }
  return { libp2p, dials }
}

describe('a relay\'s pushes ride connections it opened', () => {
  const peer = peerIdFromString(PEER)
  const signal = new AbortController().signal

  it('reuses our own open, direct connection and dials nothing', async () => {
    const own = connection('own', 'outbound')
    const { libp2p, dials } = fakeLibp2p([connection('theirs', 'inbound'), connection('relayed', 'outbound', [], { limits: {} }), own])
    assert.equal(await ownConnection(libp2p, peer, [ADDR], signal), own)
    assert.deepEqual(dials, [])
  })

  it('dials a connection of our own (forced) when the peer\'s connection to us is the only one', async () => {
    const { libp2p, dials } = fakeLibp2p([connection('theirs', 'inbound'), connection('old', 'outbound', [], { status: 'closed' })])
    assert.equal((await ownConnection(libp2p, peer, [ADDR], signal)).id, 'dialled')
    assert.deepEqual(dials, [{ force: true }])
  })

  it('forces its dial even with no connection yet: one the peer opens meanwhile must not be handed back', async () => {
    const { libp2p, dials } = fakeLibp2p([])
    await ownConnection(libp2p, peer, [ADDR], signal)
    assert.deepEqual(dials, [{ force: true }])
  })
})

describe('a stopped relay resets its links to its children', () => {
  it('resets the connections that carry only what we send, keeps one that brings us a push', () => {
    const ours = connection('ours', 'outbound', [{ direction: 'outbound', protocol: PUSH_PROTOCOL, status: 'open' }])
    const feed = connection('feed', 'inbound', [{ direction: 'inbound', protocol: PUSH_PROTOCOL, status: 'open' }])
    const endedFeed = connection('ended', 'inbound', [{ direction: 'inbound', protocol: PUSH_PROTOCOL, status: 'closed' }])
    const other = connection('other', 'inbound', [{ direction: 'inbound', protocol: '/cascade/other', status: 'open' }])
    const { libp2p } = fakeLibp2p([ours, feed, endedFeed, other])
    resetLinks(libp2p, [PEER, 'not a peer id'], 'stopped')
    assert.ok(ours.aborted instanceof RelayStoppedError)
    assert.equal(feed.aborted, undefined)
    assert.ok(endedFeed.aborted instanceof RelayStoppedError)
    assert.ok(other.aborted instanceof RelayStoppedError)
  })
})
