/**
 * Two pushes of the same chunks to one node meet without sending each
 * other's share (docs/update-flow.md, "Endgame"): a slow parent sends first
 * chunk first, a helper that holds only the second half of the package
 * sends what it holds, last chunk first (src/node/relay/push-sender.ts), and
 * the node tells each sender what the other brought
 * (src/node/client/push-replies.ts), which it then passes over. Real libp2p
 * nodes on 127.0.0.1, the node's own receiving code
 * (src/node/client/incoming-deployment.ts).
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { boundedPbStream } from '../src/node/control-channel.js'
import { generateKey } from '../src/node/identity.js'
import { createCascadeLibp2p } from '../src/node/libp2p.js'
import { ChunkStore } from '../src/node/package/index.js'
import { createPush } from '../src/node/relay/push-sender.js'
import { createUploadLimiter } from '../src/node/upload-limiter.js'
import { IncomingDeployment } from '../src/node/client/incoming-deployment.js'
import { MAX_SKIP_CHUNKS } from '../src/node/client/push-replies.js'
import { makePackage } from '../src/fuzz/fixture.js'
import { Rng } from '../src/fuzz/rng.js'
import { MAX_PUSH_FRAME_BYTES, PUSH_PROTOCOL, PushFrame, PushReply } from '../src/protocols/push/index.js'
import { pushFrameDecoder } from '../src/node/relay/chunk-frame.js'
import { bitmapLength } from '../src/node/package/bitmap.js'
import { lpStream } from '@libp2p/utils'
import { cleanup, tempDir, waitFor } from './helpers.js'
import { receivePushes } from './push-receiver.js'
import type { PushResult } from '../src/node/relay/push-sender.js'
import type { FuzzPackage } from '../src/fuzz/fixture.js'
import type { CascadeLibp2p } from '../src/node/libp2p.js'

const CHUNK = 4096
const CHUNKS = 64
/** the parent alone would take 8 s for the package: the helper's half arrives long before the parent gets there */
const PARENT_RATE = 8 * CHUNK

