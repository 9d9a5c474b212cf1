/**
 * Malformed, truncated and oversized frames on publish and push, and hostile
 * frames after a valid first message (garbage on the control channel after a
 * JoinRequest, an oversized chunk after a valid PushOffer, a push for a
 * deployment the host never started): each is refused with a reason, the
 * stream ends, and the daemon carries on (status answers within a second, the
 * honest member stays joined). test/bad-input.test.ts covers the first frame
 * of join, status and probe.
 *
 * Tests marked `it.skip` are failing repros of bugs found while fuzzing
 * (issue 5, items 12 and 13); each says what is wrong and what would fix it.
 */
import assert from 'node:assert/strict'
import { watch } from 'node:fs'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { lpStream } from '@libp2p/utils'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { encode as varint } from 'uint8-varint'
import { fetchStatus } from '../src/node/admin/status.js'
import { publish } from '../src/node/admin/publish.js'
import { createNode } from '../src/node/client/index.js'
import { createHost } from '../src/node/host/index.js'
import { generateKey, saveKey } from '../src/node/identity.js'
import { createCascadeLibp2p } from '../src/node/libp2p.js'
import { FakeHost } from '../src/fuzz/fake-host.js'
import { makePackage } from '../src/fuzz/fixture.js'
import { Rng } from '../src/fuzz/rng.js'
import { JOIN_PROTOCOL, JoinRequest, JoinResponse, MAX_CONTROL_MESSAGE_BYTES } from '../src/protocols/join/index.js'
import { MAX_PUBLISH_FRAME_BYTES, PUBLISH_PROTOCOL, PublishEvent, PublishRequest, UploadChunk } from '../src/protocols/publish/index.js'
import { MAX_PUSH_FRAME_BYTES, PUSH_PROTOCOL, PushFrame, PushReply } from '../src/protocols/push/index.js'
import { cleanup, tempDir, waitFor } from './helpers.js'
import type { FuzzPackage } from '../src/fuzz/fixture.js'
import type { CascadeHost } from '../src/node/host/index.js'
import type { CascadeNode } from '../src/node/client/index.js'
import type { CascadeLibp2p } from '../src/node/libp2p.js'
import type { PrivateKey, Stream } from '@libp2p/interface'

/** How the peer ended the stream: 'closed', the error name of a reset, or 'still open' after `ms`. */
async function ended (stream: Stream, ms = 3_000): Promise<string> {
  const timer = setTimeout(() => { stream.abort(new Error('still open')) }, ms)
  try {
    for await (const _ of stream) {}
    return 'closed'
  } catch (err: any) {
    return err.message === 'still open' ? 'still open' : err.name
  } finally {
    clearTimeout(timer)
  }
}

/** Frames the peer sent before the stream ended (an lp reader over a stream we also write to). */
async function readAll<T> (lp: ReturnType<typeof lpStream>, decode: (bytes: Uint8Array) => T, ms = 3_000): Promise<T[]> {
  const out: T[] = []
  const signal = AbortSignal.timeout(ms)
  try {
    while (true) {
      out.push(decode((await lp.read({ signal })).subarray()))
    }
  } catch {}
  return out
}

