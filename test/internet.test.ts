import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { EmulatedInternet } from '../src/bench/internet.js'
import { netnsUnavailable, removeStaleNamespaces } from '../src/bench/netns.js'
import { spawnCascade, writeNetnsWrapper } from '../src/bench/netns-process.js'
import { adminKey, cleanup, MiB, tempDir, waitFor } from './helpers.js'
import type { CascadeProcess } from '../src/harness/cascade-process.js'
import type { InternetSpec } from '../src/bench/internet.js'

/**
 * The fleet across an emulated Internet (docs/internet.md): a host and two
 * public nodes; three homes behind routers, two cone-like (port-preserving)
 * and one symmetric. Real processes in real namespaces, real iptables NAT.
 */
const SPEC: InternetSpec = {
  public: ['host', 'pub0', 'pub1'],
  homes: [
    { kind: 'cone', members: ['a0', 'a1', 'a2'] },
    { kind: 'cone', members: ['b0', 'b1'] },
    { kind: 'symmetric', members: ['c0', 'c1'] }
  ],
  // a slow host and slower homes: the tree has to spare the host
  upload: name => name === 'host' ? 2 * MiB : name.startsWith('pub') ? 3 * MiB : 1 * MiB
}
const PACKAGE_BYTES = 3 * MiB

async function iptablesMissing (): Promise<string | undefined> {
  try {
    await promisify(execFile)('iptables', ['-V'])
    return undefined
  } catch {
    return '`iptables` is missing (the home routers need it)'
  }
}

interface Fleet {
  internet: EmulatedInternet
  dir: string
  wrapper: string
  host: { addr: string, keyFile: string, lines: string[] }
  processes: CascadeProcess[]
  /** `cascade ARGS --host … --key …`, run on the host's machine (its namespace) */
  cli: (...args: string[]) => Promise<string[]>
  peerIds: Map<string, string>
  /** stops a node and starts it again on its data dir: it holds no connection from before */
  restart: (name: string) => Promise<void>
}

async function startFleet (): Promise<Fleet> {
  const internet = await EmulatedInternet.create(SPEC)
  const dir = await tempDir('cascade-internet-')
  const wrapper = await writeNetnsWrapper(dir)
  const processes: CascadeProcess[] = []
  const keyFile = join(dir, 'admin.key')
  const adminId = await adminKey(keyFile)
  const v1 = join(dir, 'v1')
  await mkdir(v1)
  await writeFile(join(v1, 'VERSION'), 'v1\n')
  const where = (name: string): { ns: string, wrapper: string } => ({ ns: internet.member(name).ns, wrapper })
  const listen = (name: string): string => `/ip4/${internet.member(name).address}/tcp/${internet.member(name).port}`
  const hostProcess = spawnCascade('host', ['host', '--data', join(dir, 'host'), '--listen', listen('host'), '--admin', adminId,
    '--probe-duration', '200', '--stall-timeout', '8000'], where('host'))
  processes.push(hostProcess)
  const [, addr] = await hostProcess.waitForLine(/^listening on (\S+)$/)
  const [, token] = await hostProcess.waitForLine(/^join token (\S+)$/)
  const peerIds = new Map<string, string>()
  const names = [...internet.members.keys()].filter(name => name !== 'host')
  const startNode = async (name: string): Promise<CascadeProcess> => {
    const node = spawnCascade(name, ['node', '--data', join(dir, name), '--host', addr, '--join-token', token, '--listen', listen(name),
      '--seed-release', v1, '--seed-version', 'v1'], where(name))
    processes.push(node)
    peerIds.set(name, (await node.waitForLine(/^cascade node (\S+)$/))[1])
    return node
  }
  const nodes = new Map<string, CascadeProcess>()
  await Promise.all(names.map(async name => { nodes.set(name, await startNode(name)) }))
  const restart = async (name: string): Promise<void> => {
    await nodes.get(name)?.stop()
    const node = await startNode(name)
    nodes.set(name, node)
    await node.waitForLine(/joined host/, 60_000)
  }
  const cli = async (...args: string[]): Promise<string[]> => {
    const run = spawnCascade('cli', [...args, '--host', addr, '--key', keyFile], where('host'))
    const { code } = await run.exited
    assert.equal(code, 0, `cascade ${args.join(' ')}: ${run.lines.join('\n')}`)
    return run.lines
  }
  return { internet, dir, wrapper, host: { addr, keyFile, lines: hostProcess.lines }, processes, cli, peerIds, restart }
}

