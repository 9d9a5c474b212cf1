import assert from 'node:assert/strict'
import { MiB } from './helpers.js'
import { publishJson, randomPackage, startFleet } from './fleet.js'
import type { Fleet } from './fleet.js'

/** An install that outlasts the host's stall timeout is not taken for a dead node. */
describe('an install longer than the stall timeout', function () {
  let fleet: Fleet | undefined

  after(async () => {
    await fleet?.stop()
  })

  it('ends done: the node keeps reporting while it installs', async () => {
    fleet = await startFleet({
      hostArgs: ['--stall-timeout', '2000', '--max-attempts', '1'],
      nodes: [{ cap: '8MiB/s', extra: ['--app', 'exec sleep 600', '--health-grace', '5000'] }]
    })
    const pkg = await randomPackage(fleet.dir, 'app.bin', 1 * MiB)
    const { code, summary, stderr } = await publishJson(fleet, pkg.path, 'v2')
    assert.equal(code, 0, stderr)
    assert.equal(summary.nodes[0].state, 'done', summary.nodes[0].reason)
  })
})
