import assert from 'node:assert/strict'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CascadeProcess, runCascade, startHostProcess } from '../src/harness/cascade-process.js'
import { fetchStatus } from '../src/node/admin/status.js'
import { publish } from '../src/node/admin/publish.js'
import { cleanup, tempDir, waitFor } from './helpers.js'
import { randomPackage } from './fleet.js'

/** The swarm runner, next to the harness in dist/. */
const SWARM = fileURLToPath(new URL('../src/harness/node-swarm.js', import.meta.url))

/** 200 nodes in 4 processes: the test's own event loop stays free to time the host. */
const SWARMS = 4

const NODES = 200

/** Status answered within this, even while the whole fleet reconnects. */
const STATUS_DEADLINE_MS = 1000

describe(`load: ${NODES} nodes on one host`, function () {
  let dir: string
  let host: { process: CascadeProcess, addr: string, joinToken: string }
  let hostArgs: string[]
  let keyFile: string
  const swarms: CascadeProcess[] = []

  before(async function () {
    dir = await tempDir('cascade-load-')
    keyFile = join(dir, 'admin.key')
    const admin = (await runCascade(['keygen', '--out', keyFile])).stdout.trim()
    const v1 = join(dir, 'v1')
    await mkdir(v1)
    await writeFile(join(v1, 'VERSION'), 'v1\n')
    hostArgs = ['--data', join(dir, 'host'), '--admin', admin, '--probe-duration', '20', '--stall-timeout', '20000']
    host = await startHostProcess(['--listen', '/ip4/127.0.0.1/tcp/0', ...hostArgs])
    for (let i = 0; i < SWARMS; i++) {
      const count = NODES / SWARMS
      const swarm = new CascadeProcess(`swarm-${i}`, [], {}, [SWARM, '--host', host.addr, '--dir', dir, '--count', String(count), '--first', String(i * count), '--seed-release', v1, '--join-token', host.joinToken])
      swarms.push(swarm)
    }
    await Promise.all(swarms.map(async swarm => swarm.waitForLine(/^swarm ready/, 120_000)))
    await waitFor(async () => (await fetchStatus(host.addr)).members.filter(m => m.online).length === NODES, 60_000, `${NODES} online members`)
  })

  after(async () => {
    await Promise.allSettled(swarms.map(async swarm => swarm.stop()))
    await host?.process.stop()
    await cleanup(dir)
  })

  it('survives a reconnect storm: answers status within a second, loses no member', async () => {
    await host.process.kill()
    host = await startHostProcess(['--listen', `/ip4/127.0.0.1/tcp/${host.addr.split('/')[4]}`, ...hostArgs])
    let slowest = 0
    let calls = 0
    const started = Date.now()
    while (true) {
      const before = performance.now()
      const status = await fetchStatus(host.addr)
      const took = performance.now() - before
      slowest = Math.max(slowest, took)
      calls++
      assert.equal(status.members.length, NODES, 'no member lost')
      if (status.members.every(m => m.online)) {
        break
      }
      assert.ok(Date.now() - started < 60_000, 'fleet back within a minute')
    }
    console.log(`      ${NODES} nodes re-joined in ${Date.now() - started} ms; slowest of ${calls} status calls during the storm: ${slowest.toFixed(0)} ms`)
    assert.ok(slowest < STATUS_DEADLINE_MS, `status took ${slowest} ms`)
  })

  it(`deploys to all ${NODES}`, async () => {
    await waitFor(async () => (await fetchStatus(host.addr)).members.every(m => m.measuredAt > 0), 60_000, 'measurements')
    const pkg = await randomPackage(dir, 'app-v2.bin', 256 * 1024)
    const summary = await publish({ host: host.addr, keyFile, packagePath: pkg.path, version: 'v2' })
    const hostChildren = summary.hostChildren
    console.log(`      ${NODES} nodes on v2 in ${summary.finishedAt - summary.startedAt} ms; host uploaded ${(summary.hostBytesSent / summary.packageSize).toFixed(2)} × the package with ${hostChildren} children`)
    assert.equal(summary.success, true, summary.nodes.filter(n => n.state !== 'done').map(n => `${n.peerId} ${n.state} ${n.reason}`).join('\n'))
    assert.equal(summary.nodes.length, NODES)
  })
})
