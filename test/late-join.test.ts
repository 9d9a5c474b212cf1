import assert from 'node:assert/strict'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { CascadeProcess, runCascade } from '../src/harness/cascade-process.js'
import { MiB, waitFor } from './helpers.js'
import { publishJson, randomPackage, startFleet } from './fleet.js'
import type { Fleet } from './fleet.js'

/**
 * The stall timeout and attempts the host runs with here: a stalled node gives up after about 2 s × 3.
 * (A node reports every second while it installs, src/node/client/installer-flow.ts, as
 * test/long-install.test.ts checks with this timeout.)
 */
const STALL_TIMEOUT_MS = 2_000
const MAX_ATTEMPTS = 3

async function cli (fleet: Fleet, ...args: string[]): Promise<string> {
  const result = await runCascade([...args, '--host', fleet.hostAddr, '--key', fleet.keyFile])
  assert.equal(result.code, 0, result.stderr)
  return result.stdout
}

describe('a member that joins late', function () {
  this.timeout(240_000)
  let fleet: Fleet | undefined
  const late: CascadeProcess[] = []

  afterEach(async () => {
    await Promise.allSettled(late.map(async p => p.stop()))
    late.length = 0
    await fleet?.stop()
    fleet = undefined
  })

  it('is caught up apart from the deployment\'s own nodes; offline, it shows its last state as such; every failure has its reason', async () => {
    fleet = await startFleet({ nodes: [{ cap: '8MiB/s' }, { cap: '8MiB/s' }], hostArgs: ['--stall-timeout', String(STALL_TIMEOUT_MS), '--max-attempts', String(MAX_ATTEMPTS)] })
    const pkg = await randomPackage(fleet.dir, 'app-v2.bin', 1 * MiB)
    const published = await publishJson(fleet, pkg.path, 'v2')
    assert.equal(published.summary?.success, true, published.stderr)
    const id: string = published.summary.deploymentId
    // the host says when a deployment starts and ends, one line each
    await fleet.host.waitForLine(new RegExp(`deployment ${id} started: \\S+ v2 to 2 nodes \\(by ${fleet.adminId}\\)`))
    await fleet.host.waitForLine(new RegExp(`deployment ${id} succeeded in [\\d.]+ s: 2 done; host sent [\\d.]+ × the package`))

    // a third node joins after v2 finished: it is caught up, and killed while installing
    const node0 = fleet.nodes[0]
    const lateDir = join(fleet.dir, 'late')
    const args = node0.args.map(arg => arg === node0.dataDir ? lateDir : arg).map(arg => arg === 'index=0' ? 'index=late' : arg)
    const first = new CascadeProcess('late', [...args, '--app', 'exec sleep 60', '--health-grace', '60000'])
    late.push(first)
    const [, peerId] = await first.waitForLine(/^cascade node (\S+)$/)
    await fleet.host.waitForLine(new RegExp(`catch-up of ${peerId} to \\S+ v2 started \\(deployment ${id}\\)`))
    await waitFor(async () => (await fleet!.status()).members.find(m => m.peerId === peerId)?.deploymentState === 'installing', 60_000, 'the late node installing')
    await first.kill()
    await waitFor(async () => (await fleet!.status()).members.find(m => m.peerId === peerId)?.online === false, 30_000, 'the late node offline')
    // long enough for a stall watchdog to give up on it, were it still counting
    await sleep(STALL_TIMEOUT_MS * (MAX_ATTEMPTS + 2))

    // (a) status: offline, with its deployment state as it last was, marked as such
    const member = JSON.parse(await cli(fleet, 'status', '--json')).members.find((m: any) => m.peerId === peerId)
    assert.equal(member.online, false)
    assert.equal(member.deployment?.state, 'installing', JSON.stringify(member))
    assert.equal(member.deployment?.offline, true, JSON.stringify(member))
    const row = (await cli(fleet, 'status')).split('\n').find(line => line.startsWith(peerId))
    assert.match(row ?? '', /\boffline\b.*installing \(offline/, row)

    // (b) the deployment's own counts and state do not change; the catch-up is shown apart
    const deployments = JSON.parse(await cli(fleet, 'deployments', '--json'))
    const deployment = deployments.find((d: any) => d.id === id)
    assert.equal(deployment.state, 'succeeded')
    assert.equal(deployment.nodeCount, 2)
    assert.deepEqual(deployment.nodeStates, { done: 2 })
    assert.deepEqual(deployment.catchUpStates, { installing: 1 })
    assert.match(await cli(fleet, 'deployments'), new RegExp(`${id}.*succeeded\\s+2: 2 done; catch-up: 1 installing`))

    // (c) the audit says what happened to it, with the reason: it went offline, it did not stall
    const audit = JSON.parse(await cli(fleet, 'audit', '--json'))
    const entries = audit.filter((entry: any) => entry.detail.includes(peerId) && entry.action !== 'catch-up')
    assert.ok(entries.length > 0, JSON.stringify(audit))
    for (const entry of entries) {
      assert.doesNotMatch(entry.detail, /no progress|gave up/, entry.detail)
      assert.match(entry.detail, /offline/, entry.detail)
    }

    // it comes back: caught up again, counted as the catch-up's, and the host says so
    const second = new CascadeProcess('late-again', [...args, '--app', 'exec sleep 60', '--health-grace', '300'])
    late.push(second)
    // (killed during its health grace, it may come back on v1, and be caught up again, or on v2)
    await waitFor(async () => (await fleet!.status()).members.find(m => m.peerId === peerId && m.online)?.version === 'v2', 60_000, 'the late node on v2')
    let after: any
    await waitFor(async () => {
      after = JSON.parse(await cli(fleet!, 'deployments', '--json')).find((d: any) => d.id === id)
      return after.catchUpStates.done === 1
    }, 30_000, 'the catch-up done')
    assert.equal(after.state, 'succeeded')
    assert.deepEqual(after.nodeStates, { done: 2 })
    assert.deepEqual(after.catchUpStates, { done: 1 })
    const again = JSON.parse(await cli(fleet, 'status', '--json')).members.find((m: any) => m.peerId === peerId)
    assert.equal(again.online, true)
    assert.equal(again.deployment, null, 'nothing running for it now')
  })

  it('members that come back together are caught up together, relaying the release among themselves', async () => {
    // the host's uplink a quarter of the members': the planner feeds one of them and has it relay
    fleet = await startFleet({ nodes: [{ cap: '8MiB/s' }, { cap: '8MiB/s' }, { cap: '8MiB/s' }, { cap: '8MiB/s' }], hostArgs: ['--upload-limit', '2MiB/s'] })
    const away = [1, 2, 3]
    const offline = async (indexes: number[]): Promise<void> => {
      await Promise.all(indexes.map(async i => fleet!.nodes[i].process.stop()))
      await waitFor(async () => (await fleet!.status()).members.filter(m => indexes.some(i => fleet!.nodes[i].peerId === m.peerId) && !m.online).length === indexes.length, 30_000, 'the members offline')
    }
    // three members are switched off; v2 goes to the one left, then it is switched off too:
    // when the three come back, no member that runs v2 is online, and the host holds the only copy
    await offline(away)
    const pkg = await randomPackage(fleet.dir, 'app-v2.bin', 2 * MiB)
    const published = await publishJson(fleet, pkg.path, 'v2')
    assert.equal(published.summary?.success, true, published.stderr)
    const id: string = published.summary.deploymentId
    await offline([0])

    await Promise.all(away.map(async i => fleet!.restartNode(i)))
    const [line] = await fleet.host.waitForLine(new RegExp(`catch-up of .* to \\S+ v2 started \\(deployment ${id}\\)`), 30_000)
    for (const i of away) assert.ok(line.includes(fleet.nodes[i].peerId), `one catch-up for the three: ${fleet.host.lines.filter(l => l.includes('catch-up')).join('\n')}`)
    // one catch-up each would have the host send the package three times
    const [, share] = await fleet.host.waitForLine(new RegExp(`catch-up in deployment ${id} succeeded in [\\d.]+ s: 3 done; host sent ([\\d.]+) × the package`), 90_000)
    assert.ok(Number(share) < 2, `host sent ${share} × the package`)
    const members = (await fleet.status()).members
    for (const i of away) assert.equal(members.find(m => m.peerId === fleet!.nodes[i].peerId)?.version, 'v2')
    const audit = JSON.parse(await cli(fleet, 'audit', '--json'))
    assert.equal(audit.filter((entry: any) => entry.action === 'catch-up' && entry.detail.includes('one of 3 caught up together')).length, 3, JSON.stringify(audit))
  })

  it('is relayed by the fastest member online that runs the release', async () => {
    fleet = await startFleet({ nodes: [{ cap: '8MiB/s' }, { cap: '8MiB/s' }, { cap: '8MiB/s' }] })
    // of the two members that will hold v2, the one the host's table lists first gets the slow uplink
    const [slow, fast] = [0, 1].sort((a, b) => fleet!.nodes[a].peerId < fleet!.nodes[b].peerId ? -1 : 1)
    await fleet.nodes[slow].process.stop()
    const args = fleet.nodes[slow].args
    args[args.indexOf('--upload-limit') + 1] = '1MiB/s'
    await fleet.restartNode(slow)
    // online again (a re-join keeps a recent measurement): measured again at its new cap
    await waitFor(async () => (await fleet!.status()).members.find(m => m.peerId === fleet!.nodes[slow].peerId)?.online === true, 30_000, 'the slow member online')
    await cli(fleet, 'status', '--remeasure')
    const measured = (await fleet.status()).members
    const upload = (i: number): number => measured.find(m => m.peerId === fleet!.nodes[i].peerId)?.uploadBps ?? 0
    assert.ok(upload(slow) < upload(fast) / 4, `measured ${upload(slow)} and ${upload(fast)} B/s`)
    // the third is away during v2, and comes back
    await fleet.nodes[2].process.stop()
    await waitFor(async () => (await fleet!.status()).members.find(m => m.peerId === fleet!.nodes[2].peerId)?.online === false, 30_000, 'the third member offline')
    const pkg = await randomPackage(fleet.dir, 'app-v2.bin', 1 * MiB)
    const published = await publishJson(fleet, pkg.path, 'v2')
    assert.equal(published.summary?.success, true, published.stderr)
    await fleet.restartNode(2)
    await waitFor(async () => (await fleet!.status()).members.find(m => m.peerId === fleet!.nodes[2].peerId)?.version === 'v2', 60_000, 'the third member on v2')
    const audit = JSON.parse(await cli(fleet, 'audit', '--json'))
    const entry = audit.find((e: any) => e.action === 'catch-up' && e.detail.startsWith(fleet!.nodes[2].peerId))
    assert.match(entry?.detail ?? '', new RegExp(`relayed by ${fleet.nodes[fast].peerId}`), JSON.stringify(audit))
  })

  it('is caught up when the rollout it joined during ends, though it was not one of its nodes', async () => {
    fleet = await startFleet({ nodes: [{ cap: '8MiB/s' }], hostArgs: ['--upload-limit', '1MiB/s'] })
    // 8 MiB from a host capped at 1 MiB/s: the pause lands in the rollout even on a busy machine
    const pkg = await randomPackage(fleet.dir, 'app-v2.bin', 8 * MiB)
    const publisher = new CascadeProcess('publish', ['publish', '--host', fleet.hostAddr, '--key', fleet.keyFile, '--version', 'v2', '--json', pkg.path])
    late.push(publisher)
    const [, id] = await publisher.waitForLine(/^{"event":"granted","deploymentId":"([^"]+)"/)
    await publisher.waitForLine(/^{"event":"plan"/)
    await cli(fleet, 'deployment', 'pause', id)
    await publisher.waitForLine(/deployment paused: install waits/, 60_000)

    // a member on v1 joins while the rollout, planned without it, holds: nothing delivered is newer than v1 yet
    const node0 = fleet.nodes[0]
    const lateDir = join(fleet.dir, 'late')
    const args = node0.args.map(arg => arg === node0.dataDir ? lateDir : arg).map(arg => arg === 'index=0' ? 'index=late' : arg)
    const member = new CascadeProcess('late', args)
    late.push(member)
    const [, peerId] = await member.waitForLine(/^cascade node (\S+)$/)
    await fleet.host.waitForLine(new RegExp(`member ${peerId} joined \\(version v1\\)`), 30_000)
    assert.ok(!fleet.host.lines.some(line => line.includes(`catch-up of ${peerId}`)), 'no catch-up while v2 is not delivered')

    await cli(fleet, 'deployment', 'resume', id)
    assert.equal((await publisher.exited).code, 0, publisher.lines.join('\n'))
    // the rollout's end catches it up to v2, without its re-joining
    await fleet.host.waitForLine(new RegExp(`catch-up of ${peerId} to \\S+ v2 started \\(deployment ${id}\\)`), 30_000)
    await waitFor(async () => (await fleet!.status()).members.find(m => m.peerId === peerId)?.version === 'v2', 60_000, 'the late member on v2')
    const deployment = JSON.parse(await cli(fleet, 'deployments', '--json')).find((d: any) => d.id === id)
    assert.deepEqual(deployment.nodeStates, { done: 1 })
  })
})
