import assert from 'node:assert/strict'
import { createHost } from '../src/node/host/index.js'
import { createNode } from '../src/node/client/index.js'
import { MiB, cleanup, tempDir, waitFor } from './helpers.js'
import type { CascadeHost } from '../src/node/host/index.js'
import type { CascadeNode } from '../src/node/client/index.js'

describe('speed probe', function () {
  let host: CascadeHost
  const nodes: CascadeNode[] = []
  const dirs: string[] = []

  afterEach(async () => {
    await Promise.all(nodes.map(async node => node.stop()))
    nodes.length = 0
    await host?.stop()
    await cleanup(...dirs)
  })

  it('measures capped uploads within ±20% and lists members fastest first', async () => {
    const hostDir = await tempDir()
    dirs.push(hostDir)
    host = createHost({ dataDir: hostDir })
    await host.start()
    const caps = [1 * MiB, 4 * MiB, 16 * MiB]
    for (const cap of caps) {
      const dir = await tempDir()
      dirs.push(dir)
      const node = createNode({ dataDir: dir, host: host.multiaddrs()[0], joinToken: host.joinToken, uploadLimit: cap, labels: { cap: String(cap) } })
      await node.start()
      nodes.push(node)
    }
    await waitFor(() => host.members().filter(m => m.measuredAt > 0).length === 3, 30_000, 'three measurements')
    const members = host.members()
    for (const m of members) {
      console.log('      cap %s MiB/s measured %s MiB/s (down %s MiB/s, rtt %d ms)', (Number(m.labels.cap) / MiB).toFixed(1), (m.uploadBps / MiB).toFixed(2), (m.downloadBps / MiB).toFixed(1), m.rttMs)
    }
    assert.deepEqual(members.map(m => Number(m.labels.cap)), [16 * MiB, 4 * MiB, 1 * MiB])
    for (const m of members) {
      const cap = Number(m.labels.cap)
      assert.ok(Math.abs(m.uploadBps - cap) / cap <= 0.2, `cap ${cap} measured ${m.uploadBps}`)
    }
  })
})