describe('hostile frames: publish and the join control channel (host)', function () {
  let host: CascadeHost
  let member: CascadeNode
  let attacker: CascadeLibp2p
  let admin: CascadeLibp2p
  let adminKey: PrivateKey
  let pkg: FuzzPackage
  let hostDir: string
  const dirs: string[] = []
  const refusals: Array<{ protocol: string, reason: string }> = []

  before(async () => {
    adminKey = await generateKey()
    pkg = await makePackage(new Rng(5), adminKey, { version: '1.0.0' })
    hostDir = await tempDir()
    const nodeDir = await tempDir()
    dirs.push(hostDir, nodeDir)
    host = createHost({ dataDir: hostDir, probeDurationMs: 50, admins: [peerIdFromPrivateKey(adminKey).toString()] })
    host.on('refused', ({ protocol, reason }) => refusals.push({ protocol, reason }))
    await host.start()
    member = createNode({ dataDir: nodeDir, host: host.multiaddrs()[0], joinToken: host.joinToken })
    await member.start()
    await waitFor(() => member.joined, 5000, 'member to join')
    attacker = await createCascadeLibp2p({ privateKey: await generateKey() })
    admin = await createCascadeLibp2p({ privateKey: adminKey })
  })

  after(async () => {
    await attacker?.stop()
    await admin?.stop()
    await member?.stop()
    await host?.stop()
    await cleanup(...dirs)
  })

  beforeEach(() => { refusals.length = 0 })

  /** Status within a second, the honest member online and joined, and no deployment left holding the host. */
  async function assertHostCarriesOn (): Promise<void> {
    const status = await fetchStatus(host.multiaddrs()[0], { timeoutMs: 1_000 })
    const honest = status.members.find(m => m.peerId === member.peerId.toString())
    assert.equal(honest?.online, true, 'honest member listed online')
    assert.equal(member.joined, true, 'honest member joined')
    assert.ok(host.deployment == null || host.deployment.finished, 'no unfinished deployment left behind')
  }

  async function refusedMatching (pattern: RegExp): Promise<void> {
    await waitFor(() => refusals.some(r => pattern.test(r.reason)), 2_000, `a refusal matching ${pattern}`)
  }

  async function dial (peer: CascadeLibp2p, protocol: string): Promise<Stream> {
    return peer.dialProtocol(multiaddr(host.multiaddrs()[0]), protocol)
  }

  describe('publish', () => {
    // malformed frames come from an admin: a stranger is refused before the host reads anything
    it('refuses a publish request that is not protobuf', async () => {
      const stream = await dial(admin, PUBLISH_PROTOCOL)
      await lpStream(stream).write(new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]))
      await stream.close()
      assert.notEqual(await ended(stream), 'still open')
      await refusedMatching(/unreadable publish request/)
      await assertHostCarriesOn()
    })

    it('refuses an oversized publish frame on its length prefix alone', async () => {
      const stream = await dial(admin, PUBLISH_PROTOCOL)
      stream.send(varint(MAX_PUBLISH_FRAME_BYTES + 1))
      stream.send(new Uint8Array(4096))
      assert.notEqual(await ended(stream), 'still open')
      await refusedMatching(/too long/i)
      await assertHostCarriesOn()
    })

    it('refuses a truncated publish request', async () => {
      const stream = await dial(admin, PUBLISH_PROTOCOL)
      const request = PublishRequest.encode({ signedManifest: pkg.signedManifest, maxFanout: 0 })
      stream.send(varint(request.byteLength))
      stream.send(request.subarray(0, request.byteLength - 10))
      await stream.close()
      assert.notEqual(await ended(stream), 'still open')
      await refusedMatching(/unreadable publish request/)
      await assertHostCarriesOn()
    })

    it('refuses a valid publish request from a peer that is not an admin', async () => {
      const stream = await dial(attacker, PUBLISH_PROTOCOL)
      const lp = lpStream(stream)
      // the host refuses a stranger before reading a byte: the write may find the stream closed
      await lp.write(PublishRequest.encode({ signedManifest: pkg.signedManifest, maxFanout: 0 })).catch(() => {})
      const [event] = await readAll(lp, bytes => PublishEvent.decode(bytes))
      assert.equal(event?.decision?.granted, false)
      assert.match(event?.decision?.reason ?? '', /not an authorized admin/)
      await refusedMatching(/not an authorized admin/)
      await assertHostCarriesOn()
    })

    it('refuses a manifest signed by a key the host does not authorize, even from an admin', async () => {
      const foreign = await makePackage(new Rng(6), await generateKey(), { version: '1.0.1' })
      const stream = await dial(admin, PUBLISH_PROTOCOL)
      const lp = lpStream(stream)
      await lp.write(PublishRequest.encode({ signedManifest: foreign.signedManifest, maxFanout: 0 }))
      const [event] = await readAll(lp, bytes => PublishEvent.decode(bytes))
      assert.equal(event?.decision?.granted, false)
      await refusedMatching(/publisher .* is not authorized/)
      await assertHostCarriesOn()
    })

    /** Starts an upload as the admin; resolves with the stream once the host granted it. */
    async function granted (): Promise<{ stream: Stream, lp: ReturnType<typeof lpStream> }> {
      const stream = await dial(admin, PUBLISH_PROTOCOL)
      const lp = lpStream(stream, { maxDataLength: 64 * 1024 * 1024 })
      await lp.write(PublishRequest.encode({ signedManifest: pkg.signedManifest, maxFanout: 0 }))
      const first = PublishEvent.decode((await lp.read({ signal: AbortSignal.timeout(5_000) })).subarray())
      assert.equal(first.decision?.granted, true, `granted (${first.decision?.reason ?? 'no decision'})`)
      return { stream, lp }
    }

    it('after a grant, a garbage upload frame ends the upload and frees the host for the next publish', async () => {
      const { stream } = await granted()
      stream.send(varint(6))
      stream.send(new Uint8Array([0x12, 0xff, 0xff, 0xff, 0xff, 0x0f]))
      assert.notEqual(await ended(stream), 'still open')
      await waitFor(() => host.deployment == null, 2_000, 'the failed deployment to be dropped')
      await assertHostCarriesOn()
      // the next publish is granted again
      const again = await granted()
      again.stream.abort(new Error('done'))
      await waitFor(() => host.deployment == null, 2_000, 'the second deployment to be dropped')
    })

    it('after a grant, an oversized upload chunk frame is refused on its length prefix', async () => {
      const { stream } = await granted()
      stream.send(varint(MAX_PUBLISH_FRAME_BYTES + 1))
      stream.send(new Uint8Array(8192))
      assert.notEqual(await ended(stream), 'still open')
      await waitFor(() => host.deployment == null, 2_000, 'the failed deployment to be dropped')
      await assertHostCarriesOn()
    })

    it('after a grant, a chunk that does not hash to the manifest fails the upload', async () => {
      const { stream, lp } = await granted()
      const data = Uint8Array.from(pkg.chunks[0])
      data[0] ^= 0xff
      await lp.write(UploadChunk.encode({ index: 0, data }))
      assert.notEqual(await ended(stream), 'still open')
      await waitFor(() => host.deployment == null, 2_000, 'the failed deployment to be dropped')
      await assertHostCarriesOn()
    })

    it('after a grant, a chunk index past the end fails the upload', async () => {
      const { stream, lp } = await granted()
      await lp.write(UploadChunk.encode({ index: 2 ** 32 - 1, data: pkg.chunks[0] }))
      assert.notEqual(await ended(stream), 'still open')
      await waitFor(() => host.deployment == null, 2_000, 'the failed deployment to be dropped')
      await assertHostCarriesOn()
    })

    // BUG: an admin that disconnects right after sending a valid PublishRequest (Ctrl-C on `cascade
    // publish`, a network blip) wedges the host until it restarts. PublishService.handle sets
    // `this.active = deployment` and then awaits the grant write *outside* the try block; when the
    // stream is already reset the write throws, handle rejects, and `active` keeps an unfinished
    // deployment forever: every later publish is refused "deployment … is still running". The
    // ChunkStore opened for it is never closed either (its file handles are closed by the GC, with
    // Node's "Closing file descriptor … on garbage collection" warning). Fix: set `active` only after
    // the grant is written, and put everything from ChunkStore.open on inside the try/catch that marks
    // the deployment failed, clears `active` and closes the store.
    it('an admin that vanishes right after its request does not wedge the host', async () => {
      // the race is timing-dependent: vanish right after the request, or the moment the host starts
      // storing the package (before it writes its grant); a few tries hit it reliably
      const deployments = join(hostDir, 'deployments')
      await mkdir(deployments, { recursive: true })
      for (let attempt = 0; attempt < 6; attempt++) {
        const watcher = watch(deployments)
        const storing = new Promise(resolve => watcher.once('change', resolve))
        const stream = await dial(admin, PUBLISH_PROTOCOL)
        const request = PublishRequest.encode({ signedManifest: pkg.signedManifest, maxFanout: 0 })
        stream.send(varint(request.byteLength))
        stream.send(request)
        if (attempt % 2 === 1) {
          await Promise.race([storing, new Promise(resolve => setTimeout(resolve, 1_000))])
        }
        stream.abort(new Error('admin gone'))
        watcher.close()
        await new Promise(resolve => setTimeout(resolve, 100))
      }
      await waitFor(() => host.deployment == null || host.deployment.finished, 3_000, 'no deployment left holding the host')
      // and the next publish is granted
      const next = await granted()
      next.stream.abort(new Error('done'))
    })

    // BUG (minor): a failed upload is only logged (log.error 'upload of … failed'); the host emits no
    // 'refused' event for it, unlike every other refusal on publish, so `host.on('refused')` watchers
    // (and the CLI) never hear of a broken or forged upload. Fix: call this.init.refuse(peer,
    // PUBLISH_PROTOCOL, `upload failed: ${err.message}`) in PublishService.handle's catch.
    it('emits a refused event when an upload frame after a grant is unreadable', async () => {
      const { stream } = await granted()
      stream.send(varint(3))
      stream.send(new Uint8Array([0x08, 0xff, 0xff]))
      await ended(stream)
      await refusedMatching(/upload/)
    })
  })

  describe('the control channel after a valid JoinRequest', () => {
    /** Joins as the attacker, an enrolled device gone bad (it has the join token); resolves with the stream once accepted. */
    async function joined (): Promise<{ stream: Stream, lp: ReturnType<typeof lpStream> }> {
      const stream = await dial(attacker, JOIN_PROTOCOL)
      const lp = lpStream(stream)
      await lp.write(JoinRequest.encode({ version: '', listenAddrs: [], labels: [], uploadLimit: 0, joinToken: host.joinToken ?? '' }))
      assert.equal(JoinResponse.decode((await lp.read()).subarray()).accepted, true)
      return { stream, lp }
    }

    it('garbage after the join ends that member\'s channel and nothing else', async () => {
      const left = new Promise<string>(resolve => host.once('member:left', ({ peerId }) => { resolve(peerId) }))
      const { stream } = await joined()
      stream.send(varint(4))
      stream.send(new Uint8Array([0xff, 0xff, 0xff, 0xff]))
      assert.equal(await left, attacker.peerId.toString())
      stream.abort(new Error('done'))
      await assertHostCarriesOn()
    })

    it('an oversized control message after the join ends that member\'s channel', async () => {
      const left = new Promise<string>(resolve => host.once('member:left', ({ peerId }) => { resolve(peerId) }))
      const { stream } = await joined()
      stream.send(varint(MAX_CONTROL_MESSAGE_BYTES + 1))
      stream.send(new Uint8Array(4096))
      assert.equal(await left, attacker.peerId.toString())
      stream.abort(new Error('done'))
      await assertHostCarriesOn()
    })

    // BUG: after a valid JoinRequest, garbage (or an oversized frame, or a clean half-close) on the
    // control channel ends ControlChannel.run, but Host.handleJoin only logs it at debug level
    // ("control channel of %p ended") and returns without closing or resetting the stream, and emits
    // no 'refused' event. The stream stays open on the host (status 'open', remote still writable)
    // until the connection dies: a leaked stream per session, and with maxInboundStreams 4 a peer that
    // hits this 4 times cannot join again on that connection. Fix: in handleJoin's catch,
    // this.refuse(peer, JOIN_PROTOCOL, `control channel: ${err.message}`) and stream.abort(err);
    // after a normal end (run resolved), stream.close(). (The node's client.ts stayJoined has the
    // same gap: the old stream is never closed when run() ends.)
    it('garbage after the join is refused with a reason and the stream is reset', async () => {
      const { stream } = await joined()
      stream.send(varint(4))
      stream.send(new Uint8Array([0xff, 0xff, 0xff, 0xff]))
      assert.notEqual(await ended(stream, 2_000), 'still open')
      await refusedMatching(/control channel/)
    })

    it('refuses a join from a peer that is not enrolled (no token, or a wrong one)', async () => {
      for (const joinToken of ['', 'not-the-token']) {
        const stranger = await createCascadeLibp2p({ privateKey: await generateKey() })
        try {
          const stream = await dial(stranger, JOIN_PROTOCOL)
          const lp = lpStream(stream)
          await lp.write(JoinRequest.encode({ version: '99999', listenAddrs: [], labels: [], uploadLimit: 0, joinToken }))
          const response = JoinResponse.decode((await lp.read()).subarray())
          assert.equal(response.accepted, false)
          assert.match(response.reason, /not enrolled/)
        } finally {
          await stranger.stop()
        }
      }
      await refusedMatching(/not enrolled/)
      await assertHostCarriesOn()
    })

    // BUG (lower severity since enrolment: it needs an enrolled device): PublishService.refusal
    // compares the release against the highest version any online member *reports*, and
    // validateJoinRequest accepts any printable version. One enrolled device that reports "99999"
    // (compromised, or a bad local build) blocks every normal release for the whole fleet: "version
    // 1.0.0 is not newer than 99999, which the fleet runs". Fix: compare against versions the host
    // itself published (its deployment records), or only refuse per node (skip that node as a
    // target), never the whole release; at least require NAME_PATTERN for reported versions.
    it('one member reporting version 99999 does not block the next release', async () => {
      const { stream } = await joined()
      stream.abort(new Error('re-join with a version'))
      const again = await dial(attacker, JOIN_PROTOCOL)
      const lp = lpStream(again)
      await lp.write(JoinRequest.encode({ version: '99999', listenAddrs: [], labels: [], uploadLimit: 0 }))
      assert.equal(JoinResponse.decode((await lp.read()).subarray()).accepted, true)
      const publishStream = await dial(admin, PUBLISH_PROTOCOL)
      const publishLp = lpStream(publishStream, { maxDataLength: 64 * 1024 * 1024 })
      await publishLp.write(PublishRequest.encode({ signedManifest: pkg.signedManifest, maxFanout: 0 }))
      const first = PublishEvent.decode((await publishLp.read()).subarray())
      publishStream.abort(new Error('done'))
      again.abort(new Error('done'))
      assert.equal(first.decision?.granted, true, first.decision?.reason)
    })
  })
})

