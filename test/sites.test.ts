import assert from 'node:assert/strict'
import { readFile, readlink } from 'node:fs/promises'
import { join } from 'node:path'
import { runCascade } from '../src/harness/cascade-process.js'
import { MiB, waitFor } from './helpers.js'
import { randomPackage } from './fleet.js'
import { publishTo, startHierarchy } from './sites-fleet.js'
import type { Hierarchy } from './sites-fleet.js'

const SIZE = 1 * MiB

/** The release a node runs, from its data dir: the slot its `current` link points at. */
async function installedVersion (dataDir: string): Promise<string> {
  return (await readlink(join(dataDir, 'current'))).split('/').pop() ?? ''
}

describe('sites: hierarchical update hosts, end to end with real processes', function () {
  this.timeout(180_000)
  let h: Hierarchy

  before(async () => {
    h = await startHierarchy(2, [3, 3])
  })

  after(async () => {
    await h?.stop()
  })

  it('one publish at the root reaches every eligible node at every level; a site\'s rule refuses one node, named as refused by that site', async () => {
    const [a, b] = h.sites
    // site b admits only its nodes 0 and 1
    const group = await h.cli(b, 'group', 'add', 'ok', '--member', b.nodes[0].peerId, '--member', b.nodes[1].peerId)
    assert.equal(group.code, 0, group.stderr)
    assert.equal((await h.cli(b, 'rule', 'add', '--group', 'ok', '--package', '*')).code, 0)
    const pkg = await randomPackage(h.dir, 'app-v2.bin', SIZE)
    const published = await publishTo(h.root, pkg.path, 'v2')
    assert.equal(published.code, 0, published.stderr)
    const summary = published.summary
    assert.equal(summary.success, true, JSON.stringify(summary))
    const byPeer = new Map<string, any>(summary.nodes.map((node: any) => [node.peerId, node]))
    for (const peer of [...h.root.nodes.map(n => n.peerId), a.peerId, b.peerId]) {
      assert.equal(byPeer.get(peer)?.state, 'done', peer)
      assert.ok(byPeer.get(peer)?.site == null || byPeer.get(peer)?.site === '', peer)
    }
    for (const node of [...a.nodes, ...b.nodes.slice(0, 2)]) {
      const entry = byPeer.get(node.peerId)
      assert.equal(entry?.state, 'done', JSON.stringify(entry))
      assert.equal(entry?.site, a.nodes.includes(node) ? a.peerId : b.peerId)
    }
    const refused = byPeer.get(b.nodes[2].peerId)
    assert.equal(refused?.refusedBySite, true, JSON.stringify(refused))
    assert.match(refused.reason, new RegExp(`^refused by site ${b.peerId}`))
    // the root's upload stays below (children + 0.5) × S
    assert.ok(summary.hostBytesSent < (summary.hostChildren + 0.5) * SIZE, `root sent ${summary.hostBytesSent} with ${summary.hostChildren} children`)
    // each site served its members from its own store, under the root's deployment id
    for (const site of [a, b]) {
      const deployments = JSON.parse((await h.cli(site, 'deployments', '--json')).stdout)
      const forwarded = deployments.find((d: any) => d.id === summary.deploymentId)
      assert.equal(forwarded?.state, 'succeeded', JSON.stringify(deployments))
      assert.ok(forwarded.hostBytesSent >= SIZE, JSON.stringify(forwarded))
    }
    for (const node of [...h.root.nodes, ...a.nodes, ...b.nodes.slice(0, 2)]) {
      assert.equal(await installedVersion(node.dataDir), 'v2', node.dataDir)
    }
    assert.equal(await installedVersion(b.nodes[2].dataDir), 'v1')
    // the site keeps the release it received, and reports it as its version
    const kept = JSON.parse(await readFile(join(h.dir, 'site-0', 'site-releases.json'), 'utf8'))
    assert.deepEqual(kept.map((r: any) => r.version), ['v2'])
    await waitFor(async () => (await h.root.status()).members.find(m => m.peerId === a.peerId)?.version === 'v2', 10_000, 'site a on v2')
    // the root's status --tree shows each site as a level, its members per version and state
    const tree = JSON.parse((await h.cli(h.root, 'status', '--tree', '--json')).stdout)
    const levels = new Map<string, any>(tree.sites.map((site: any) => [site.peerId, site]))
    assert.deepEqual(levels.get(a.peerId)?.versions, { v2: 3 }, JSON.stringify(tree.sites))
    assert.equal(levels.get(b.peerId)?.members, 3)
    assert.equal(levels.get(b.peerId)?.states.done, 2)
    assert.equal(levels.get(b.peerId)?.states['refused by the site'], 1)
    const text = (await h.cli(h.root, 'status', '--tree')).stdout
    assert.match(text, /2 own members \(v2 2\), 2 sites/)
    assert.match(text, new RegExp(`site ${b.peerId} \\(online\\): 3 members; versions: v2 2`))
  })

  it('a site admin\'s publish reaches that site\'s nodes only', async () => {
    const [a, b] = h.sites
    const pkg = await randomPackage(h.dir, 'app-v3.bin', SIZE)
    const published = await publishTo(a, pkg.path, 'v3')
    assert.equal(published.code, 0, published.stderr)
    assert.deepEqual(published.summary.nodes.map((n: any) => n.peerId).sort(), a.nodes.map(n => n.peerId).sort())
    for (const node of a.nodes) {
      assert.equal(await installedVersion(node.dataDir), 'v3')
    }
    for (const node of [...h.root.nodes, ...b.nodes.slice(0, 2)]) {
      assert.equal(await installedVersion(node.dataDir), 'v2')
    }
  })

  it('refuses, with a clear reason and changing nothing: a non-admin on a site\'s admin API, and a site admin publishing upward', async () => {
    const [a] = h.sites
    // the root's admin is no admin of the site
    const foreign = await runCascade(['group', 'add', 'x', '--match', 'index=0', '--host', a.addr, '--key', h.root.keyFile])
    assert.equal(foreign.code, 1)
    assert.match(foreign.stderr, /not an authorized admin/)
    assert.doesNotMatch((await h.cli(a, 'group', 'list')).stdout, /\bx\b/)
    // the site's admin cannot publish to its parent
    const pkg = await randomPackage(h.dir, 'app-v9.bin', 64 * 1024)
    const upward = await publishTo(h.root, pkg.path, 'v9', a.keyFile)
    assert.equal(upward.code, 1)
    assert.match(upward.stderr, /not an authorized admin/)
    assert.doesNotMatch((await h.cli(h.root, 'deployments')).stdout, /\bv9\b/)
  })

  it('a revoked site is disconnected, refused when it re-joins, and gets nothing more', async () => {
    const [a, b] = h.sites
    const revoked = await h.cli(h.root, 'member', 'site', '--revoke', a.peerId)
    assert.equal(revoked.code, 0, revoked.stderr)
    assert.match(revoked.stdout, /revoked/)
    await a.process.waitForLine(/the parent refused: site \S+ was revoked/)
    const again = await h.cli(h.root, 'member', 'site', '--revoke', a.peerId)
    assert.equal(again.code, 1)
    assert.match(again.stderr, /is not a site of this host/)
    const audit = JSON.parse((await h.cli(h.root, 'audit', '--json')).stdout)
    assert.ok(audit.some((e: any) => e.action === 'site-revoke' && e.detail.includes(a.peerId)), JSON.stringify(audit))
    const pkg = await randomPackage(h.dir, 'app-v4.bin', SIZE)
    const published = await publishTo(h.root, pkg.path, 'v4')
    assert.equal(published.code, 0, published.stderr)
    const peers = published.summary.nodes.map((n: any) => n.peerId)
    assert.ok(!peers.includes(a.peerId), JSON.stringify(peers))
    for (const node of a.nodes) {
      assert.ok(!peers.includes(node.peerId))
      assert.equal(await installedVersion(node.dataDir), 'v3')
    }
    for (const node of [...h.root.nodes, ...b.nodes.slice(0, 2)]) {
      assert.equal(await installedVersion(node.dataDir), 'v4')
    }
  })
})
