import assert from 'node:assert/strict'
import { join } from 'node:path'
import { runCascade, startHostProcess, startNodeProcess } from '../src/harness/cascade-process.js'
import { MiB, cleanup, tempDir, waitFor } from './helpers.js'
import type { CascadeProcess } from '../src/harness/cascade-process.js'

const LOCAL = '/ip4/127.0.0.1/tcp/0'

describe('cascade host and cascade node as processes', function () {
  const processes: CascadeProcess[] = []
  let dir: string

  before(async () => { dir = await tempDir() })

  after(async () => {
    await Promise.allSettled(processes.map(async p => p.stop()))
    await cleanup(dir)
  })

  it('lists nodes capped at 1, 2 and 3 MiB/s fastest first, within ±20% of their caps, and stops cleanly', async () => {
    // 2 s per direction: a loaded machine's scheduling hiccups weigh less in the measurement
    const host = await startHostProcess(['--data', join(dir, 'host'), '--listen', LOCAL, '--probe-duration', '2000', '--status-access', 'anyone'])
    processes.push(host.process)
    assert.match(host.addr, /^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\/12D3Koo/)
    // low enough that the token bucket, not the CPU of a loaded machine, sets the rate
    const caps = ['1MiB/s', '2MiB/s', '3MiB/s']
    const nodes = await Promise.all(caps.map(async (cap, i) => {
      const node = await startNodeProcess(['--data', join(dir, `node-${i}`), '--host', host.addr, '--join-token', host.joinToken, '--listen', LOCAL, '--upload-limit', cap, '--label', `cap=${cap}`], `node-${i}`)
      processes.push(node.process)
      return node
    }))

    let members: any[] = []
    await waitFor(async () => {
      const result = await runCascade(['status', '--host', host.addr, '--json'])
      assert.equal(result.code, 0, result.stderr)
      members = JSON.parse(result.stdout).members
      return members.length === 3 && members.every(m => m.measuredAt > 0)
    }, 60_000, 'three measured members')

    assert.deepEqual(members.map(m => m.labels.cap), ['3MiB/s', '2MiB/s', '1MiB/s'])
    for (const m of members) {
      const cap = Number.parseInt(m.labels.cap) * MiB
      assert.ok(Math.abs(m.uploadBps - cap) / cap <= 0.2, `${m.labels.cap}: measured ${m.uploadBps} B/s`)
      assert.ok(m.online)
    }
    const table = await runCascade(['status', '--host', host.addr])
    assert.match(table.stdout, /3 members, 3 online/)

    for (const node of nodes) {
      assert.equal(await node.process.stop(), 0, 'node exits 0 on SIGTERM')
    }
    assert.equal(await host.process.stop(), 0, 'host exits 0 on SIGTERM')
  })

  it('refuses bad arguments with a usage error', async () => {
    const result = await runCascade(['node', '--data', join(dir, 'x'), '--host', '/ip4/127.0.0.1/tcp/1'])
    assert.notEqual(result.code, 0)
    assert.match(result.stderr, /\/p2p\/<host peer id>/)
    const badRate = await runCascade(['node', '--data', join(dir, 'x'), '--host', '/ip4/127.0.0.1/tcp/1', '--upload-limit', 'fast'])
    assert.notEqual(badRate.code, 0)
    assert.match(badRate.stderr, /invalid rate/)
  })

  it('keygen writes a key and prints its peer id', async () => {
    const result = await runCascade(['keygen', '--out', join(dir, 'admin.key')])
    assert.equal(result.code, 0)
    assert.match(result.stdout.trim(), /^12D3Koo\w+$/)
  })
})