describe('hostile frames: a listen address that does not survive the registry (host)', function () {
  // BUG: validateJoinRequest accepts any bytes that @multiformats/multiaddr decodes, but the host
  // stores the *text* form and turns it back into bytes when it plans a deployment
  // (subtreeOf → multiaddr(addr).bytes). Some byte forms decode to text that does not parse back:
  // /dns4/ with a "/" in the name ("/dns4/evil/name"), an /onion3 with a short value, /p2p/ with an
  // empty value. A member that joined with one and sits below another node in the tree makes
  // subtreeOf throw inside Deployment.start(): PublishService.handle rejects, the admin's stream is
  // reset after the upload, and `active` keeps an unfinished deployment forever (its stall watchdog
  // was never started), so every later publish is refused "deployment … is still running" until the
  // host restarts. Any enrolled device can do this (before enrolment, any peer). Fix: in validateJoinRequest require
  // multiaddr(multiaddr(bytes).toString()).bytes to equal bytes (better: store the bytes, and accept
  // only ip4/ip6/dns*/tcp addresses whose /p2p/, if any, is the joining peer); and make
  // Deployment.start() failure-safe (catch per push, start the watchdog first, or clear `active`).
  it('a member with an unparseable listen address cannot wedge the publish pipeline', async () => {
    const dir = await tempDir()
    const adminKey = await generateKey()
    await saveKey(join(dir, 'admin.key'), adminKey)
    await writeFile(join(dir, 'app.bin'), new Rng(7).bytes(10_000))
    const host = createHost({ dataDir: join(dir, 'host'), probeDurationMs: 50, admins: [peerIdFromPrivateKey(adminKey).toString()] })
    await host.start()
    const member = createNode({ dataDir: join(dir, 'node'), host: host.multiaddrs()[0], joinToken: host.joinToken })
    const attacker = await createCascadeLibp2p({ privateKey: await generateKey() })
    try {
      await member.start()
      await waitFor(() => member.joined, 5000, 'member to join')
      const stream = await attacker.dialProtocol(multiaddr(host.multiaddrs()[0]), JOIN_PROTOCOL)
      const lp = lpStream(stream)
      const bad = Uint8Array.from([0x36, 9, ...new TextEncoder().encode('evil/name')])
      await lp.write(JoinRequest.encode({ version: '', listenAddrs: [bad], labels: [], uploadLimit: 0, joinToken: host.joinToken ?? '' }))
      // either refused here (the fix) ...
      if (!JoinResponse.decode((await lp.read()).subarray()).accepted) {
        return
      }
      await new Promise(resolve => setTimeout(resolve, 1_000))
      // ... or the next two publishes must not be wedged; fan-out 1 puts the attacker below the member
      for (const version of ['1.0.0', '1.0.1']) {
        await publish({ host: host.multiaddrs()[0], keyFile: join(dir, 'admin.key'), packagePath: join(dir, 'app.bin'), version, maxFanout: 1 }).catch(() => {})
        await waitFor(() => host.deployment == null || host.deployment.finished, 10_000, `deployment of ${version} to finish (or fail)`)
      }
    } finally {
      await attacker.stop()
      await member.stop()
      await host.stop()
      await cleanup(dir)
    }
  })
})

