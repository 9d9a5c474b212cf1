import assert from 'node:assert/strict'
import { join } from 'node:path'
import { MiB } from './helpers.js'
import { publishJson, randomPackage, sha256File, startFleet } from './fleet.js'
import type { Fleet } from './fleet.js'

describe('the endgame from members (docs/update-flow.md, "Endgame")', function () {
  this.timeout(180_000)
  let fleet: Fleet | undefined

  afterEach(async () => {
    await fleet?.stop()
    fleet = undefined
  })

  it('a member done with its own share sends a node held back by a slow relay what it lacks, last chunk first', async () => {
    // one tree, one child each: a chain from the host in speed order (n0 → n1 → n2 → n3). After 16 chunks
    // n1's uplink falls to about half the stream rate (above the quarter at which it would be stopped as
    // slow), so n0 is done and idle long before n2 and n3; the host asks it to finish one of them
    fleet = await startFleet({
      nodes: [{ cap: '8MiB/s' }, { cap: '6MiB/s', fault: 'slow-relay=16:800000' }, { cap: '4MiB/s' }, { cap: '4MiB/s' }],
      hostArgs: ['--upload-limit', '2MiB/s', '--max-fanout', '1'],
      hostEnv: { DEBUG: 'cascade:host:deployment:push' }
    })
    const pkg = await randomPackage(fleet.dir, 'app-v2.bin', 12 * MiB)
    const { code, events, summary } = await publishJson(fleet, pkg.path, 'v2', ['--stripes', '1'])
    assert.equal(code, 0, JSON.stringify(summary?.nodes))
    assert.ok(summary.nodes.every((n: any) => n.state === 'done'), JSON.stringify(summary.nodes))
    const plan = events.find(e => e.event === 'plan')
    const slow = fleet.nodes[1].peerId
    const children = (peerId: string): number => plan.nodes.filter((n: any) => n.parent === peerId).length
    assert.ok(children(slow) > 0, `the slowed node relays: ${JSON.stringify(plan.nodes)}`)

    // the host's account of what it asked (its debug log)
    const asked = fleet.host.lines
      .map(line => / asked (\S+) to relay the package to (\S+), last chunk first \(an endgame\)/.exec(line))
      .filter(match => match != null)
      .map(match => ({ helper: match[1], target: match[2] }))
    assert.ok(asked.length > 0, `no member was asked for an endgame: ${fleet.host.lines.filter(l => /asked|endgame/.test(l)).join('\n')}`)
    const byId = new Map(summary.nodes.map((n: any) => [n.peerId, n]))
    for (const { helper, target } of asked) {
      assert.notEqual(helper, slow, 'the slow relay, still relaying, is not asked')
      assert.notEqual(helper, target)
    }
    // a member asked sent more than its own children's packages: the endgame's bytes
    assert.ok(asked.some(({ helper }) => (byId.get(helper) as any).bytesSent > children(helper) * summary.packageSize),
      `bytes sent: ${summary.nodes.map((n: any) => `${n.peerId.slice(-6)} ${n.bytesSent} (${children(n.peerId)} children)`).join(', ')}`)
    // each chunk once, but for what was in flight when the endgame met the parent's push
    const received = summary.nodes.reduce((sum: number, n: any) => sum + n.bytesReceived + n.bytesDuplicate, 0)
    const duplicate = summary.nodes.reduce((sum: number, n: any) => sum + n.bytesDuplicate, 0)
    assert.ok(duplicate <= 0.02 * received, `duplicate bytes ${duplicate} of ${received}`)
    for (const node of fleet.nodes) {
      assert.equal(await sha256File(join(node.dataDir, 'current', 'app-v2.bin')), pkg.sha256)
    }
  })
})
