import assert from 'node:assert/strict'
import { join } from 'node:path'
import { CascadeProcess, runCascade } from '../src/harness/cascade-process.js'
import { adminKey, MiB } from './helpers.js'
import { publishJson, randomPackage, sha256File, startFleet } from './fleet.js'
import type { Fleet } from './fleet.js'

/** The release a node runs: the package, placed in releases/<version>/ behind `current`. */
function installedFile (fleet: Fleet, node: number, fileName: string): string {
  return join(fleet.nodes[node].dataDir, 'current', fileName)
}

describe('update flow, end to end with real processes', function () {
  describe('a fleet of 8 nodes with heterogeneous caps', function () {
    let fleet: Fleet
    const caps = ['16MiB/s', '8MiB/s', '8MiB/s', '4MiB/s', '4MiB/s', '2MiB/s', '2MiB/s', '1MiB/s']

    before(async () => {
      fleet = await startFleet({ nodes: caps.map(cap => ({ cap })), hostArgs: ['--upload-limit', '4MiB/s'] })
    })

    after(async () => { await fleet?.stop() })

    it('publishes v2: every node runs it, through a relay tree that spares the host', async () => {
      const pkg = await randomPackage(fleet.dir, 'app-v2.bin', 4 * MiB)
      const { code, events, summary, stderr } = await publishJson(fleet, pkg.path, 'v2')
      assert.equal(code, 0, stderr)
      const plan = events.find(e => e.event === 'plan')
      assert.equal(plan.nodes.length, 8)
      // the order the host announced is fastest first
      const uploads = plan.nodes.map((n: any) => n.uploadBps)
      assert.deepEqual(uploads, [...uploads].sort((a: number, b: number) => b - a))
      assert.ok(plan.nodes.some((n: any) => n.parent !== ''), 'some nodes relay')

      assert.equal(summary.success, true)
      assert.ok(summary.nodes.every((n: any) => n.state === 'done' && n.version === 'v2'))
      // the host's children in any stripe (the plan may stripe the package: docs/striping.md)
      const hostChildren = plan.nodes.filter((n: any) => n.parent === '' || n.stripeParents.includes('')).length
      assert.equal(summary.hostChildren, hostChildren)
      assert.ok(summary.hostBytesSent <= (hostChildren + 0.5) * summary.packageSize,
        `host sent ${summary.hostBytesSent / summary.packageSize} packages with ${hostChildren} children`)
      const relayed = summary.nodes.reduce((sum: number, n: any) => sum + n.bytesSent, 0)
      assert.ok(relayed >= (8 - hostChildren) * summary.packageSize, 'relays carried the rest')

      for (let i = 0; i < fleet.nodes.length; i++) {
        assert.equal(await sha256File(installedFile(fleet, i, 'app-v2.bin')), pkg.sha256)
      }
      const status = await fleet.status()
      assert.ok(status.members.every(m => m.version === 'v2' && m.online))
    })

    it('refuses a version that is not newer than what the fleet runs', async () => {
      const pkg = await randomPackage(fleet.dir, 'app-v2-again.bin', 64 * 1024)
      const result = await runCascade(['publish', '--host', fleet.hostAddr, '--key', fleet.keyFile, '--version', 'v2', pkg.path])
      assert.notEqual(result.code, 0)
      assert.match(result.stderr, /not newer than v2/)
    })

    it('refuses a publisher the host has not authorized', async () => {
      const stranger = join(fleet.dir, 'stranger.key')
      await adminKey(stranger)
      const pkg = await randomPackage(fleet.dir, 'app-v9.bin', 64 * 1024)
      const result = await runCascade(['publish', '--host', fleet.hostAddr, '--key', stranger, '--version', 'v9', pkg.path])
      assert.notEqual(result.code, 0)
      assert.match(result.stderr, /not an authorized admin/)
      const status = await fleet.status()
      assert.ok(status.members.every(m => m.version === 'v2'))
    })
  })

  describe('hostile relay and bad receive', function () {
    let fleet: Fleet
    let deployment: { events: any[], summary: any }

    before(async () => {
      // a chain (fan-out 1): host → corrupting relay (fastest) → … so the relay has a child
      fleet = await startFleet({
        nodes: [
          { cap: '32MiB/s', fault: 'corrupt-relay=1' },
          { cap: '8MiB/s' },
          { cap: '4MiB/s', fault: 'corrupt-stored' },
          { cap: '2MiB/s' }
        ],
        hostArgs: ['--max-fanout', '1', '--upload-limit', '8MiB/s']
      })
    })

    after(async () => { await fleet?.stop() })

    it('catches a corrupt chunk at the first hop, never installs it, and the relay\'s children still finish', async () => {
      const pkg = await randomPackage(fleet.dir, 'app-v2.bin', 2 * MiB)
      // one tree, so the relay's child gets chunk 1 from it (striped relays are in stripes-flow.test.ts)
      const { code, events, summary, stderr } = await publishJson(fleet, pkg.path, 'v2', ['--stripes', '1'])
      deployment = { events, summary }
      assert.equal(code, 0, stderr)
      const relay = fleet.nodes[0].peerId
      const plan = events.find(e => e.event === 'plan')
      const victim = plan.nodes.find((n: any) => n.parent === relay)
      assert.ok(victim != null, 'the corrupting relay had a child')
      const caught = events.filter(e => e.event === 'progress' && /bad chunk 1 from/.test(e.reason))
      assert.ok(caught.some(e => e.peerId === victim.peerId && e.reason.includes(relay)), 'its child caught the bad chunk')
      assert.equal(summary.success, true)
      for (let i = 0; i < fleet.nodes.length; i++) {
        assert.equal(await sha256File(installedFile(fleet, i, 'app-v2.bin')), pkg.sha256, `node ${i} installed exactly the package`)
      }
    })

    it('resends to a node that reports a bad receive', async function () {
      if (deployment == null) {
        this.skip()
      }
      // node 2 flipped a byte of its stored package once: the whole-package check failed
      const victim = fleet.nodes[2].peerId
      const reported = deployment.events.filter(e => e.event === 'progress' && e.peerId === victim && /failed verification/.test(e.reason))
      assert.ok(reported.length > 0, 'the node reported the bad receive')
      const final = deployment.summary.nodes.find((n: any) => n.peerId === victim)
      assert.equal(final.state, 'done')
      assert.equal(await sha256File(installedFile(fleet, 2, 'app-v2.bin')), await sha256File(join(fleet.dir, 'app-v2.bin')))
    })
  })

  describe('cut-through', function () {
    let fleet: Fleet

    before(async () => {
      fleet = await startFleet({
        nodes: [{ cap: '4MiB/s' }, { cap: '4MiB/s' }, { cap: '4MiB/s' }],
        hostArgs: ['--max-fanout', '1', '--upload-limit', '4MiB/s']
      })
    })

    after(async () => { await fleet?.stop() })

    it('through a chain of 3 relays at the same rate, the last node finishes in less than 1.5× the single-hop time', async () => {
      const pkg = await randomPackage(fleet.dir, 'app-v2.bin', 8 * MiB)
      const { code, events, summary, stderr } = await publishJson(fleet, pkg.path, 'v2', ['--stripes', '1'])
      assert.equal(code, 0, stderr)
      const plan = events.find(e => e.event === 'plan')
      assert.equal(plan.depth, 3, 'a chain')
      const verifiedAt = new Map<string, number>()
      for (const e of events) {
        if (e.event === 'progress' && e.state === 'verified' && !verifiedAt.has(e.peerId)) {
          verifiedAt.set(e.peerId, e.at)
        }
      }
      const byDepth = [...plan.nodes].sort((a: any, b: any) => a.depth - b.depth)
      const first = verifiedAt.get(byDepth[0].peerId)! - summary.startedAt
      const last = verifiedAt.get(byDepth[2].peerId)! - summary.startedAt
      console.log(`      single hop ${first} ms, third hop ${last} ms (${(last / first).toFixed(2)}×)`)
      assert.ok(last < 1.5 * first, `third hop took ${last} ms against ${first} ms for one hop`)
    })
  })
})

