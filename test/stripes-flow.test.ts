import assert from 'node:assert/strict'
import { join } from 'node:path'
import { CascadeProcess } from '../src/harness/cascade-process.js'
import { MiB } from './helpers.js'
import { publishJson, randomPackage, sha256File, startFleet } from './fleet.js'
import type { Fleet } from './fleet.js'

/**
 * Striping (docs/striping.md) on real processes: chunk i goes down tree
 * i mod k, every node has a parent in each tree, and a relay lost in one
 * tree costs its children only that tree's chunks.
 */
describe('striped distribution', function () {
  let fleet: Fleet | undefined

  afterEach(async () => {
    await fleet?.stop()
    fleet = undefined
  })

  it('a package striped over 2 trees reaches every node, each chunk once (but for an endgame\'s overlap)', async () => {
    fleet = await startFleet({
      nodes: [{ cap: '4MiB/s' }, { cap: '4MiB/s' }, { cap: '4MiB/s' }, { cap: '4MiB/s' }, { cap: '4MiB/s' }],
      hostArgs: ['--upload-limit', '4MiB/s']
    })
    const pkg = await randomPackage(fleet.dir, 'app-v2.bin', 2 * MiB)
    const { code, events, summary } = await publishJson(fleet, pkg.path, 'v2', ['--stripes', '2'])
    assert.equal(code, 0, JSON.stringify(summary?.nodes))
    const plan = events.find(e => e.event === 'plan')
    assert.equal(plan.stripes, 2)
    for (const node of plan.nodes) {
      assert.equal(node.stripeParents.length, 2, 'a parent in each tree')
      assert.notEqual(node.stripeParents[0], node.peerId)
    }
    assert.ok(summary.nodes.every((n: any) => n.state === 'done'), JSON.stringify(summary.nodes))
    // each chunk once, but for what the host's endgame and a parent had in flight when they met
    // (docs/update-flow.md, "Endgame": only on a machine slow enough that a node lags the host by 2 s)
    const duplicate = summary.nodes.reduce((sum: number, n: any) => sum + n.bytesDuplicate, 0)
    assert.ok(duplicate <= 0.02 * summary.nodes.length * summary.packageSize, `duplicate bytes ${duplicate}`)
    // the host sends each tree's half to its children in that tree (and at most half a package more in an endgame)
    const hostEdges = plan.nodes.reduce((sum: number, n: any) => sum + n.stripeParents.filter((p: string) => p === '').length, 0)
    assert.ok(summary.hostBytesSent <= (hostEdges / 2 + 0.5) * summary.packageSize, `host sent ${summary.hostBytesSent} for ${hostEdges} stripe-children`)
    for (const node of fleet.nodes) {
      assert.equal(await sha256File(join(node.dataDir, 'current', 'app-v2.bin')), pkg.sha256)
    }
  })

  it('a relay killed mid-transfer: its children get the orphaned stripe from the host and finish', async () => {
    fleet = await startFleet({
      nodes: [{ cap: '1MiB/s' }, { cap: '1MiB/s' }, { cap: '1MiB/s' }, { cap: '1MiB/s' }],
      // the killed relay is given up after about 2 s × 3 without progress; a live node reports every 500 ms (src/node/client/client.ts)
      hostArgs: ['--upload-limit', '1MiB/s', '--stall-timeout', '2000', '--max-attempts', '3']
    })
    const pkg = await randomPackage(fleet.dir, 'app-v2.bin', 4 * MiB)
    const publisher = new CascadeProcess('publish', ['publish', '--host', fleet.hostAddr, '--key', fleet.keyFile, '--version', 'v2', '--json', '--stripes', '2', pkg.path])
    const [line] = await publisher.waitForLine(/^{"event":"plan".*$/)
    const plan = JSON.parse(line)
    assert.equal(plan.stripes, 2)
    // a node that relays in some tree, and one of its children there
    const childOf = (relay: string): any => plan.nodes.find((n: any) => n.stripeParents.includes(relay))
    const relay = plan.nodes.find((n: any) => childOf(n.peerId) != null)
    assert.ok(relay != null, 'some node relays')
    const child = childOf(relay.peerId)
    await publisher.waitForLine(new RegExp(`^{"event":"progress","peerId":"${child.peerId}","state":"receiving","bytesReceived":[1-9]`))
    await fleet.nodes.find(n => n.peerId === relay.peerId)!.process.kill()

    await publisher.exited
    const summaryLine = publisher.lines.find(l => l.startsWith('{"event":"summary"'))
    assert.ok(summaryLine != null, 'a summary')
    const summary = JSON.parse(summaryLine)
    const survivors = summary.nodes.filter((n: any) => n.peerId !== relay.peerId)
    assert.ok(survivors.every((n: any) => n.state === 'done'), JSON.stringify(summary.nodes))
    assert.ok(publisher.lines.some(l => l.includes(`"peerId":"${child.peerId}"`) && /lost; (resuming from the host|\S+ relays it)/.test(l)), 'the child asked for a new parent')
    for (const node of fleet.nodes.filter(n => n.peerId !== relay.peerId)) {
      assert.equal(await sha256File(join(node.dataDir, 'current', 'app-v2.bin')), pkg.sha256)
    }
  })
})
