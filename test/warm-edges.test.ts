import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { planWave } from '../src/node/host/deployment/plan-adapter.js'
import { WARM_DELAY_MS, WARM_PACKAGE_SIZE, WarmEdges } from '../src/node/host/warm-edges.js'
import { chooseChunkSize } from '../src/node/package/index.js'
import { createUploadLimiter } from '../src/node/upload-limiter.js'
import { MiB, waitFor } from './helpers.js'
import { publishJson, randomPackage, startFleet } from './fleet.js'
import { TESTBED_N16_HOST_UPLOAD, TESTBED_N16_UPLOADS, TESTBED_N32_HOST_UPLOAD, TESTBED_N32_UPLOADS, TESTBED_N8_HOST_UPLOAD, TESTBED_N8_UPLOADS } from './testbed-probes-fixtures.js'
import type { MemberRecord } from '../src/node/host/database.js'
import type { HostMessage } from '../src/protocols/join/index.js'
import type { WarmEdgesComponents } from '../src/node/host/warm-edges.js'
import type { Fleet } from './fleet.js'

/** n members on 198.18.0.k, the fastest first; measured unless `measuredAt` is 0. */
function fleet (uploads: readonly number[], hostUpload: number, measuredAt = 1): MemberRecord[] {
  return uploads.map((uploadBps, i) => {
    const peerId = `n${i}`
    return { peerId, addrs: [`/ip4/198.18.0.${i + 2}/tcp/4001`], labels: {}, version: '', uploadLimit: 0, uploadBps, downloadBps: hostUpload, rttMs: 10, firstSeen: 0, lastSeen: 0, measuredAt, reachability: 'public', observedIp: `198.18.0.${i + 2}` }
  })
}

interface Harness {
  warm: WarmEdges
  sent: Array<{ to: string, message: HostMessage }>
  state: { probing: boolean, running: boolean, online: Set<string> }
}

function harness (members: MemberRecord[], hostUpload: number): Harness {
  const sent: Harness['sent'] = []
  const state = { probing: false, running: false, online: new Set(members.map(m => m.peerId)) }
  const components: WarmEdgesComponents = {
    database: { listMembers: () => members, getMember: (id: string) => members.find(m => m.peerId === id) } as any,
    channels: { send: (to: string, message: HostMessage) => { sent.push({ to, message }) }, has: (id: string) => state.online.has(id) } as any,
    limiter: createUploadLimiter(hostUpload),
    config: {} as any,
    deployments: { get running () { return state.running ? {} as any : undefined }, active: undefined },
    probing: () => state.probing
  }
  return { warm: new WarmEdges(components), sent, state }
}

/** The edges a publish of `size` bytes would plan, `parent>child`, the host's own left out. */
function plannedEdges (members: MemberRecord[], hostUpload: number, size: number): Set<string> {
  const targets = new Map(members.map(m => [m.peerId, m]))
  const plan = planWave(targets, [...targets.keys()], { hostUpload, maxFanout: 4, size, chunkSize: chooseChunkSize(size), strategy: 'tree', singleTree: false, exclude: new Set() })
  // the trees' edges, and each split stripe-child's helper's (src/tree/split.ts)
  return new Set(plan.stripes.flatMap(tree => [
    ...[...tree.parentOf].filter(([, parent]) => parent != null).map(([child, parent]) => `${parent}>${child}`),
    ...[...tree.helpers ?? []].map(([child, { helper }]) => `${helper}>${child}`)
  ]))
}

function askedEdges (sent: Harness['sent']): string[] {
  return sent.map(({ to, message }) => `${to}>${message.connect?.peerId ?? '?'}`)
}

const settle = async (): Promise<void> => { await sleep(WARM_DELAY_MS + 100) }