describe('two pushes of the same chunks meet without sending them twice (src/node/client/push-replies.ts)', function () {
  this.timeout(60_000)
  let parent: CascadeLibp2p
  let helper: CascadeLibp2p
  let child: CascadeLibp2p
  let pkg: FuzzPackage
  let dir: string
  const stores: ChunkStore[] = []
  let deployment: IncomingDeployment

  before(async () => {
    dir = await tempDir()
    pkg = await makePackage(new Rng(23), await generateKey(), { size: CHUNKS * CHUNK, chunkSize: CHUNK })
    parent = await createCascadeLibp2p({ privateKey: await generateKey() })
    helper = await createCascadeLibp2p({ privateKey: await generateKey() })
    child = await createCascadeLibp2p({ privateKey: await generateKey(), listen: ['/ip4/127.0.0.1/tcp/0'] })
    deployment = new IncomingDeployment({
      deploymentId: 'skip-1',
      manifestId: pkg.manifest.id,
      self: child.peerId.toString(),
      incomingDir: join(dir, 'incoming'),
      libp2p: child,
      limiter: createUploadLimiter(),
      policy: { refuseManifest: async () => undefined }
    })
    await receivePushes(child, deployment)
  })

  after(async () => {
    await deployment?.close()
    await parent?.stop()
    await helper?.stop()
    await child?.stop()
    for (const store of stores) await store.close()
    await cleanup(dir)
  })

  /** A store in `name` holding the chunks `holds` picks. */
  async function storeWith (name: string, holds: (index: number) => boolean): Promise<ChunkStore> {
    const store = await ChunkStore.open(join(dir, name), pkg.manifest)
    stores.push(store)
    for (const [index, chunk] of pkg.chunks.entries()) if (holds(index)) await store.put(index, chunk)
    return store
  }

  /** A push of what `store` holds from `from` to `to` (the node, unless another is named). */
  function push (from: CascadeLibp2p, store: ChunkStore, options: { descending?: boolean, rate?: number, to?: CascadeLibp2p }): Promise<PushResult> {
    const to = options.to ?? child
    return createPush({
      libp2p: from,
      target: { peerId: to.peerId.toString(), addrs: to.getMultiaddrs().map(ma => ma.toString()) },
      deploymentId: 'skip-1',
      signedManifest: pkg.signedManifest,
      subtree: [],
      descending: options.descending,
      ownConnection: true,
      store,
      limiter: createUploadLimiter(options.rate)
    }).run()
  }

  it('a helper holding half the package sends that half, last chunk first; the parent passes over it; the node is whole with few duplicates', async () => {
    const full = await storeWith('parent', () => true)
    const half = await storeWith('helper', index => index >= CHUNKS / 2)
    const fromParent = push(parent, full, { rate: PARENT_RATE })
    await waitFor(() => deployment.bytesReceived >= 2 * CHUNK, 10_000, 'the parent\'s first chunks')
    // sends only what it holds: it would wait for chunk 31 for ever otherwise
    const fromHelper = await push(helper, half, { descending: true })
    assert.ok(fromHelper.chunksSent <= CHUNKS / 2, `the helper sent ${fromHelper.chunksSent} chunks, holding ${CHUNKS / 2}`)
    const fromParentResult = await fromParent
    await waitFor(() => deployment.complete, 10_000, 'the node to hold every chunk')
    // the parent sent the first half, and at most its credit window (8 chunks, no planned rate) of the second
    assert.ok(fromParentResult.chunksSent <= CHUNKS / 2 + 8, `the parent sent ${fromParentResult.chunksSent} chunks of ${CHUNKS}`)
    assert.equal(deployment.bytesReceived, CHUNKS * CHUNK)
    assert.ok(deployment.bytesDuplicate <= 8 * CHUNK, `duplicate bytes: ${deployment.bytesDuplicate}`)
    assert.equal(fromParentResult.chunksSent + fromHelper.chunksSent, CHUNKS + deployment.bytesDuplicate / CHUNK)
  })

  describe('skip notices from a hostile child', () => {
    let hostile: CascadeLibp2p
    /** what the child answers after its accept: the raw reply frame */
    let reply: Uint8Array
    let received: number[]

    before(async () => {
      hostile = await createCascadeLibp2p({ privateKey: await generateKey(), listen: ['/ip4/127.0.0.1/tcp/0'] })
      await hostile.handle(PUSH_PROTOCOL, async (stream) => {
        const lp = lpStream(stream, { maxDataLength: MAX_PUSH_FRAME_BYTES })
        const pb = boundedPbStream(stream, MAX_PUSH_FRAME_BYTES)
        await pb.read(PushFrame)
        await pb.write({ accept: { have: new Uint8Array(bitmapLength(CHUNKS)) }, credit: { chunks: 1 } }, PushReply)
        await lp.write(reply)
        try {
          // until the parent has sent all it owes and closes its end
          while (true) {
            received.push((await pb.read(pushFrameDecoder)).chunk?.index ?? -1)
            await pb.write({ credit: { chunks: 1 } }, PushReply)
          }
        } catch {}
        await stream.close().catch(() => {})
      })
    })

    after(async () => { await hostile?.stop() })

    it('a notice naming chunks past the package changes nothing; the chunks it names in it are passed over', async () => {
      received = []
      reply = PushReply.encode({ skip: { chunks: [3, CHUNKS, 2 ** 31] } })
      const full = stores.find(store => store.complete) ?? await storeWith('parent-2', () => true)
      const result = await push(parent, full, { to: hostile })
      assert.equal(result.chunksSent, CHUNKS - 1)
      assert.ok(!received.includes(3))
    })

    it('a notice of more chunks than a reply may carry ends the push with a clear error; the parent stays up', async () => {
      received = []
      // one more than push.proto lets a PushSkip carry (the encoder does not check limits, the decoder does)
      reply = PushReply.encode({ skip: { chunks: Array.from({ length: MAX_SKIP_CHUNKS + 1 }, (_, index) => index % CHUNKS) } })
      const full = stores.find(store => store.complete) as ChunkStore
      await assert.rejects(push(parent, full, { to: hostile }), /limit|too many|1024/i)
      assert.equal(parent.status, 'started')
    })
  })
})
