import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { runMesh } from '../src/bench/mesh.js'
import { netnsUnavailable } from '../src/bench/netns.js'
import type { MeshOptions } from '../src/bench/mesh.js'

const MiB = 1024 * 1024

function alive (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

function namespacesOfThisProcess (): string[] {
  try {
    return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').map(line => line.split(' ')[0]).filter(name => name.startsWith(`cascade-b${process.pid}x`))
  } catch {
    return []
  }
}

/** A mesh small enough for the test suite: two nodes, fast links, 1 MiB. */
function small (extra: Partial<MeshOptions> = {}): MeshOptions & { pids: number[] } {
  const pids: number[] = []
  return {
    caps: [{ upload: 4 * MiB }, { upload: 2 * MiB }],
    host: { upload: 4 * MiB },
    size: 1 * MiB,
    chunkSize: 256 * 1024,
    probeDurationMs: 150,
    publishTimeoutMs: 20_000,
    onSpawn: (_name, pid) => { pids.push(pid) },
    pids,
    ...extra
  }
}

describe('mesh (real processes)', function () {
  this.timeout(30_000)

  it('publishes to a small mesh, records every node, and stops everything it started', async () => {
    const options = small()
    const result = await runMesh(options)
    assert.equal(result.mode, 'in-app')
    assert.equal(result.success, true)
    assert.equal(result.nodes.length, 2)
    for (const node of result.nodes) {
      assert.equal(node.state, 'done')
      assert.equal(node.bytesReceived, 1 * MiB)
      assert.ok(node.verifiedMs != null && node.doneMs != null && node.verifiedMs <= node.doneMs)
      assert.ok(node.measured != null && node.measured.uploadBps > 0)
      assert.ok(node.resources != null && node.resources.peakRssBytes > 0)
    }
    assert.ok(result.hostBytesSent >= 1 * MiB)
    assert.ok(result.makespanMs > 0 && result.makespanMs <= result.doneMakespanMs)
    assert.ok(result.lowerBoundMs > 0)
    assert.ok(result.plan != null)
    // host, two nodes, status, publish
    assert.equal(options.pids.length, 5)
    assert.deepEqual(options.pids.filter(alive), [])
  })

  it('stops everything when aborted mid-run', async () => {
    const controller = new AbortController()
    const options = small({ signal: controller.signal })
    const spawned = options.onSpawn
    options.onSpawn = (name, pid) => {
      spawned?.(name, pid)
      if (name === 'node-1') controller.abort(new Error('test abort'))
    }
    await assert.rejects(runMesh(options), /test abort/)
    assert.ok(options.pids.length >= 3)
    assert.deepEqual(options.pids.filter(alive), [])
  })

  it('with network namespaces, shapes the links with tc and removes the namespaces', async function () {
    const why = await netnsUnavailable()
    if (why != null) {
      this.skip()
    }
    const options = small({ netns: true })
    const result = await runMesh(options)
    assert.equal(result.mode, 'netns')
    assert.equal(result.success, true)
    // the host's link carried at least the package once
    assert.ok(result.linkTxBytes != null && result.linkTxBytes[0] >= 1 * MiB)
    assert.deepEqual(options.pids.filter(alive), [])
    assert.deepEqual(namespacesOfThisProcess(), [])
  })
})
