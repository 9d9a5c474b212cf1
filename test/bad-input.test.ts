import assert from 'node:assert/strict'
import { lpStream } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import { encode as varint } from 'uint8-varint'
import { createHost } from '../src/node/host/index.js'
import { createNode } from '../src/node/client/index.js'
import { fetchStatus } from '../src/node/admin/status.js'
import { generateKey } from '../src/node/identity.js'
import { createCascadeLibp2p } from '../src/node/libp2p.js'
import { JOIN_PROTOCOL, JoinRequest, JoinResponse } from '../src/protocols/join/index.js'
import { PROBE_PROTOCOL, ProbeRequest } from '../src/protocols/probe/index.js'
import { STATUS_PROTOCOL } from '../src/protocols/status/index.js'
import { cleanup, tempDir, waitFor } from './helpers.js'
import type { CascadeHost } from '../src/node/host/index.js'
import type { CascadeNode } from '../src/node/client/index.js'
import type { CascadeLibp2p } from '../src/node/libp2p.js'
import type { Stream } from '@libp2p/interface'

/** Resolves when the stream is closed or reset by the other side, with how. */
async function ended (stream: Stream): Promise<string> {
  try {
    for await (const _ of stream) {}
    return stream.status
  } catch (err: any) {
    return err.name
  }
}

describe('bad input', function () {
  let host: CascadeHost
  let member: CascadeNode
  let attacker: CascadeLibp2p
  const dirs: string[] = []
  const refusals: string[] = []

  beforeEach(async () => {
    const hostDir = await tempDir()
    const nodeDir = await tempDir()
    dirs.push(hostDir, nodeDir)
    host = createHost({ dataDir: hostDir, probeDurationMs: 100, statusAccess: 'anyone' })
    host.on('refused', ({ reason }) => refusals.push(reason))
    await host.start()
    member = createNode({ dataDir: nodeDir, host: host.multiaddrs()[0], joinToken: host.joinToken })
    await member.start()
    await waitFor(() => member.joined, 5000, 'member to join')
    attacker = await createCascadeLibp2p({ privateKey: await generateKey() })
  })

  afterEach(async () => {
    await attacker.stop()
    await member.stop()
    await host.stop()
    await cleanup(...dirs)
    refusals.length = 0
  })

  /** The host still serves status and keeps its honest member connected. */
  async function assertHostCarriesOn (): Promise<void> {
    const status = await fetchStatus(host.multiaddrs()[0])
    assert.equal(status.members.length, 1)
    assert.equal(status.members[0].online, true)
    assert.equal(member.joined, true)
  }

  it('refuses a join request that is not protobuf', async () => {
    const stream = await attacker.dialProtocol(multiaddr(host.multiaddrs()[0]), JOIN_PROTOCOL)
    const lp = lpStream(stream)
    await lp.write(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]))
    assert.notEqual(await ended(stream), 'open')
    await waitFor(() => refusals.some(r => /unreadable join request/.test(r)), 2000, 'refusal')
    await assertHostCarriesOn()
  })

  it('refuses an oversized join message before buffering it', async () => {
    const stream = await attacker.dialProtocol(multiaddr(host.multiaddrs()[0]), JOIN_PROTOCOL)
    // claims 100 MiB; the host must refuse on the length prefix alone
    stream.send(varint(100 * 1024 * 1024))
    stream.send(new Uint8Array(1024))
    assert.notEqual(await ended(stream), 'open')
    await waitFor(() => refusals.some(r => /too long/i.test(r)), 2000, 'refusal')
    await assertHostCarriesOn()
  })

  it('refuses a truncated join message', async () => {
    const stream = await attacker.dialProtocol(multiaddr(host.multiaddrs()[0]), JOIN_PROTOCOL)
    stream.send(varint(200))
    stream.send(new Uint8Array(10))
    await stream.close()
    await ended(stream)
    await waitFor(() => refusals.some(r => /unreadable join request/.test(r)), 2000, 'refusal')
    await assertHostCarriesOn()
  })

  it('refuses a join with an invalid listen address', async () => {
    const stream = await attacker.dialProtocol(multiaddr(host.multiaddrs()[0]), JOIN_PROTOCOL)
    const lp = lpStream(stream)
    await lp.write(JoinRequest.encode({ version: 'v1', listenAddrs: [new Uint8Array([1, 2, 3])], labels: [], uploadLimit: 0 }))
    const response = JoinResponse.decode(await lp.read())
    assert.equal(response.accepted, false)
    assert.match(response.reason, /multiaddr/)
    await assertHostCarriesOn()
  })

  it('refuses a malformed status request', async () => {
    const stream = await attacker.dialProtocol(multiaddr(host.multiaddrs()[0]), STATUS_PROTOCOL)
    stream.send(varint(64 * 1024))
    assert.notEqual(await ended(stream), 'open')
    await waitFor(() => refusals.some(r => /status request/.test(r)), 2000, 'refusal')
    await assertHostCarriesOn()
  })

  it('refuses remeasure from a peer that is not an admin', async () => {
    await assert.rejects(fetchStatus(host.multiaddrs()[0], { remeasure: true }), { name: 'StatusRefusedError' })
    await assertHostCarriesOn()
  })

  it('a node refuses probes from anyone but its host', async () => {
    const stream = await attacker.dialProtocol(multiaddr(member.multiaddrs()[0]), PROBE_PROTOCOL)
    const lp = lpStream(stream)
    // the node may reset the stream before this write even happens
    await lp.write(ProbeRequest.encode({ direction: ProbeRequest.Direction.UPLOAD, durationMs: 10_000 })).catch(() => {})
    let received = 0
    try {
      for await (const chunk of stream) { received += chunk.byteLength }
    } catch {}
    assert.equal(received, 0, 'sent filler to a stranger')
    assert.equal(member.joined, true)
  })
})

describe('bad input from a host', function () {
  it('a node refuses an absurd probe from its own host and stays joined', async () => {
    const dir = await tempDir()
    const fakeHost = await createCascadeLibp2p({ privateKey: await generateKey(), listen: ['/ip4/127.0.0.1/tcp/0'] })
    await fakeHost.handle(JOIN_PROTOCOL, async (stream) => {
      const lp = lpStream(stream)
      JoinRequest.decode(await lp.read())
      await lp.write(JoinResponse.encode({ accepted: true, reason: '' }))
    })
    const node = createNode({ dataDir: dir, host: fakeHost.getMultiaddrs()[0].toString() })
    try {
      await node.start()
      await waitFor(() => node.joined, 5000, 'join')
      const stream = await fakeHost.dialProtocol(node.peerId, PROBE_PROTOCOL)
      const lp = lpStream(stream)
      await lp.write(ProbeRequest.encode({ direction: ProbeRequest.Direction.UPLOAD, durationMs: 3_600_000 }))
      let received = 0
      try {
        for await (const chunk of stream) { received += chunk.byteLength }
      } catch {}
      assert.equal(received, 0)
      assert.equal(node.joined, true)
    } finally {
      await node.stop()
      await fakeHost.stop()
      await cleanup(dir)
    }
  })
})
