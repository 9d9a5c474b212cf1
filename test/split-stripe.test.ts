/**
 * A split stripe-child on real libp2p nodes (docs/striping.md, "Split
 * stripe-children"): a relay feeds its child the even half of the stripe,
 * a helper the odd half, and the child ends with the whole stripe, each
 * chunk once; a helper that cannot reach the child says so for that stripe
 * (the host then serves the child: docs/internet.md). 127.0.0.1, the nodes'
 * own receiving and relaying code (src/node/client/incoming-deployment.ts,
 * src/node/relay/push-sender.ts).
 */
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { join } from 'node:path'
import { generateKey } from '../src/node/identity.js'
import { createCascadeLibp2p } from '../src/node/libp2p.js'
import { ChunkStore } from '../src/node/package/index.js'
import { createPush, DIAL_BACK_WAIT_MS } from '../src/node/relay/push-sender.js'
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
import type { TreeNode } from '../src/tree/index.js'

const CHUNK = 4096
const CHUNKS = 64
const STRIPE = { index: 0, count: 2 }
const STRIPE_CHUNKS = CHUNKS / STRIPE.count

interface SplitNode { libp2p: CascadeLibp2p, deployment: IncomingDeployment }

/**
 * A source holding the whole package and three nodes, relay, helper and
 * child, each receiving deployment `deploymentId` with its own code; `push`
 * sends the relay stripe 0 of 2 with the child split between the relay and
 * the helper, the child's addresses as `childAddrs` gives them.
 */
class SplitFleet {
  private readonly nodes = new Map<string, SplitNode>()
  private source?: CascadeLibp2p
  private store?: ChunkStore

  constructor (private readonly dir: string, private readonly pkg: FuzzPackage, private readonly deploymentId: string) {}

  async start (): Promise<void> {
    this.source = await createCascadeLibp2p({ privateKey: await generateKey() })
    for (const name of ['relay', 'helper', 'child']) {
      const libp2p = await createCascadeLibp2p({ privateKey: await generateKey(), listen: ['/ip4/127.0.0.1/tcp/0'] })
      const deployment = new IncomingDeployment({
        deploymentId: this.deploymentId,
        manifestId: this.pkg.manifest.id,
        self: libp2p.peerId.toString(),
        incomingDir: join(this.dir, this.deploymentId, name),
        libp2p,
        limiter: createUploadLimiter(),
        policy: { refuseManifest: async () => undefined }
      })
      await receivePushes(libp2p, deployment)
      this.nodes.set(name, { libp2p, deployment })
    }
    this.store = await ChunkStore.open(join(this.dir, this.deploymentId, 'source'), this.pkg.manifest)
    for (const [index, chunk] of this.pkg.chunks.entries()) await this.store.put(index, chunk)
  }

  async stop (): Promise<void> {
    for (const { libp2p, deployment } of this.nodes.values()) {
      await deployment.close()
      await libp2p.stop()
    }
    await this.source?.stop()
    await this.store?.close()
  }

  get (name: string): SplitNode {
    const node = this.nodes.get(name)
    if (node == null) throw new Error(`no node ${name}`)
    return node
  }

  id (name: string): string {
    return this.get(name).libp2p.peerId.toString()
  }

  addrs (peerId: string): string[] {
    return [...this.nodes.values()].find(({ libp2p }) => libp2p.peerId.toString() === peerId)?.libp2p.getMultiaddrs().map(ma => ma.toString()) ?? []
  }

  /** The relay feeds the helper and the child in stripe 0 of 2; the helper also sends the child the odd half. */
  async push (childAddrs: string[] = this.addrs(this.id('child'))): Promise<number> {
    const tree: TreeNode = node(this.id('relay'), node(this.id('helper')), node(this.id('child')))
    const addrs = (peerId: string): string[] => peerId === this.id('child') ? childAddrs : this.addrs(peerId)
    const subtree = subtreeOf(tree, addrs, { stripe: STRIPE, helpers: new Map([[this.id('child'), { helper: this.id('helper'), parts: 2 }]]) })
    if (this.source == null || this.store == null) throw new Error('not started')
    const pushed = await createPush({
      libp2p: this.source,
      target: { peerId: this.id('relay'), addrs: this.addrs(this.id('relay')) },
      deploymentId: this.deploymentId,
      signedManifest: this.pkg.signedManifest,
      subtree,
      stripe: STRIPE,
      ownConnection: true,
      store: this.store,
      limiter: createUploadLimiter()
    }).run()
    return pushed.chunksSent
  }