describe('warm edges: the tree a publish would plan is connected before the publish (src/node/host/warm-edges.ts)', () => {
  it('asks each edge of the plan a publish would make once, on the recorded testbed probes at N = 8, 16 and 32', async () => {
    for (const [host, uploads] of [[TESTBED_N8_HOST_UPLOAD, TESTBED_N8_UPLOADS], [TESTBED_N16_HOST_UPLOAD, TESTBED_N16_UPLOADS], [TESTBED_N32_HOST_UPLOAD, TESTBED_N32_UPLOADS]] as const) {
      const members = fleet(uploads, host)
      const { warm, sent } = harness(members, host)
      warm.schedule()
      await settle()
      // the package of the testbed's runs: 16 MiB
      const planned = plannedEdges(members, host, 16 * 2 ** 20)
      const asked = askedEdges(sent)
      assert.deepEqual(new Set(asked), planned, `N = ${uploads.length}`)
      assert.equal(asked.length, planned.size, 'each edge once')
      assert.ok(sent.every(({ message }) => message.connect?.addrs.length === 1))
      // nothing changed: nothing more is asked
      warm.schedule()
      await settle()
      assert.equal(sent.length, planned.size)
      warm.stop()
    }
  })

  it('plans the same edges for every package from 16 MiB up, which is why a fleet without a package warms for 64 MiB', () => {
    for (const [host, uploads] of [[TESTBED_N8_HOST_UPLOAD, TESTBED_N8_UPLOADS], [TESTBED_N16_HOST_UPLOAD, TESTBED_N16_UPLOADS], [TESTBED_N32_HOST_UPLOAD, TESTBED_N32_UPLOADS]] as const) {
      const members = fleet(uploads, host)
      const warmed = plannedEdges(members, host, WARM_PACKAGE_SIZE)
      for (const mib of [16, 256, 4096]) {
        assert.deepEqual(plannedEdges(members, host, mib * 2 ** 20), warmed, `N = ${uploads.length}, ${mib} MiB`)
      }
    }
  })

  it('waits while a probe runs, and asks nothing while a rollout runs', async () => {
    const members = fleet(TESTBED_N8_UPLOADS, TESTBED_N8_HOST_UPLOAD)
    const { warm, sent, state } = harness(members, TESTBED_N8_HOST_UPLOAD)
    state.probing = true
    warm.schedule()
    await settle()
    assert.equal(sent.length, 0, 'not while the host measures a member')
    state.probing = false
    await settle()
    assert.ok(sent.length > 0, 'once the probe is done')
    const first = sent.length
    state.running = true
    warm.forget('n0')
    await settle()
    assert.equal(sent.length, first, 'a rollout dials its own tree')
    warm.stop()
  })

  it('asks again for the edges of a member that re-joined, and plans only members online and measured', async () => {
    const members = fleet(TESTBED_N8_UPLOADS, TESTBED_N8_HOST_UPLOAD)
    const { warm, sent } = harness(members, TESTBED_N8_HOST_UPLOAD)
    warm.schedule()
    await settle()
    const first = askedEdges(sent)
    sent.length = 0
    warm.forget('n2')
    await settle()
    const again = askedEdges(sent)
    assert.ok(again.length > 0)
    assert.deepEqual(new Set(again), new Set(first.filter(edge => edge.split('>').includes('n2'))))
    warm.stop()

    const unmeasured = fleet(TESTBED_N8_UPLOADS, TESTBED_N8_HOST_UPLOAD, 0)
    const other = harness(unmeasured, TESTBED_N8_HOST_UPLOAD)
    other.warm.schedule()
    await settle()
    assert.equal(other.sent.length, 0, 'members not measured yet are planned by the rollout itself')
    other.warm.stop()

    const offline = harness(members, TESTBED_N8_HOST_UPLOAD)
    offline.state.online = new Set(['n0'])
    offline.warm.schedule()
    await settle()
    assert.equal(offline.sent.length, 0, 'one member online: only the host\'s own edge')
    offline.warm.stop()
  })
})

describe('warm edges between real processes', function () {
  let fleet: Fleet | undefined

  afterEach(async () => {
    await fleet?.stop()
    fleet = undefined
  })

  it('a publish finds every relay already connected to its planned children: dialled after the last rollout, before this one', async () => {
    // the nodes say when they open a planned connection, and for which rollout ('' between rollouts)
    const env = { DEBUG: 'cascade:node:dial-planned-peer' }
    fleet = await startFleet({
      nodes: [{ cap: '2MiB/s', env }, { cap: '2MiB/s', env }, { cap: '1MiB/s', env }, { cap: '1MiB/s', env }, { cap: '1MiB/s', env }],
      hostArgs: ['--upload-limit', '2MiB/s']
    })
    const pkg = await randomPackage(fleet.dir, 'app-v2.bin', 2 * MiB)
    const first = await publishJson(fleet, pkg.path, 'v2')
    assert.equal(first.code, 0, JSON.stringify(first.summary?.nodes))
    const nodes = fleet.nodes
    const byPeer = new Map(nodes.map(node => [node.peerId, node]))
    // after the rollout: what each node has opened between rollouts, to whom
    const marks = nodes.map(node => node.process.lines.length)
    const warmed = (relay: string, child: string): boolean => {
      const node = byPeer.get(relay)
      if (node == null) return false
      const since = node.process.lines.slice(marks[nodes.indexOf(node)])
      return since.some(line => line.includes(`connected to our planned peer ${child} `) && line.endsWith('(deployment )'))
    }
    // the plan a publish of the same package makes now, from the host's own planner
    const v3 = await randomPackage(fleet.dir, 'app-v3.bin', 2 * MiB)
    const expected = first.events.find(e => e.event === 'plan')
    assert.ok(expected != null)
    // every node re-joined after its install, and the host asked again for its edges: wait for them to be open
    const edgesOf = (plan: any): Array<[string, string]> => plan.nodes.flatMap((n: any) => (n.stripeParents.length > 0 ? n.stripeParents : [n.parent]).filter((p: string) => p !== '').map((p: string) => [p, n.peerId]))
    await waitFor(() => edgesOf(expected).every(([relay, child]) => warmed(relay, child)), 30_000, 'the planned edges opened between rollouts')
    const before = nodes.map(node => node.process.lines.length)
    const second = await publishJson(fleet, v3.path, 'v3')
    assert.equal(second.code, 0, JSON.stringify(second.summary?.nodes))
    const plan = second.events.find(e => e.event === 'plan')
    const edges = edgesOf(plan)
    assert.ok(edges.length > 0, 'the plan has relays')
    for (const [relay, child] of edges) {
      const node = byPeer.get(relay)
      assert.ok(node != null)
      const opened = node.process.lines.slice(marks[nodes.indexOf(node)], before[nodes.indexOf(node)])
      assert.ok(opened.some(line => line.includes(`connected to our planned peer ${child} `) && line.endsWith('(deployment )')), `${relay} had no connection to its planned child ${child} before the publish`)
    }
  })
})
