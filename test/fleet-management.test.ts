import assert from 'node:assert/strict'
import { writeFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { CascadeProcess, runCascade } from '../src/harness/cascade-process.js'
import { MiB, waitFor } from './helpers.js'
import { publishJson, randomPackage, startFleet } from './fleet.js'
import type { Fleet } from './fleet.js'

/** `cascade <args> --host … --key …` as the fleet's admin; fails the test on a non-zero exit. */
async function admin (fleet: Fleet, args: string[]): Promise<string> {
  const result = await runCascade([...args, '--host', fleet.hostAddr, '--key', fleet.keyFile])
  assert.equal(result.code, 0, `cascade ${args.join(' ')}: ${result.stderr}`)
  return result.stdout
}

async function versions (fleet: Fleet): Promise<string[]> {
  const status = await fleet.status()
  return fleet.nodes.map(node => status.members.find(m => m.peerId === node.peerId)?.version ?? '?')
}

describe('who gets what, and when', function () {
  describe('targets, rules, catch-up and reports (2 lab nodes, 2 office nodes)', function () {
    let fleet: Fleet

    before(async () => {
      fleet = await startFleet({
        nodes: [
          { cap: '8MiB/s', extra: ['--label', 'group=lab'] },
          { cap: '8MiB/s', extra: ['--label', 'group=lab'] },
          { cap: '8MiB/s', extra: ['--label', 'group=office'] },
          { cap: '8MiB/s', extra: ['--label', 'group=office'] }
        ]
      })
    })

    after(async () => { await fleet?.stop() })

    it('--target: only the selected nodes receive and install', async () => {
      const pkg = await randomPackage(fleet.dir, 'app.bin', 512 * 1024)
      const { code, events, summary, stderr } = await publishJson(fleet, pkg.path, 'v2', ['--target', 'group=lab', '--name', 'app'])
      assert.equal(code, 0, stderr)
      const planned = events.find(e => e.event === 'plan').nodes.map((n: any) => n.peerId).sort()
      assert.deepEqual(planned, [fleet.nodes[0].peerId, fleet.nodes[1].peerId].sort(), 'non-selected nodes neither receive nor relay')
      assert.equal(summary.nodes.length, 2)
      assert.match(summary.reason ?? '', /^$/)
      assert.deepEqual(await versions(fleet), ['v2', 'v2', 'v1', 'v1'])
    })

    it('groups and rules: a node outside every rule gets nothing; a late node catches up from a peer', async () => {
      await admin(fleet, ['group', 'add', 'lab', '--match', 'group=lab'])
      await admin(fleet, ['rule', 'add', '--group', 'lab', '--package', 'app', '--versions', '>=3'])
      // node 1 is offline during the deployment
      const late = fleet.nodes[1]
      assert.equal(await late.process.stop(), 0)
      await waitFor(async () => (await fleet.status()).members.find(m => m.peerId === late.peerId)?.online === false, 10_000, 'node 1 offline')

      const pkg = await randomPackage(fleet.dir, 'app.bin', 512 * 1024)
      const { code, summary, stderr } = await publishJson(fleet, pkg.path, 'v3', ['--name', 'app'])
      assert.equal(code, 0, stderr)
      assert.deepEqual(summary.nodes.map((n: any) => n.peerId), [fleet.nodes[0].peerId], 'office nodes are in no group with a rule')
      assert.deepEqual(await versions(fleet), ['v3', 'v2', 'v1', 'v1'])

      // it comes back on v2: the host brings it to v3, relayed by node 0
      await fleet.restartNode(1)
      await waitFor(async () => (await versions(fleet))[1] === 'v3', 30_000, 'catch-up to v3')
      const audit = JSON.parse(await admin(fleet, ['audit', '--json']))
      const caughtUp = audit.find((entry: any) => entry.action === 'catch-up')
      assert.ok(caughtUp != null, JSON.stringify(audit))
      assert.match(caughtUp.detail, new RegExp(`${late.peerId} from v2 to v3 relayed by ${fleet.nodes[0].peerId}`))
      assert.deepEqual(await versions(fleet), ['v3', 'v3', 'v1', 'v1'])
      // its restart after the install is part of the catch-up, which its re-join on v3 completes
      await waitFor(async () => JSON.parse(await admin(fleet, ['audit', '--json'])).some((entry: any) => entry.action === 'catch-up finished'), 10_000, 'the catch-up finished')
      const after = JSON.parse(await admin(fleet, ['audit', '--json']))
      assert.match(after.find((entry: any) => entry.action === 'catch-up finished').detail, new RegExp(`${late.peerId}: done`))
      assert.equal(after.some((entry: any) => entry.action === 'catch-up interrupted'), false, JSON.stringify(after))
    })

    it('reports: past deployments with their outcome, and the audit log', async () => {
      const deployments = JSON.parse(await admin(fleet, ['deployments', '--json']))
      assert.deepEqual(deployments.map((d: any) => [d.version, d.state]), [['v3', 'succeeded'], ['v2', 'succeeded']])
      const audit = JSON.parse(await admin(fleet, ['audit', '--json']))
      const actions = audit.map((entry: any) => entry.action)
      for (const action of ['publish', 'group-add', 'rule-add', 'catch-up']) {
        assert.ok(actions.some((a: string) => a.startsWith(action)), `${action} in ${actions.join(', ')}`)
      }
      assert.ok(audit.filter((entry: any) => entry.action === 'publish').every((entry: any) => entry.actor === fleet.adminId))
    })
  })

  describe('phased rollout', function () {
    let fleet: Fleet

    before(async () => {
      fleet = await startFleet({
        nodes: [
          // the fastest node is the first wave, and its release fails its health check
          { cap: '32MiB/s', extra: ['--app', 'exec sleep 600', '--health', 'test "$CASCADE_VERSION" != v2', '--health-grace', '200'] },
          { cap: '4MiB/s' },
          { cap: '4MiB/s' },
          { cap: '4MiB/s' }
        ]
      })
    })

    after(async () => { await fleet?.stop() })

    it('--waves stops by itself when a wave fails more than --max-failures, saying why', async () => {
      const pkg = await randomPackage(fleet.dir, 'app.bin', 256 * 1024)
      const { code, events, summary } = await publishJson(fleet, pkg.path, 'v2', ['--waves', '25%,50%,100%', '--max-failures', '0%'])
      assert.equal(code, 1)
      assert.equal(events.filter(e => e.event === 'plan').length, 1, 'only the first wave started')
      assert.match(summary.reason, /wave 1 of 3: 1 of 1 nodes failed .* stopped/)
      const states = Object.fromEntries(summary.nodes.map((n: any) => [n.peerId, n.state]))
      assert.equal(states[fleet.nodes[0].peerId], 'rolled-back')
      assert.ok(fleet.nodes.slice(1).every(node => states[node.peerId] === 'skipped'))
      assert.deepEqual(await versions(fleet), ['v1', 'v1', 'v1', 'v1'])
    })

    it('goes wave by wave when they succeed', async () => {
      const pkg = await randomPackage(fleet.dir, 'app.bin', 256 * 1024)
      const { code, events, summary } = await publishJson(fleet, pkg.path, 'v3', ['--waves', '25%,50%,100%', '--max-failures', '0%'])
      assert.equal(code, 0, JSON.stringify(summary))
      const plans = events.filter(e => e.event === 'plan').map(e => e.nodes.length)
      assert.deepEqual(plans, [1, 1, 2])
      assert.deepEqual(await versions(fleet), ['v3', 'v3', 'v3', 'v3'])
    })
  })

  describe('pause, resume, cancel', function () {
    let fleet: Fleet

    before(async () => {
      fleet = await startFleet({
        nodes: [{ cap: '1MiB/s' }, { cap: '1MiB/s' }],
        hostArgs: ['--upload-limit', '1MiB/s', '--max-fanout', '2']
      })
    })

    after(async () => { await fleet?.stop() })

    it('a paused deployment installs nothing until resumed', async () => {
      // 8 MiB from a host capped at 1 MiB/s: the deployment runs for seconds, so the pause lands
      // in it even when a busy machine makes the admin command slow to start
      const pkg = await randomPackage(fleet.dir, 'app.bin', 8 * MiB)
      const publisher = new CascadeProcess('publish', ['publish', '--host', fleet.hostAddr, '--key', fleet.keyFile, '--version', 'v2', '--json', pkg.path])
      const [, id] = await publisher.waitForLine(/^{"event":"granted","deploymentId":"([^"]+)"/)
      await publisher.waitForLine(/^{"event":"plan"/)
      await admin(fleet, ['deployment', 'pause', id])
      // both receive everything, and wait
      await publisher.waitForLine(new RegExp('deployment paused: install waits'), 30_000)
      await waitFor(() => publisher.lines.filter(l => l.includes('deployment paused: install waits')).length >= 2, 30_000, 'both held')
      assert.ok(!publisher.lines.some(l => l.includes('"state":"installing"')), 'nothing installed while paused')
      await admin(fleet, ['deployment', 'resume', id])
      const { code } = await publisher.exited
      assert.equal(code, 0)
      assert.deepEqual(await versions(fleet), ['v2', 'v2'])
    })

    it('cancel stops a running deployment: nodes not finished are skipped, and the audit log says who', async () => {
      const marker = join(fleet.dir, 'never')
      await writeFile(marker, '')
      const pkg = await randomPackage(fleet.dir, 'app.bin', 4 * MiB)
      const publisher = new CascadeProcess('publish', ['publish', '--host', fleet.hostAddr, '--key', fleet.keyFile, '--version', 'v3', '--json', pkg.path])
      const [, id] = await publisher.waitForLine(/^{"event":"granted","deploymentId":"([^"]+)"/)
      await publisher.waitForLine(/"state":"receiving"/)
      await admin(fleet, ['deployment', 'cancel', id])
      const { code } = await publisher.exited
      assert.equal(code, 1)
      const summary = JSON.parse(publisher.lines.find(l => l.startsWith('{"event":"summary"'))!)
      assert.match(summary.reason, new RegExp(`cancelled by ${fleet.adminId}`))
      assert.ok(summary.nodes.every((n: any) => n.state === 'skipped'))
      const deployments = JSON.parse(await admin(fleet, ['deployments', '--json']))
      assert.equal(deployments[0].state, 'cancelled')
      const audit = JSON.parse(await admin(fleet, ['audit', '--json', '--deployment', id]))
      assert.ok(audit.some((entry: any) => entry.action.startsWith('cancel') && entry.actor === fleet.adminId), JSON.stringify(audit))
      assert.deepEqual(await versions(fleet), ['v2', 'v2'])
      await rm(marker)
    })
  })
})
