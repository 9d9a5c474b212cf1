import assert from 'node:assert/strict'
import { MiB } from './helpers.js'
import { publishJson, randomPackage, startFleet } from './fleet.js'
import type { Fleet } from './fleet.js'

/** When each node first reported a state. */
function firstAt (events: any[], state: string): Map<string, number> {
  const at = new Map<string, number>()
  for (const e of events) {
    if (e.event === 'progress' && e.state === state && !at.has(e.peerId)) {
      at.set(e.peerId, e.at)
    }
  }
  return at
}

describe('baseline strategies, for comparison', function () {
  let fleet: Fleet

  before(async () => {
    fleet = await startFleet({ nodes: [{ cap: '8MiB/s' }, { cap: '8MiB/s' }, { cap: '8MiB/s' }, { cap: '8MiB/s' }], hostArgs: ['--upload-limit', '8MiB/s'] })
  })

  after(async () => { await fleet?.stop() })

  it('star: the host sends to every node itself', async () => {
    const pkg = await randomPackage(fleet.dir, 'app.bin', 1 * MiB)
    const { code, events, summary } = await publishJson(fleet, pkg.path, 'v2', ['--strategy', 'star'])
    assert.equal(code, 0)
    const plan = events.find(e => e.event === 'plan')
    assert.ok(plan.nodes.every((n: any) => n.parent === ''))
    assert.equal(summary.hostBytesSent, 4 * summary.packageSize)
  })

  it('binary-saf: a binary tree in join order, each relay forwarding only the whole, verified package', async () => {
    const pkg = await randomPackage(fleet.dir, 'app.bin', 2 * MiB)
    const { code, events } = await publishJson(fleet, pkg.path, 'v3', ['--strategy', 'binary-saf'])
    assert.equal(code, 0)
    const plan = events.find(e => e.event === 'plan')
    const children = (parent: string): number => plan.nodes.filter((n: any) => n.parent === parent).length
    assert.equal(children(''), 2)
    assert.ok(plan.nodes.every((n: any) => children(n.peerId) <= 2))
    const verified = firstAt(events, 'verified')
    const receiving = firstAt(events, 'receiving')
    for (const node of plan.nodes.filter((n: any) => n.parent !== '')) {
      // store-and-forward: a child gets its first byte only after its parent verified the whole package
      assert.ok(receiving.get(node.peerId)! >= verified.get(node.parent)! - 50, `${node.peerId} started before its parent finished`)
    }
  })
})
