import assert from 'node:assert/strict'
import { readlink } from 'node:fs/promises'
import { join } from 'node:path'
import { MiB } from './helpers.js'
import { randomPackage } from './fleet.js'
import { publishTo, startHierarchy } from './sites-fleet.js'
import type { Hierarchy } from './sites-fleet.js'

describe('sites: a three-level hierarchy, end to end with real processes', function () {
  this.timeout(120_000)
  let h: Hierarchy | undefined

  after(async () => {
    await h?.stop()
  })

  it('root → region → site: one publish at the root reaches the deepest nodes, each named with its own site', async () => {
    // site 0 is a region under the root, site 1 a site under the region
    h = await startHierarchy(1, [1, 2], [undefined, 0])
    const [region, site] = h.sites
    const pkg = await randomPackage(h.dir, 'app-v2.bin', 1 * MiB)
    const published = await publishTo(h.root, pkg.path, 'v2')
    assert.equal(published.code, 0, `${published.stderr}\n${JSON.stringify(published.summary)}`)
    const byPeer = new Map<string, any>(published.summary.nodes.map((node: any) => [node.peerId, node]))
    assert.equal(byPeer.get(region.peerId)?.state, 'done')
    assert.equal(byPeer.get(region.nodes[0].peerId)?.site, region.peerId)
    assert.equal(byPeer.get(site.peerId)?.site, region.peerId)
    for (const node of site.nodes) {
      assert.equal(byPeer.get(node.peerId)?.state, 'done', JSON.stringify(published.summary.nodes))
      assert.equal(byPeer.get(node.peerId)?.site, site.peerId)
      assert.equal((await readlink(join(node.dataDir, 'current'))).split('/').pop(), 'v2')
    }
    // the root's tree: the site as a level under the region
    const tree = JSON.parse((await h.cli(h.root, 'status', '--tree', '--json')).stdout)
    assert.deepEqual(tree.sites.map((s: any) => [s.peerId, s.parent]), [[region.peerId, ''], [site.peerId, region.peerId]])
  })
})
