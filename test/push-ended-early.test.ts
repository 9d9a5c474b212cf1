/**
 * A relay's push that ends early (src/node/relay/push-sender.ts): what it
 * wrote may still sit in its kernel's send buffer, so the relay resets the
 * connection it opened for its pushes once no other Cascade stream runs on
 * it, even while libp2p's own ping waits on it. Real libp2p nodes on
 * 127.0.0.1: the child is a bare handler that takes a chunk or two and then
 * drops the push, as a child does when a newer parent replaces a stopped one.
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { pbStream } from '@libp2p/utils'
import { generateKey } from '../src/node/identity.js'
import { createCascadeLibp2p } from '../src/node/libp2p.js'
import { ChunkStore } from '../src/node/package/index.js'
import { createPush } from '../src/node/relay/push-sender.js'
import { createUploadLimiter } from '../src/node/upload-limiter.js'
import { makePackage } from '../src/fuzz/fixture.js'
import { Rng } from '../src/fuzz/rng.js'
import { PUSH_PROTOCOL, PushFrame, PushReply } from '../src/protocols/push/index.js'
import { pushFrameDecoder } from '../src/node/relay/chunk-frame.js'
import { cleanup, tempDir, waitFor } from './helpers.js'
import type { FuzzPackage } from '../src/fuzz/fixture.js'
import type { CascadeLibp2p } from '../src/node/libp2p.js'
import type { Connection, Stream } from '@libp2p/interface'

/** libp2p's ping protocol (@libp2p/ping): its connection monitor opens one on every connection */
const PING_PROTOCOL = '/ipfs/ping/1.0.0'

describe('a relay\'s push that ends early (src/node/relay/push-sender.ts)', function () {
  let parent: CascadeLibp2p
  let child: CascadeLibp2p
  let pkg: FuzzPackage
  let store: ChunkStore
  let dir: string
  /** what the child does with each push: stripe index (or 'all') → drop it after this many chunks */
  let dropAfter: Map<number | 'all', number>
  /** and waits for this first, if given */
  let dropWhen: Map<number | 'all', Promise<void>>
  const finished: Array<number | 'all'> = []

  before(async () => {
    dir = await tempDir()
    pkg = await makePackage(new Rng(11), await generateKey(), { size: 16 * 4096, chunkSize: 4096 })
    store = await ChunkStore.open(join(dir, 'store'), pkg.manifest)
    for (const [index, chunk] of pkg.chunks.entries()) await store.put(index, chunk)
    parent = await createCascadeLibp2p({ privateKey: await generateKey() })
    child = await createCascadeLibp2p({ privateKey: await generateKey(), listen: ['/ip4/127.0.0.1/tcp/0'] })
    await child.handle(PUSH_PROTOCOL, async (stream: Stream, connection: Connection) => {
      const pb = pbStream(stream)
      const { offer } = await pb.read(PushFrame)
      const carries = offer?.stripe?.index ?? 'all'
      await pb.write({ accept: { have: new Uint8Array(2) }, credit: { chunks: 1 } }, PushReply)
      // a ping the child's connection monitor sent, still waiting for its echo
      await connection.newStream(PING_PROTOCOL)
      let chunks = 0
      while (true) {
        const frame = await pb.read(pushFrameDecoder)
        if (frame.chunk == null) throw new Error('not a chunk')
        chunks++
        if (chunks === dropAfter.get(carries)) {
          await dropWhen.get(carries)
          stream.abort(new Error('a newer push replaces this one'))
          return
        }
        if (chunks === pkg.chunks.length / (offer?.stripe?.count ?? 1)) {
          finished.push(carries)
          await stream.close()
          return
        }
        await pb.write({ credit: { chunks: 1 } }, PushReply)
      }
    })
  })

  after(async () => {
    await parent?.stop()
    await child?.stop()
    await store?.close()
    await cleanup(dir)
  })

  function push (stripe?: { index: number, count: number }): Promise<unknown> {
    return createPush({
      libp2p: parent,
      target: { peerId: child.peerId.toString(), addrs: child.getMultiaddrs().map(ma => ma.toString()) },
      deploymentId: 'early-1',
      signedManifest: pkg.signedManifest,
      subtree: [],
      stripe,
      ownConnection: true,
      store,
      limiter: createUploadLimiter()
    }).run()
  }

  const ownLinks = (): Connection[] => parent.getConnections(child.peerId).filter(conn => conn.direction === 'outbound' && conn.status === 'open')

  it('resets the connection it opened once the child drops its only push, a ping still open on it', async () => {
    dropAfter = new Map([['all', 2]])
    dropWhen = new Map()
    await assert.rejects(push())
    await waitFor(() => ownLinks().length === 0, 5000, 'the relay to reset its connection')
  })

  it('keeps the connection while another push of ours runs on it, and resets it after that push ends early too', async () => {
    let dropSecond = (): void => {}
    dropAfter = new Map([[0, 2], [1, 1]])
    dropWhen = new Map([[1, new Promise<void>(resolve => { dropSecond = resolve })]])
    const [first, second] = [push({ index: 0, count: 2 }), push({ index: 1, count: 2 })]
    await assert.rejects(first)
    assert.equal(ownLinks().length, 1, 'the other stripe\'s push still rides it')
    dropSecond()
    await assert.rejects(second)
    await waitFor(() => ownLinks().length === 0, 5000, 'the relay to reset its connection')
  })

  it('leaves the connection open after a push that completed', async () => {
    dropAfter = new Map()
    dropWhen = new Map()
    await push()
    assert.deepEqual(finished, ['all'])
    assert.equal(ownLinks().length, 1)
  })
})
