import assert from 'node:assert/strict'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CascadeProcess, startHostProcess } from '../src/harness/cascade-process.js'
import { pbStream } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import { fetchStatus } from '../src/node/admin/status.js'
import { loadKey } from '../src/node/identity.js'
import { createCascadeLibp2p } from '../src/node/libp2p.js'
import { MAX_STATUS_RESPONSE_BYTES, STATUS_PROTOCOL, StatusRequest, StatusResponse } from '../src/protocols/status/index.js'
import { publish } from '../src/node/admin/publish.js'
import { adminKey, cleanup, tempDir, waitFor } from './helpers.js'
import { randomPackage } from './fleet.js'

/** The swarm runner, next to the harness in dist/. */
const SWARM = fileURLToPath(new URL('../src/harness/node-swarm.js', import.meta.url))

/** 200 nodes in 4 processes: the test's own event loop stays free to time the host. */
const SWARMS = 4

const NODES = 200

/**
 * Status answered within this, even while the whole fleet reconnects. On an
 * idle machine every answer takes well under a second (the test prints them);
 * the bound is what catches a host that stops answering during the storm
 * (its event loop blocked by the joins), with room for a machine whose cores
 * are shared with other work.
 */
const STATUS_DEADLINE_MS = 5000

describe(`load: ${NODES} nodes on one host`, function () {
  let dir: string
  let host: { process: CascadeProcess, addr: string, joinToken: string }
  let hostArgs: string[]
  let keyFile: string
  const swarms: CascadeProcess[] = []

  before(async function () {
    dir = await tempDir('cascade-load-')
    keyFile = join(dir, 'admin.key')
    const admin = await adminKey(keyFile)
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
    await waitFor(async () => (await fetchStatus(host.addr, { key: keyFile })).members.filter(m => m.online).length === NODES, 60_000, `${NODES} online members`)
  })

  after(async () => {
    await Promise.allSettled(swarms.map(async swarm => swarm.stop()))
    await host?.process.stop()
    await cleanup(dir)
  })

  it('survives a reconnect storm: keeps answering status, loses no member', async () => {
    // one client peer, made before the storm: what is timed is the host's answer (and the dial to it)
    const client = await createCascadeLibp2p({ privateKey: await loadKey(keyFile) })
    const ask = async (): Promise<StatusResponse> => {
      const stream = await client.dialProtocol(multiaddr(host.addr), STATUS_PROTOCOL, { signal: AbortSignal.timeout(30_000) })
      const pb = pbStream(stream, { maxDataLength: MAX_STATUS_RESPONSE_BYTES })
      await pb.write({ remeasure: false }, StatusRequest)
      const response = await pb.read(StatusResponse)
      await stream.close()
      return response
    }
    try {
      await host.process.kill()
      host = await startHostProcess(['--listen', `/ip4/127.0.0.1/tcp/${host.addr.split('/')[4]}`, ...hostArgs])
      const latencies: number[] = []
      const started = Date.now()
      while (true) {
        const before = performance.now()
        const status = await ask()
        latencies.push(performance.now() - before)
        assert.equal(status.members.length, NODES, 'no member lost')
        if (status.members.every(m => m.online)) {
          break
        }
        assert.ok(Date.now() - started < 60_000, 'fleet back within a minute')
      }
      const slowest = Math.max(...latencies)
      console.log(`      ${NODES} nodes re-joined in ${Date.now() - started} ms; status during the storm took ${latencies.map(ms => ms.toFixed(0)).join(', ')} ms`)
      assert.ok(slowest < STATUS_DEADLINE_MS, `status took ${slowest} ms`)
    } finally {
      await client.stop()
    }
  })

  it(`deploys to all ${NODES}`, async () => {
    // members not measured yet are planned as leaves: the deployment must work either way
    await waitFor(async () => (await fetchStatus(host.addr, { key: keyFile })).members.every(m => m.measuredAt > 0), 20_000, 'measurements').catch(() => {})
    const measured = (await fetchStatus(host.addr, { key: keyFile })).members.filter(m => m.measuredAt > 0).length
    console.log(`      ${measured} of ${NODES} members measured before the deployment`)
    const pkg = await randomPackage(dir, 'app-v2.bin', 256 * 1024)
    const summary = await publish({ host: host.addr, keyFile, packagePath: pkg.path, version: 'v2' })
    const hostChildren = summary.hostChildren
    console.log(`      ${NODES} nodes on v2 in ${summary.finishedAt - summary.startedAt} ms; host uploaded ${(summary.hostBytesSent / summary.packageSize).toFixed(2)} × the package with ${hostChildren} children`)
    assert.equal(summary.success, true, summary.nodes.filter(n => n.state !== 'done').map(n => `${n.peerId} ${n.state} ${n.reason}`).join('\n'))
    assert.equal(summary.nodes.length, NODES)
  })
})
