/**
 * Bad input around NAT (docs/internet.md): a member advertising addresses
 * it does not own, a relay reservation from a peer that is not a member,
 * and a host's connect request that names another peer's address. Each is
 * refused, logged, and changes nothing.
 */
import assert from 'node:assert/strict'
import { circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { identify } from '@libp2p/identify'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { lpStream } from '@libp2p/utils'
import { createLibp2p } from 'libp2p'
import { generateKey } from '../src/node/identity.js'
import { createCascadeLibp2p } from '../src/node/libp2p.js'
import { connectTargets, InvalidConnectRequestError } from '../src/node/client/dial-planned-peer.js'
import { JOIN_PROTOCOL, JoinRequest, JoinResponse } from '../src/protocols/join/index.js'
import { assertHostCarriesOn, attacker, dial, host, useHostUnderAttack } from './hostile-frames-fixtures.js'
import { waitFor } from './helpers.js'
import type { Libp2p } from 'libp2p'

describe('bad input around NAT', function () {
  describe('a member advertising addresses it does not own', () => {
    useHostUnderAttack()

    it('keeps only the addresses the host saw it on: the fleet is never sent to dial a victim', async () => {
      const stream = await dial(attacker, JOIN_PROTOCOL)
      const lp = lpStream(stream)
      const own = `/ip4/127.0.0.1/tcp/4999/p2p/${attacker.peerId.toString()}`
      const victims = ['/ip4/192.0.2.7/tcp/443', '/ip4/10.1.2.3/tcp/22', `/dns4/victim.example/tcp/80/p2p/${attacker.peerId.toString()}`]
      await lp.write(JoinRequest.encode({ version: '', listenAddrs: [own, ...victims].map(addr => multiaddr(addr).bytes), labels: [], uploadLimit: 0, joinToken: host.joinToken ?? '' }))
      assert.equal(JoinResponse.decode((await lp.read()).subarray()).accepted, true)
      const member = host.members().find(m => m.peerId === attacker.peerId.toString())
      assert.deepEqual(member?.addrs, [own])
      assert.equal(member?.reachability, 'public')
      stream.abort(new Error('done'))
      await assertHostCarriesOn()
    })

    it('refuses a join whose own reachability is not one the protocol knows', async () => {
      const stream = await dial(attacker, JOIN_PROTOCOL)
      const lp = lpStream(stream)
      await lp.write(JoinRequest.encode({ version: '', listenAddrs: [], labels: [], uploadLimit: 0, joinToken: host.joinToken ?? '', reachability: 'everywhere' }))
      const response = JoinResponse.decode((await lp.read()).subarray())
      assert.equal(response.accepted, false)
      assert.match(response.reason, /reachability/)
      stream.abort(new Error('done'))
      await assertHostCarriesOn()
    })
  })

  describe('relay reservations', () => {
    let relay: Awaited<ReturnType<typeof createCascadeLibp2p>>
    const clients: Libp2p[] = []
    const allowed = new Set<string>()

    before(async () => {
      relay = await createCascadeLibp2p({ privateKey: await generateKey(), listen: ['/ip4/127.0.0.1/tcp/0'], relayServer: { allowReservation: peer => allowed.has(peer.toString()) } })
    })
    after(async () => {
      await Promise.all(clients.map(async client => client.stop()))
      await relay.stop()
    })

    /** A peer that asks `relay` for a slot, as a node behind NAT would: resolves with its circuit addresses after `ms`. */
    async function reserve (member: boolean, ms = 3_000): Promise<string[]> {
      const privateKey = await generateKey()
      const client = await createLibp2p({
        privateKey,
        addresses: { listen: [`${relay.getMultiaddrs()[0].toString()}/p2p-circuit`] },
        transports: [tcp(), circuitRelayTransport()],
        connectionEncrypters: [noise()],
        streamMuxers: [yamux()],
        services: { identify: identify() },
        start: false
      })
      if (member) allowed.add(client.peerId.toString())
      clients.push(client)
      await Promise.resolve(client.start()).catch(() => {})
      const circuit = (): string[] => client.getMultiaddrs().map(ma => ma.toString()).filter(ma => ma.includes('/p2p-circuit'))
      await waitFor(() => circuit().length > 0, ms).catch(() => {})
      return circuit()
    }

    it('a member gets a slot (for signalling), a peer that is not a member gets none', async () => {
      assert.ok((await reserve(true)).length > 0, 'the member has a circuit address')
      assert.deepEqual(await reserve(false), [])
      // the relay still serves members after the refusal
      assert.ok((await reserve(true)).length > 0)
    })
  })

  describe('a connect request from the host', () => {
    it('dials only the peer it names, at its own addresses', async () => {
      const self = (await createCascadeLibp2p({ privateKey: await generateKey() }))
      const other = (await createCascadeLibp2p({ privateKey: await generateKey() }))
      try {
        const peerId = other.peerId.toString()
        const targets = connectTargets({ deploymentId: 'd', peerId, addrs: [multiaddr('/ip4/198.18.0.2/tcp/4001').bytes] }, self.peerId)
        assert.deepEqual(targets.addrs.map(ma => ma.toString()), [`/ip4/198.18.0.2/tcp/4001/p2p/${peerId}`])
        const bad = [
          { deploymentId: 'd', peerId: 'not-a-peer', addrs: [multiaddr('/ip4/198.18.0.2/tcp/4001').bytes] },
          { deploymentId: 'd', peerId: self.peerId.toString(), addrs: [multiaddr('/ip4/198.18.0.2/tcp/4001').bytes] },
          { deploymentId: 'd', peerId, addrs: [] },
          { deploymentId: 'd', peerId, addrs: [multiaddr(`/ip4/198.18.0.2/tcp/4001/p2p/${self.peerId.toString()}`).bytes] },
          { deploymentId: 'd', peerId, addrs: [new Uint8Array([0xff, 0x01])] }
        ]
        for (const request of bad) {
          assert.throws(() => connectTargets(request, self.peerId), InvalidConnectRequestError)
        }
      } finally {
        await self.stop()
        await other.stop()
      }
    })
  })
})
