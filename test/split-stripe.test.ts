/**
 * A split stripe-child on real libp2p nodes (docs/striping.md, "Split
 * stripe-children"): a relay feeds its child the even half of the stripe,
 * a helper the odd half, and the child ends with the whole stripe, each
 * chunk once. 127.0.0.1, the nodes' own receiving and relaying code
 * (src/node/client/incoming-deployment.ts, src/node/relay/push-sender.ts).
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { generateKey } from '../src/node/identity.js'
import { createCascadeLibp2p } from '../src/node/libp2p.js'
import { ChunkStore } from '../src/node/package/index.js'
import { createPush } from '../src/node/relay/push-sender.js'
import { subtreeOf } from '../src/node/relay/addressees.js'
import { createUploadLimiter } from '../src/node/upload-limiter.js'
import { IncomingDeployment } from '../src/node/client/incoming-deployment.js'
import { makePackage } from '../src/fuzz/fixture.js'
import { Rng } from '../src/fuzz/rng.js'
import { cleanup, tempDir, waitFor } from './helpers.js'
import { receivePushes } from './push-receiver.js'
import { node } from './drawn-plan.js'
import type { FuzzPackage } from '../src/fuzz/fixture.js'
import type { CascadeLibp2p } from '../src/node/libp2p.js'

const CHUNK = 4096
const CHUNKS = 64
const STRIPE = { index: 0, count: 2 }
const STRIPE_CHUNKS = CHUNKS / STRIPE.count

describe('a stripe-child fed half by its parent, half by a helper (src/tree/split.ts)', function () {
  this.timeout(60_000)
  let source: CascadeLibp2p
  const nodes = new Map<string, { libp2p: CascadeLibp2p, deployment: IncomingDeployment }>()
  let pkg: FuzzPackage
  let dir: string
  let store: ChunkStore | undefined

  before(async () => {
    dir = await tempDir()
    pkg = await makePackage(new Rng(31), await generateKey(), { size: CHUNKS * CHUNK, chunkSize: CHUNK })
    source = await createCascadeLibp2p({ privateKey: await generateKey() })
    for (const name of ['relay', 'helper', 'child']) {
      const libp2p = await createCascadeLibp2p({ privateKey: await generateKey(), listen: ['/ip4/127.0.0.1/tcp/0'] })
      const deployment = new IncomingDeployment({
        deploymentId: 'split-1',
        manifestId: pkg.manifest.id,
        self: libp2p.peerId.toString(),
        incomingDir: join(dir, name),
        libp2p,
        limiter: createUploadLimiter(),
        policy: { refuseManifest: async () => undefined }
      })
      await receivePushes(libp2p, deployment)
      nodes.set(name, { libp2p, deployment })
    }
  })

  after(async () => {
    for (const { libp2p, deployment } of nodes.values()) {
      await deployment.close()
      await libp2p.stop()
    }
    await source?.stop()
    await store?.close()
    await cleanup(dir)
  })

  it('the child holds the whole stripe, each chunk once; the relay sent it half, the helper the other half', async () => {
    store = await ChunkStore.open(join(dir, 'source'), pkg.manifest)
    for (const [index, chunk] of pkg.chunks.entries()) await store.put(index, chunk)
    const get = (name: string): { libp2p: CascadeLibp2p, deployment: IncomingDeployment } => nodes.get(name) as { libp2p: CascadeLibp2p, deployment: IncomingDeployment }
    const id = (name: string): string => get(name).libp2p.peerId.toString()
    const addrs = (peerId: string): string[] => [...nodes.values()].find(({ libp2p }) => libp2p.peerId.toString() === peerId)?.libp2p.getMultiaddrs().map(ma => ma.toString()) ?? []
    // the relay feeds the helper and the child in stripe 0 of 2; the helper also sends the child the odd half
    const tree = node(id('relay'), node(id('helper')), node(id('child')))
    const subtree = subtreeOf(tree, addrs, { stripe: STRIPE, helpers: new Map([[id('child'), { helper: id('helper'), parts: 2 }]]) })
    const pushed = await createPush({
      libp2p: source,
      target: { peerId: id('relay'), addrs: addrs(id('relay')) },
      deploymentId: 'split-1',
      signedManifest: pkg.signedManifest,
      subtree,
      stripe: STRIPE,
      ownConnection: true,
      store,
      limiter: createUploadLimiter()
    }).run()
    assert.equal(pushed.chunksSent, STRIPE_CHUNKS)
    const child = get('child').deployment
    await waitFor(async () => (await chunksIn(child)) === STRIPE_CHUNKS, 20_000, 'the child to hold the stripe')
    await waitFor(() => !get('relay').deployment.relaying && !get('helper').deployment.relaying, 20_000, 'the relays to end')
    assert.equal(child.bytesReceived, STRIPE_CHUNKS * CHUNK)
    assert.equal(child.bytesDuplicate, 0)
    // the relay: the whole stripe to the helper, half to the child; the helper: the other half
    assert.equal(get('relay').deployment.bytesSent, 1.5 * STRIPE_CHUNKS * CHUNK)
    assert.equal(get('helper').deployment.bytesSent, 0.5 * STRIPE_CHUNKS * CHUNK)
    assert.equal(get('helper').deployment.bytesReceived, STRIPE_CHUNKS * CHUNK)
  })

  /** The chunks of the stripe a node holds, from the report it would send the host. */
  async function chunksIn (deployment: IncomingDeployment): Promise<number> {
    let counts: number[] = []
    deployment.once('report', report => { counts = report.stripeChunks })
    deployment.sendReport()
    return counts[STRIPE.index] ?? 0
  }
})