describe('a stalled node', function () {
  let fleet: Fleet

  before(async () => {
    fleet = await startFleet({
      nodes: [{ cap: '16MiB/s' }, { cap: '2MiB/s' }, { cap: '2MiB/s' }],
      hostArgs: ['--max-fanout', '1', '--upload-limit', '2MiB/s', '--stall-timeout', '2000', '--max-attempts', '2']
    })
  })

  after(async () => {
    for (const node of fleet?.nodes ?? []) {
      if (node.process.running) process.kill(node.process.pid, 'SIGCONT')
    }
    await fleet?.stop()
  })

  it('is retried up to the limit, then named as failed, and nobody else waits for it', async () => {
    const pkg = await randomPackage(fleet.dir, 'app-v2.bin', 4 * MiB)
    const publisher = new CascadeProcess('publish', ['publish', '--host', fleet.hostAddr, '--key', fleet.keyFile, '--version', 'v2', '--json', pkg.path])
    const [planLine] = await publisher.waitForLine(/^{"event":"plan".*$/)
    const plan = JSON.parse(planLine)
    // freeze the relay nearest the host once it has started receiving: it stops reading, never answers
    const frozen = plan.nodes.find((n: any) => n.parent === '')
    await publisher.waitForLine(new RegExp(`"event":"progress","peerId":"${frozen.peerId}","state":"receiving"`))
    const frozenProcess = fleet.nodes.find(n => n.peerId === frozen.peerId)!.process
    process.kill(frozenProcess.pid, 'SIGSTOP')

    const { code } = await publisher.exited
    const summary = JSON.parse(publisher.lines.find(line => line.includes('"event":"summary"'))!)
    assert.equal(code, 1, 'publish exits non-zero when a node could not update')
    const failed = summary.nodes.filter((n: any) => n.state === 'failed')
    assert.deepEqual(failed.map((n: any) => n.peerId), [frozen.peerId])
    assert.match(failed[0].reason, /no progress .* gave up after 2 attempts/)
    assert.ok(summary.nodes.filter((n: any) => n.peerId !== frozen.peerId).every((n: any) => n.state === 'done'), 'its children were served by someone else')
    process.kill(frozenProcess.pid, 'SIGCONT')
  })
})

describe('a node that refuses the host\'s first push (as when the notice of the deployment was lost)', function () {
  let fleet: Fleet

  before(async () => {
    fleet = await startFleet({
      // one node, so that the push it refuses is the host's own (a relay's refused push is not retried: docs/reliability.md, row 9)
      nodes: [{ cap: '8MiB/s', fault: 'refuse-first-push', env: { DEBUG: 'cascade:node:push' } }],
      // one attempt, and a stall watchdog far off: only the host's retry of a push that failed before its first chunk can serve it
      hostArgs: ['--upload-limit', '8MiB/s', '--max-attempts', '1', '--stall-timeout', '300000']
    })
  })

  after(async () => { await fleet?.stop() })

  it('is pushed to again within seconds, its notice sent again, and updates', async () => {
    const pkg = await randomPackage(fleet.dir, 'app-v2.bin', 1 * MiB)
    const started = Date.now()
    const { code, summary, stderr } = await publishJson(fleet, pkg.path, 'v2')
    assert.equal(code, 0, stderr)
    assert.ok(summary.nodes.every((n: any) => n.state === 'done' && n.version === 'v2'))
    // the fault fired: the first push was refused as one the host never announced
    assert.ok(fleet.nodes[0].process.lines.some(line => /refused a push from \S+: deployment \S+ was not started by our host/.test(line)), 'the first push was refused')
    assert.ok(Date.now() - started < 120_000)
    assert.equal(await sha256File(join(fleet.nodes[0].dataDir, 'current', 'app-v2.bin')), pkg.sha256)
  })
})

describe('a node that refuses its relay\'s first push', function () {
  let fleet: Fleet

  before(async () => {
    fleet = await startFleet({
      // the host feeds the faster node only (--max-fanout 1), which relays to the slower one: the refused push is the relay's
      nodes: [{ cap: '8MiB/s', env: { DEBUG: 'cascade:push' } }, { cap: '2MiB/s', fault: 'refuse-first-push', env: { DEBUG: 'cascade:node:push' } }],
      // one attempt, and a stall watchdog far off: only the relay's retry of a push refused before its first chunk can serve it
      hostArgs: ['--upload-limit', '8MiB/s', '--max-fanout', '1', '--max-attempts', '1', '--stall-timeout', '300000']
    })
  })

  after(async () => { await fleet?.stop() })

  it('is pushed to again by its relay within seconds (src/node/relay/early-retry.ts), and updates', async () => {
    const pkg = await randomPackage(fleet.dir, 'app-v2.bin', 1 * MiB)
    const { code, events, summary, stderr } = await publishJson(fleet, pkg.path, 'v2', ['--stripes', '1'])
    assert.equal(code, 0, stderr)
    const [relay, child] = fleet.nodes
    const planned = events.find(e => e.event === 'plan').nodes.find((n: any) => n.peerId === child.peerId)
    assert.equal(planned.parent, relay.peerId, 'the slower node is the relay\'s child')
    assert.ok(summary.nodes.every((n: any) => n.state === 'done' && n.version === 'v2'))
    // the fault fired on the relay's push, and the relay tried again
    assert.ok(child.process.lines.some(line => /refused a push from \S+: deployment \S+ was not started by our host/.test(line)), 'the first push was refused')
    assert.ok(relay.process.lines.some(line => line.includes(`${child.peerId} refused our push before its first chunk; trying again`)), 'the relay tried again')
    assert.equal(await sha256File(join(child.dataDir, 'current', 'app-v2.bin')), pkg.sha256)
  })
})