describe('hostile frames: push (node)', function () {
  let fakeHost: FakeHost
  let node: CascadeNode
  let attacker: CascadeLibp2p
  let pkg: FuzzPackage
  let dir: string
  const deploymentId = 'hostile-1'

  before(async () => {
    dir = await mkdtemp(join(await tempDir(), 'node-'))
    pkg = await makePackage(new Rng(8), await generateKey(), { version: '1.0.0' })
    fakeHost = await FakeHost.start()
    node = createNode({ dataDir: dir, host: fakeHost.address, reconnectMinMs: 100 })
    await node.start()
    await waitFor(() => node.joined && fakeHost.connected, 5000, 'node to join')
    fakeHost.want(deploymentId, pkg.manifest.id)
    attacker = await createCascadeLibp2p({ privateKey: await generateKey() })
  })

  after(async () => {
    await attacker?.stop()
    await node?.stop()
    await fakeHost?.stop()
    await cleanup(join(dir, '..'))
  })

  async function dial (): Promise<{ stream: Stream, lp: ReturnType<typeof lpStream> }> {
    const stream = await attacker.dialProtocol(multiaddr(node.multiaddrs()[0]), PUSH_PROTOCOL)
    return { stream, lp: lpStream(stream, { maxDataLength: MAX_PUSH_FRAME_BYTES }) }
  }

  function offer (id = deploymentId, signedManifest = pkg.signedManifest): Uint8Array {
    return PushFrame.encode({ offer: { deploymentId: id, signedManifest, subtree: [], storeAndForward: false } })
  }

  function assertCarriesOn (): void {
    assert.equal(node.joined, true, 'node still joined to its host')
  }

  it('refuses a push frame that is not protobuf', async () => {
    const { stream } = await dial()
    stream.send(varint(5))
    stream.send(new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff]))
    assert.notEqual(await ended(stream), 'still open')
    assertCarriesOn()
  })

  it('refuses an oversized push frame on its length prefix alone', async () => {
    const { stream } = await dial()
    stream.send(varint(MAX_PUSH_FRAME_BYTES + 1))
    stream.send(new Uint8Array(8192))
    assert.notEqual(await ended(stream), 'still open')
    assertCarriesOn()
  })

  it('refuses a truncated offer', async () => {
    const { stream } = await dial()
    const bytes = offer()
    stream.send(varint(bytes.byteLength))
    stream.send(bytes.subarray(0, bytes.byteLength - 20))
    await stream.close()
    assert.notEqual(await ended(stream), 'still open')
    assertCarriesOn()
  })

  it('refuses a push that does not start with an offer', async () => {
    const { stream, lp } = await dial()
    await lp.write(PushFrame.encode({ chunk: { index: 0, data: pkg.chunks[0] } }))
    assert.notEqual(await ended(stream), 'still open')
    assertCarriesOn()
  })

  it('refuses an offer whose manifest is not the one its host announced', async () => {
    const other = await makePackage(new Rng(9), await generateKey(), { version: '1.0.0' })
    const { stream, lp } = await dial()
    await lp.write(offer(deploymentId, other.signedManifest))
    const replies = await readAll(lp, bytes => PushReply.decode(bytes))
    assert.match(replies[0]?.refusal?.reason ?? '', /not the one the host announced/)
    assert.notEqual(await ended(stream), 'still open')
    assertCarriesOn()
  })

  it('refuses an offer whose addressee list names a parent after its child', async () => {
    const { stream, lp } = await dial()
    await lp.write(PushFrame.encode({
      offer: {
        deploymentId,
        signedManifest: pkg.signedManifest,
        subtree: [{ peerId: 'a', addrs: [multiaddr('/ip4/127.0.0.1/tcp/1').bytes as Uint8Array<ArrayBuffer>], parent: 0 }],
        storeAndForward: false
      }
    }))
    const replies = await readAll(lp, bytes => PushReply.decode(bytes))
    assert.match(replies[0]?.refusal?.reason ?? '', /parents must come first/)
    assert.notEqual(await ended(stream), 'still open')
    assertCarriesOn()
  })

  it('after a valid offer, an oversized chunk frame is refused on its length prefix', async () => {
    const { stream, lp } = await dial()
    await lp.write(offer())
    const accept = PushReply.decode((await lp.read({ signal: AbortSignal.timeout(5_000) })).subarray())
    assert.ok(accept.accept != null, 'offer accepted')
    stream.send(varint(MAX_PUSH_FRAME_BYTES + 1))
    stream.send(new Uint8Array(8192))
    assert.notEqual(await ended(stream), 'still open')
    assertCarriesOn()
  })

  it('after a valid offer, a chunk that fails verification is refused and reported to the host', async () => {
    const before = fakeHost.received.get('badChunk') ?? 0
    const { stream, lp } = await dial()
    await lp.write(offer())
    assert.ok(PushReply.decode((await lp.read({ signal: AbortSignal.timeout(5_000) })).subarray()).accept != null, 'offer accepted')
    const data = Uint8Array.from(pkg.chunks[1])
    data[7] ^= 0x01
    await lp.write(PushFrame.encode({ chunk: { index: 1, data } }))
    const replies = await readAll(lp, bytes => PushReply.decode(bytes))
    assert.ok(replies.some(reply => /failed verification/.test(reply.refusal?.reason ?? '')), 'refused the bad chunk')
    assert.notEqual(await ended(stream), 'still open')
    await waitFor(() => (fakeHost.received.get('badChunk') ?? 0) > before, 2_000, 'a bad-chunk report to the host')
    assertCarriesOn()
  })

  it('refuses a valid offer for a deployment its host never started (after waiting for the notice)', async function () {
    this.timeout(20_000)
    const { stream, lp } = await dial()
    await lp.write(offer('never-started'))
    const replies = await readAll(lp, bytes => PushReply.decode(bytes), 15_000)
    assert.ok(replies.every(reply => reply.accept == null), 'never accepted')
    assert.match(replies[0]?.refusal?.reason ?? '', /was not started by our host/)
    assert.notEqual(await ended(stream), 'still open')
    assertCarriesOn()
  })

  it('still takes a whole, honest push afterwards', async () => {
    const { stream, lp } = await dial()
    await lp.write(offer())
    assert.ok(PushReply.decode((await lp.read({ signal: AbortSignal.timeout(5_000) })).subarray()).accept != null, 'offer accepted')
    for (const [index, data] of pkg.chunks.entries()) {
      await lp.write(PushFrame.encode({ chunk: { index, data } }))
    }
    await stream.close()
    await waitFor(() => (fakeHost.received.get('receipt') ?? 0) > 0, 5_000, 'the node to verify the package and send its receipt')
    assertCarriesOn()
  })

  // BUG: after a valid offer, a parent that half-closes (clean EOF) before the package is complete
  // leaves the stream open on the node: IncomingDeployment.receive swallows UnexpectedEOFError
  // without closing or resetting the stream, and handlePush returns. Each such session leaks an
  // open stream (8 per connection before maxInboundStreams turns pushes away). Fix: on EOF,
  // stream.close() (or abort) before returning.
  it('a push that half-closes after a valid offer is ended by the node', async () => {
    fakeHost.want('hostile-2', pkg.manifest.id)
    await new Promise(resolve => setTimeout(resolve, 200))
    const { stream, lp } = await dial()
    await lp.write(offer('hostile-2'))
    assert.ok(PushReply.decode((await lp.read({ signal: AbortSignal.timeout(5_000) })).subarray()).accept != null, 'offer accepted')
    await stream.close()
    assert.notEqual(await ended(stream, 2_000), 'still open')
  })

  describe('striped offers', () => {
    const striped = 'hostile-stripes'
    before(async () => {
      fakeHost.want(striped, pkg.manifest.id)
      await new Promise(resolve => setTimeout(resolve, 200))
    })

    function stripeOffer (index: number, count: number, deploymentId = striped): Uint8Array {
      return PushFrame.encode({ offer: { deploymentId, signedManifest: pkg.signedManifest, subtree: [], storeAndForward: false, stripe: { index, count } } })
    }

    for (const [index, count] of [[0, 9], [2, 2], [0, 1], [0, 0]]) {
      it(`refuses stripe ${index} of ${count}`, async () => {
        const { stream, lp } = await dial()
        await lp.write(stripeOffer(index, count))
        const replies = await readAll(lp, bytes => PushReply.decode(bytes))
        assert.match(replies[0]?.refusal?.reason ?? '', /not a valid stripe/)
        assert.notEqual(await ended(stream), 'still open')
        assertCarriesOn()
      })
    }

    it('ends a stripe push that sends a chunk of another stripe, storing nothing of it', async () => {
      assert.ok(pkg.chunks.length >= 2, 'the package has two stripes of chunks')
      const { stream, lp } = await dial()
      await lp.write(stripeOffer(0, 2))
      const accept = PushReply.decode((await lp.read({ signal: AbortSignal.timeout(5_000) })).subarray())
      assert.ok(accept.accept != null, 'offer accepted')
      await lp.write(PushFrame.encode({ chunk: { index: 1, data: pkg.chunks[1] } }))
      assert.notEqual(await ended(stream), 'still open')
      // a fresh offer shows what the node holds: not chunk 1
      const again = await dial()
      await again.lp.write(stripeOffer(1, 2))
      const have = PushReply.decode((await again.lp.read({ signal: AbortSignal.timeout(5_000) })).subarray()).accept?.have ?? new Uint8Array()
      assert.equal((have[0] ?? 0) & 0b10, 0, 'chunk 1 not stored')
      again.stream.abort(new Error('done'))
      assertCarriesOn()
    })

    it('a stripe push ends once its stripe is complete, and the orphaned stripe is asked for', async () => {
      // a deployment of its own: the one above already asked for its orphans
      fakeHost.want('hostile-stripes-2', pkg.manifest.id)
      await new Promise(resolve => setTimeout(resolve, 200))
      const before = fakeHost.received.get('needParent') ?? 0
      const { stream, lp } = await dial()
      await lp.write(stripeOffer(0, 2, 'hostile-stripes-2'))
      assert.ok(PushReply.decode((await lp.read({ signal: AbortSignal.timeout(5_000) })).subarray()).accept != null, 'offer accepted')
      for (let index = 0; index < pkg.chunks.length; index += 2) {
        await lp.write(PushFrame.encode({ chunk: { index, data: pkg.chunks[index] } }))
      }
      // the node closes its end when stripe 0 is all here, without waiting for stripe 1
      assert.notEqual(await ended(stream, 5_000), 'still open')
      await waitFor(() => (fakeHost.received.get('needParent') ?? 0) > before, 5_000, 'a need-parent for stripe 1')
      assert.equal(fakeHost.lastNeedParent?.stripe, 1)
      assert.equal(fakeHost.lastNeedParent?.deploymentId, 'hostile-stripes-2')
      assertCarriesOn()
    })
  })

  // BUG (severe): any peer can make a node decode a 24 MiB push frame before anything is checked,
  // and protons allocates one object per repeated entry: a PushOffer whose subtree is empty
  // Addressee entries (2 bytes each), or one Addressee with millions of empty `addrs` (2 bytes
  // each), decodes into ~1.3-2.7 GB and blocks the event loop for seconds (measured: 21 MiB of
  // empty addrs → 2.4 GB RSS, 12 s). A few such streams (8 per connection, any number of
  // connections) crash the node out of memory. Fix: bound the repeated fields in push.proto
  // ([(protons.options).limit = 200000] on subtree, = 16 on addrs) *and* read the first frame with a
  // much smaller bound than MAX_PUSH_FRAME_BYTES (an offer is a ≤ 1 MiB manifest plus the list), or
  // decode the offer with protons' `limits` option.
  it('a push frame of empty addressee entries is refused without decoding it into gigabytes', async function () {
    this.timeout(60_000)
    const empties = new Uint8Array(2 * 3_000_000)
    for (let i = 0; i < empties.length; i += 2) {
      empties[i] = 0x12 // Addressee.addrs, length 0
    }
    const addressee = new Uint8Array([0x1a, ...varint(empties.byteLength), ...empties.subarray(0, 0)])
    const offerBody = new Uint8Array(addressee.byteLength + empties.byteLength)
    offerBody.set(addressee)
    offerBody.set(empties, addressee.byteLength)
    const frame = new Uint8Array([0x0a, ...varint(offerBody.byteLength), ...new Uint8Array(0)])
    const rssBefore = process.memoryUsage.rss()
    const started = Date.now()
    const { stream } = await dial()
    stream.send(varint(frame.byteLength + offerBody.byteLength))
    stream.send(frame)
    stream.send(offerBody)
    await ended(stream, 30_000)
    // the node runs in this process: it must not have grown by hundreds of MiB or stalled for seconds
    assert.ok(process.memoryUsage.rss() - rssBefore < 256 * 1024 ** 2, 'RSS grew by less than 256 MiB')
    assert.ok(Date.now() - started < 2_000, 'refused within 2 s')
    assertCarriesOn()
  })
})
