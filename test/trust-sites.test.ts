import assert from 'node:assert/strict'
import { startHierarchy } from './sites-fleet.js'
import type { Hierarchy } from './sites-fleet.js'

/**
 * A device revoked at the root is refused at the site it belongs to: the
 * root sends its revocation list down to its sites (docs/enrollment.md).
 */
describe('revocation down the hierarchy', function () {
  this.timeout(120_000)
  let hierarchy: Hierarchy

  before(async () => {
    hierarchy = await startHierarchy(0, [1])
  })

  after(async () => {
    await hierarchy?.stop()
  })

  it('a node revoked at the root is disconnected by its site and its joins there are refused', async () => {
    const [site] = hierarchy.sites
    const node = site.nodes[0]
    const revoked = await hierarchy.cli(hierarchy.root, 'member', 'remove', '--revoke', node.peerId)
    assert.equal(revoked.code, 0, revoked.stderr)
    assert.match(revoked.stdout, /was not a member; revoked/)
    assert.equal((await node.process.exited).code, 2)
    assert.match(node.process.lines.join('\n'), new RegExp(`the host refused this node: revoked by parent ${hierarchy.root.peerId}: this peer may not join`))
    const audit = await hierarchy.cli(site, 'audit', '--json')
    assert.match(audit.stdout, /member-revoke/)
  })
})
