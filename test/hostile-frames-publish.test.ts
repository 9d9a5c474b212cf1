/**
 * Malformed, truncated and oversized frames on publish, and hostile frames
 * after a valid PublishRequest, from an admin or a stranger: each is refused
 * with a reason, the stream ends, and the host carries on (status answers
 * within a second, the honest member stays joined). test/bad-input.test.ts
 * covers the first frame of join, status and probe; the other hostile-frames
 * tests cover the join control channel and push.
 */
import assert from 'node:assert/strict'
import { watch } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { lpStream } from '@libp2p/utils'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { encode as varint } from 'uint8-varint'
import { publish } from '../src/node/admin/publish.js'
import { createNode } from '../src/node/client/index.js'
import { createHost } from '../src/node/host/index.js'
import { generateKey, saveKey } from '../src/node/identity.js'
import { createCascadeLibp2p } from '../src/node/libp2p.js'
import { makePackage } from '../src/fuzz/fixture.js'
import { Rng } from '../src/fuzz/rng.js'
import { JOIN_PROTOCOL, JoinRequest, JoinResponse } from '../src/protocols/join/index.js'
import { MAX_PUBLISH_FRAME_BYTES, PUBLISH_PROTOCOL, PublishEvent, PublishRequest, UPLOAD_WINDOW_BYTES, UPLOAD_WINDOW_CHUNKS, UploadChunk, uploadWindow } from '../src/protocols/publish/index.js'
import { cleanup, tempDir, waitFor } from './helpers.js'
import { admin, assertHostCarriesOn, attacker, dial, ended, host, hostDir, pkg, readAll, refusedMatching, useHostUnderAttack } from './hostile-frames-fixtures.js'
import type { Stream } from '@libp2p/interface'

describe('hostile frames: publish and the join control channel (host)', function () {
  useHostUnderAttack()

  describe('publish', () => {
    /** The host ended the stream, refused it with a reason matching `reason`, and carries on. */
    async function assertRefused (stream: Stream, reason: RegExp): Promise<void> {
      assert.notEqual(await ended(stream), 'still open')
      await refusedMatching(reason)
      await assertHostCarriesOn()
    }

    // malformed frames come from an admin: a stranger is refused before the host reads anything
    it('refuses a publish request that is not protobuf', async () => {
      const stream = await dial(admin, PUBLISH_PROTOCOL)
      await lpStream(stream).write(new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]))
      await stream.close()
      await assertRefused(stream, /unreadable publish request/)
    })

    it('refuses an oversized publish frame on its length prefix alone', async () => {
      const stream = await dial(admin, PUBLISH_PROTOCOL)
      stream.send(varint(MAX_PUBLISH_FRAME_BYTES + 1))
      stream.send(new Uint8Array(4096))
      await assertRefused(stream, /too long/i)
    })

    it('refuses a truncated publish request', async () => {
      const stream = await dial(admin, PUBLISH_PROTOCOL)
      const request = PublishRequest.encode({ signedManifest: pkg.signedManifest, maxFanout: 0 })
      stream.send(varint(request.byteLength))
      stream.send(request.subarray(0, request.byteLength - 10))
      await stream.close()
      await assertRefused(stream, /unreadable publish request/)
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
      // the upload's credit: UPLOAD_WINDOW_BYTES of the package's chunks, never fewer than UPLOAD_WINDOW_CHUNKS
      assert.equal(first.credit?.chunks, uploadWindow(pkg.manifest.fields.chunkSize))
      return { stream, lp }
    }

    it('the upload window is UPLOAD_WINDOW_BYTES of chunks, at least UPLOAD_WINDOW_CHUNKS', () => {
      assert.equal(uploadWindow(64 * 1024), UPLOAD_WINDOW_BYTES / (64 * 1024))
      assert.equal(uploadWindow(256 * 1024), UPLOAD_WINDOW_BYTES / (256 * 1024))
      assert.equal(uploadWindow(16 * 1024 * 1024), UPLOAD_WINDOW_CHUNKS)
      assert.equal(uploadWindow(UPLOAD_WINDOW_BYTES / UPLOAD_WINDOW_CHUNKS + 1), UPLOAD_WINDOW_CHUNKS)
    })

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

    // A fixed bug, kept as a regression test: an admin that disconnected right after sending a
    // valid PublishRequest (Ctrl-C on `cascade publish`, a network blip) wedged the host until it
    // restarted: the grant write failed outside the error handling, so an unfinished deployment
    // stayed active and every later publish was refused "deployment … is still running", and the
    // package's chunk store was never closed. A failed grant or upload now fails the deployment,
    // lets go of the host and closes the store.
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
})

describe('hostile frames: a listen address that does not survive the registry (host)', function () {
  // A fixed bug, kept as a regression test: validateJoinRequest accepted any bytes that
  // @multiformats/multiaddr decodes, but the host stores the *text* form and turns it back into
  // bytes when it plans a deployment. Some byte forms decode to text that does not parse back
  // (/dns4/ with a "/" in the name, "/dns4/evil/name"; an /onion3 with a short value; /p2p/ with an
  // empty value). A member that joined with one and sat below another node in the tree made
  // planning throw when the deployment started, leaving an unfinished deployment active, so every
  // later publish was refused "deployment … is still running" until the host restarted. Such an
  // address is now refused at the join (validateJoinRequest).
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