  async relaysEnded (): Promise<void> {
    await waitFor(() => !this.get('relay').deployment.relaying && !this.get('helper').deployment.relaying, 20_000, 'the relays to end')
  }
}

describe('a stripe-child fed half by its parent, half by a helper (src/tree/split.ts)', function () {
  this.timeout(60_000)
  let pkg: FuzzPackage
  let dir: string
  const fleets: SplitFleet[] = []

  before(async () => {
    dir = await tempDir()
    pkg = await makePackage(new Rng(31), await generateKey(), { size: CHUNKS * CHUNK, chunkSize: CHUNK })
  })

  after(async () => {
    for (const fleet of fleets) await fleet.stop()
    await cleanup(dir)
  })

  async function fleet (deploymentId: string): Promise<SplitFleet> {
    const started = new SplitFleet(dir, pkg, deploymentId)
    fleets.push(started)
    await started.start()
    return started
  }

  it('the child holds the whole stripe, each chunk once; the relay sent it half, the helper the other half', async () => {
    const f = await fleet('split-1')
    assert.equal(await f.push(), STRIPE_CHUNKS)
    const child = f.get('child').deployment
    await waitFor(async () => (await chunksIn(child)) === STRIPE_CHUNKS, 20_000, 'the child to hold the stripe')
    await f.relaysEnded()
    assert.equal(child.bytesReceived, STRIPE_CHUNKS * CHUNK)
    assert.equal(child.bytesDuplicate, 0)
    // the relay: the whole stripe to the helper, half to the child; the helper: the other half
    assert.equal(f.get('relay').deployment.bytesSent, 1.5 * STRIPE_CHUNKS * CHUNK)
    assert.equal(f.get('helper').deployment.bytesSent, 0.5 * STRIPE_CHUNKS * CHUNK)
    assert.equal(f.get('helper').deployment.bytesReceived, STRIPE_CHUNKS * CHUNK)
  })

  it('a helper that cannot reach the child reports it unreachable in that stripe; the parent\'s half still arrives', async function () {
    this.timeout(60_000 + DIAL_BACK_WAIT_MS)
    const f = await fleet('split-2')
    // the child is behind NAT (no addresses): it connects out to its parent, as the host would
    // ask it to, and not to its helper, which waits DIAL_BACK_WAIT_MS for it in vain
    await f.get('child').libp2p.dial(f.get('relay').libp2p.getMultiaddrs())
    const unreachable = once(f.get('helper').deployment, 'unreachable')
    const relayReports: unknown[] = []
    f.get('relay').deployment.on('unreachable', report => { relayReports.push(report) })
    assert.equal(await f.push([]), STRIPE_CHUNKS)
    const [report] = await unreachable as [{ child: string, stripe?: number, reason: string }]
    assert.equal(report.child, f.id('child'))
    assert.equal(report.stripe, STRIPE.index)
    assert.match(report.reason, /behind NAT and did not connect/)
    await f.relaysEnded()
    const child = f.get('child').deployment
    // the relay's half, each chunk once; the helper's half is the host's to send now
    assert.equal(await chunksIn(child), STRIPE_CHUNKS / 2)
    assert.equal(child.bytesReceived, STRIPE_CHUNKS / 2 * CHUNK)
    assert.equal(child.bytesDuplicate, 0)
    assert.equal(f.get('helper').deployment.bytesSent, 0)
    assert.equal(f.get('helper').deployment.bytesReceived, STRIPE_CHUNKS * CHUNK)
    assert.deepEqual(relayReports, [], 'the parent reached the child and reports nothing')
  })

  /** The chunks of the stripe a node holds, from the report it would send the host. */
  async function chunksIn (deployment: IncomingDeployment): Promise<number> {
    let counts: number[] = []
    deployment.once('report', report => { counts = report.stripeChunks })
    deployment.sendReport()
    return counts[STRIPE.index] ?? 0
  }
})
