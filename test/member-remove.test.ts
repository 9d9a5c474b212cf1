import assert from 'node:assert/strict'
import { writeFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CascadeProcess, runCascade } from '../src/harness/cascade-process.js'
import { generateKey } from '../src/node/identity.js'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { waitFor } from './helpers.js'
import { randomPackage, startFleet } from './fleet.js'
import type { Fleet } from './fleet.js'

/** The node's arguments without `--join-token TOKEN`: how an enrolled node is started. */
function withoutToken (args: string[]): string[] {
  const at = args.indexOf('--join-token')
  return at < 0 ? args : [...args.slice(0, at), ...args.slice(at + 2)]
}

describe('cascade member remove, end to end with real processes', function () {
  this.timeout(120_000)
  let fleet: Fleet | undefined
  let publisher: CascadeProcess | undefined

  afterEach(async () => {
    await publisher?.stop()
    await fleet?.stop()
    publisher = undefined
    fleet = undefined
  })

  async function remove (peerId: string): Promise<{ code: number | null, stdout: string, stderr: string }> {
    if (fleet == null) {
      throw new Error('no fleet')
    }
    return runCascade(['member', 'remove', peerId, '--host', fleet.hostAddr, '--key', fleet.keyFile])
  }

  async function online (peerId: string): Promise<boolean> {
    return (await fleet?.status())?.members.find(m => m.peerId === peerId)?.online === true
  }

  // one fleet of one enrolled node for these two: the refusals change nothing (they check it), then the removal
  describe('a fleet of one node', function () {
    let shared: Fleet | undefined

    before(async () => {
      shared = await startFleet({ nodes: [{}] })
    })

    beforeEach(() => {
      fleet = shared
    })

    // before the outer afterEach: the shared fleet outlives each test
    afterEach(() => {
      fleet = undefined
    })

    after(async () => {
      await shared?.stop()
    })

    it('refuses an unknown or malformed peer id, and a key that is not an admin, changing nothing', async () => {
      assert.ok(fleet != null)
      const stranger = peerIdFromPrivateKey(await generateKey()).toString()
      const unknown = await remove(stranger)
      assert.equal(unknown.code, 1)
      assert.match(unknown.stderr, new RegExp(`${stranger} is not a member of this fleet`))
      const malformed = await remove('banana')
      assert.equal(malformed.code, 1)
      assert.match(malformed.stderr, /"banana" is not a peer id/)
      const notAdmin = await runCascade(['member', 'remove', fleet.nodes[0].peerId, '--host', fleet.hostAddr, '--key', join(fleet.dir, 'unused')])
      assert.equal(notAdmin.code, 1)
      assert.match(notAdmin.stderr, /is not an authorized admin/)
      assert.equal(await online(fleet.nodes[0].peerId), true)
    })

    it('disconnects the node, refuses its next join until it enrolls again with the token, and audits it', async () => {
      assert.ok(fleet != null)
      const node = fleet.nodes[0]
      // an enrolled node restarts without the token
      await node.process.stop()
      node.args = withoutToken(node.args)
      const restarted = await fleet.restartNode(0)
      await waitFor(async () => online(node.peerId), 20_000, 'the node back online without its token')

      const removed = await remove(node.peerId)
      assert.equal(removed.code, 0, removed.stderr)
      assert.equal(removed.stdout.trim(), `member ${node.peerId} removed, disconnected`)
      const from = restarted.lines.length
      await restarted.waitForLine(/not enrolled: present the host's join token/, 20_000, from)
      assert.equal((await fleet.status()).members.some(m => m.peerId === node.peerId), false, 'no longer a member')

      // with the token it enrolls anew
      await restarted.stop()
      node.args = [...node.args, '--join-token', fleet.host.lines.map(line => /^join token (\S+)$/.exec(line)?.[1]).find(token => token != null) ?? '']
      await fleet.restartNode(0)
      await waitFor(async () => online(node.peerId), 20_000, 'the node enrolled again')

      const audit = await runCascade(['audit', '--json', '--host', fleet.hostAddr, '--key', fleet.keyFile])
      const entry = JSON.parse(audit.stdout).find((e: any) => e.action === 'member-remove')
      assert.equal(entry?.actor, fleet.adminId)
      assert.match(entry?.detail, new RegExp(node.peerId))
    })
  })

  /** Publishes v2 with `extra`, the node `busyIndex` holding it while `marker` exists (its app "in use"). */
  async function publishWithBusyNode (marker: string, busyIndex: number, nodeCaps: string[], extra: string[] = []): Promise<Fleet> {
    const started = await startFleet({
      nodes: nodeCaps.map((cap, i) => ({ cap, extra: i === busyIndex ? ['--busy-check', `test ! -f '${marker}'`, '--busy-retry', '300'] : [] }))
    })
    fleet = started
    const pkg = await randomPackage(started.dir, 'app-v2.bin', 128 * 1024)
    publisher = new CascadeProcess('publish', ['publish', '--host', started.hostAddr, '--key', started.keyFile, '--version', 'v2', '--json', ...extra, pkg.path])
    await publisher.waitForLine(new RegExp(`^{"event":"progress".*"peerId":"${started.nodes[busyIndex].peerId}".*"state":"deferred"`), 30_000)
    return started
  }

  async function summaryOf (): Promise<any> {
    const [line] = await (publisher as CascadeProcess).waitForLine(/^{"event":"summary".*$/, 30_000)
    return JSON.parse(line)
  }

  it('drops a node from the running deployment: skipped, "removed by <admin>"', async () => {
    const marker = await busyMarker()
    try {
      // node 1 holds the update while its app is "in use": the deployment waits on it
      const started = await publishWithBusyNode(marker, 1, ['8MiB/s', '8MiB/s'])
      const busy = started.nodes[1]
      const removed = await remove(busy.peerId)
      assert.equal(removed.code, 0, removed.stderr)
      assert.match(removed.stdout, /removed, disconnected, dropped from deployment \S+/)
      const summary = await summaryOf()
      const dropped = summary.nodes.find((n: any) => n.peerId === busy.peerId)
      assert.equal(dropped.state, 'skipped')
      assert.equal(dropped.reason, `removed by ${started.adminId}`)
      assert.equal(summary.nodes.find((n: any) => n.peerId === started.nodes[0].peerId).state, 'done')
    } finally {
      await rm(marker, { force: true })
    }
  })

  it('drops a node waiting for a later wave: that wave never serves it', async () => {
    const marker = await busyMarker()
    try {
      // node 0 (the faster) is wave 1 and holds it; node 1 waits for wave 2
      const started = await publishWithBusyNode(marker, 0, ['8MiB/s', '1MiB/s'], ['--waves', '50%,100%'])
      const waiting = started.nodes[1]
      const removed = await remove(waiting.peerId)
      assert.equal(removed.code, 0, removed.stderr)
      assert.match(removed.stdout, /dropped from deployment/)
      await rm(marker, { force: true })
      const summary = await summaryOf()
      const dropped = summary.nodes.find((n: any) => n.peerId === waiting.peerId)
      assert.deepEqual([dropped.state, dropped.reason, dropped.bytesReceived], ['skipped', `removed by ${started.adminId}`, 0])
      assert.equal(summary.nodes.find((n: any) => n.peerId === started.nodes[0].peerId).state, 'done')
    } finally {
      await rm(marker, { force: true })
    }
  })
})

/** A file whose existence makes a node's app "in use" (`--busy-check`). */
async function busyMarker (): Promise<string> {
  const marker = join(tmpdir(), `cascade-busy-${process.pid}-${Date.now()}`)
  await writeFile(marker, '')
  return marker
}