async function stopFleet (fleet: Fleet | undefined): Promise<void> {
  if (fleet == null) return
  await Promise.allSettled(fleet.processes.map(async p => p.stop()))
  await fleet.internet.destroy()
  await cleanup(fleet.dir)
}

describe('across an emulated Internet (NAT)', function () {
  this.timeout(150_000)
  let fleet: Fleet | undefined

  before(async function () {
    const why = await netnsUnavailable() ?? await iptablesMissing()
    if (why != null) {
      // said, not silently passed: CI runs as root and runs these
      process.stderr.write(`      skipped: ${why}\n`)
      this.skip()
    }
    await removeStaleNamespaces()
    fleet = await startFleet()
  })

  after(async () => { await stopFleet(fleet) })

  it('learns who is public and who is behind which router, and cascade status shows it', async () => {
    const { internet, peerIds, cli } = fleet as Fleet
    let members: any[] = []
    await waitFor(async () => {
      members = JSON.parse((await cli('status', '--json')).join('\n')).members
      return members.length === peerIds.size && members.every(m => m.online && m.measuredAt > 0)
    }, 60_000, 'every member joined and measured')
    for (const [name, peerId] of peerIds) {
      const member = members.find(m => m.peerId === peerId)
      const home = internet.member(name).home
      assert.equal(member.reachability, home == null ? 'public' : 'behind NAT', name)
      assert.equal(member.observedIp, home == null ? internet.member(name).address : internet.routers[home], name)
    }
  })

  it('one publish brings every node to v2: no planned edge between two NATs, the host uploads less than (children + 0.5) × S', async () => {
    const { internet, peerIds, cli, dir } = fleet as Fleet
    const packagePath = join(dir, 'app-v2.bin')
    await writeFile(packagePath, randomBytes(PACKAGE_BYTES))
    const events = (await cli('publish', '--version', 'v2', '--json', packagePath)).filter(line => line.startsWith('{')).map(line => JSON.parse(line))
    const plan = events.find(event => event.event === 'plan')
    const summary = events.find(event => event.event === 'summary')
    assert.equal(summary.success, true, JSON.stringify(summary))
    const nameOf = new Map([...peerIds].map(([name, id]) => [id, name]))
    const homeOf = (id: string): number | undefined => internet.member(nameOf.get(id) as string).home
    const edges = { host: 0, toPublic: 0, dialBack: 0, sameHome: 0, crossNat: 0 }
    for (const node of plan.nodes) {
      // a split stripe-child's helper (docs/striping.md) feeds it too: its edge must work as a parent's
      const parents: string[] = [...(node.stripeParents.length > 0 ? node.stripeParents : [node.parent]), ...(node.stripeHelpers ?? []).filter((helper: string) => helper !== '')]
      for (const parent of parents) {
        const child = homeOf(node.peerId)
        const from = parent === '' ? undefined : homeOf(parent)
        if (parent === '') edges.host++
        else if (child == null) edges.toPublic++
        else if (from == null) edges.dialBack++
        else if (from === child) edges.sameHome++
        else edges.crossNat++
      }
    }
    const copies = summary.hostBytesSent / PACKAGE_BYTES
    process.stderr.write(`      planned edges: ${edges.host} from the host, ${edges.toPublic} to public nodes, ${edges.dialBack} public → NAT (child dialled), ` +
      `${edges.sameHome} inside a home, ${edges.crossNat} between two NATs; relayed for signalling: 0; ` +
      `host sent ${copies.toFixed(2)} × S with ${summary.hostChildren} children; ${(summary.makespanMs / 1000).toFixed(1)} s\n`)
    assert.equal(edges.crossNat, 0)
    assert.ok(edges.dialBack + edges.sameHome > 0, 'nodes behind NAT relayed or were relayed to')
    assert.ok(copies < summary.hostChildren + 0.5, `host sent ${copies.toFixed(2)} × S for ${summary.hostChildren} children`)
    const members = JSON.parse((await cli('status', '--json')).join('\n')).members
    assert.deepEqual(members.map((m: any) => m.version), members.map(() => 'v2'))
  })

  it('a node that looks public but nobody can dial: its pairs fail once, the deployment completes, and the next plan leaves them out', async () => {
    const { internet, peerIds, cli, dir, host, restart } = fleet as Fleet
    // a firewall drops every new connection to pub1; pub1 restarts behind it, so it holds no
    // connection opened before (one the others would reuse), and joins the host again (outbound)
    await internet.firewall('pub1')
    await restart('pub1')
    const pub1 = peerIds.get('pub1') as string
    const publish = async (version: string, bytes: number): Promise<{ plan: any, summary: any }> => {
      const packagePath = join(dir, `app-${version}.bin`)
      await writeFile(packagePath, randomBytes(bytes))
      const events = (await cli('publish', '--version', version, '--json', packagePath)).filter(line => line.startsWith('{')).map(line => JSON.parse(line))
      return { plan: events.find(event => event.event === 'plan'), summary: events.find(event => event.event === 'summary') }
    }
    const into = (plan: any): string[] => plan.nodes.flatMap((node: any) => (node.stripeParents.length > 0 ? node.stripeParents : [node.parent])
      .filter((parent: string) => parent !== '' && (node.peerId === pub1 || parent === pub1))
      .map((parent: string) => `${parent}>${node.peerId}`))
    // long enough that the relays' dials (10 s) fail while it runs, even though the host's endgame
    // (src/node/host/deployment/endgame.ts) serves the node that lacks the most, pub1, itself once its
    // own pushes are done: at half the host's 2 MiB/s, 12 MiB keep pub1 receiving well past 10 s (with
    // 6 MiB, a CI run finished in 14.4 s with pub1 fed by the host before any dial into it failed)
    const first = await publish('v3', 4 * PACKAGE_BYTES)
    assert.equal(first.summary.success, true, JSON.stringify(first.summary))
    // nobody can open a new connection to pub1: a parent cannot dial it, a child behind NAT cannot dial it back
    const behindNat = (id: string): boolean => [...peerIds].some(([name, peerId]) => peerId === id && internet.member(name).home != null)
    // an edge that needs a new connection into pub1: one into it, or one from it to a child behind NAT
    // (in the plan, or made mid-deployment when a relay's children are re-homed)
    const isDoomed = (edge: string): boolean => { const [parent, child] = edge.split('>'); return child === pub1 || (parent === pub1 && behindNat(child)) }
    const doomed = into(first.plan).filter(isDoomed)
    // the host says which pairs failed and why
    const reported = host.lines.map(line => /^\S+ \[host\] (\S+) could not connect to (\S+) \((.*)\): not planned again$/.exec(line)).filter(match => match != null)
    const failed = reported.map(match => `${match[1]}>${match[2]}`)
    const second = await publish('v4', PACKAGE_BYTES)
    assert.equal(second.summary.success, true, JSON.stringify(second.summary))
    process.stderr.write(`      v3: ${doomed.length} planned edges needed a new connection into pub1 (or reused one opened before the firewall), ${failed.length} reported failed ` +
      `(${[...new Set(reported.map(match => match[3].replace(/12D3\w+/g, 'PEER')))].join('; ')}), ${(first.summary.makespanMs / 1000).toFixed(1)} s; ` +
      `v4: ${into(second.plan).length} edges touch pub1, none of them failed before, ${(second.summary.makespanMs / 1000).toFixed(1)} s\n`)
    assert.ok(failed.some(isDoomed), 'the host found pairs into pub1 that could not connect')
    // any other pair reported failed could have connected, but not within the 10 s a dial gets: on a
    // machine this busy (CI) that happens, and it costs that pair only its next planning
    // the pairs that failed in v3 are not planned in v4
    for (const edge of into(second.plan)) assert.ok(!failed.includes(edge), `${edge} failed in v3 and was planned again`)
  })
})
