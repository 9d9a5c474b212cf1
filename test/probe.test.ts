import assert from 'node:assert/strict'
import { createHost } from '../src/node/host/index.js'
import { createNode } from '../src/node/client/index.js'
import { MiB, cleanup, tempDir, waitFor } from './helpers.js'
import { PROBE_PROTOCOL, answerProbe, measureUpload } from '../src/protocols/probe/index.js'
import { streamPair } from '@libp2p/utils'
import { createUploadLimiter } from '../src/node/upload-limiter.js'
import { PROBE_SETTLE_MAX_MS, PROBE_SETTLE_MS, Prober, UPLOAD_PROBES } from '../src/node/host/prober.js'
import { setTimeout as sleep } from 'node:timers/promises'
import type { CascadeHost } from '../src/node/host/index.js'
import type { CascadeNode } from '../src/node/client/index.js'

describe('speed probe', function () {
  let host: CascadeHost
  const nodes: CascadeNode[] = []
  const dirs: string[] = []

  /** A host with probes of `probeDurationMs` and one node, once the host has measured it. */
  async function oneMeasuredMember (probeDurationMs: number): Promise<CascadeNode> {
    const hostDir = await tempDir()
    const dir = await tempDir()
    dirs.push(hostDir, dir)
    host = createHost({ dataDir: hostDir, probeDurationMs })
    await host.start()
    const node = createNode({ dataDir: dir, host: host.multiaddrs()[0], joinToken: host.joinToken })
    await node.start()
    nodes.push(node)
    await waitFor(() => host.members()[0]?.measuredAt > 0, 20_000, 'the first measurement')
    return node
  }

  afterEach(async () => {
    await Promise.all(nodes.map(async node => node.stop()))
    nodes.length = 0
    await host?.stop()
    await cleanup(...dirs)
  })

  it('measures capped uploads within ±20% and lists members fastest first', async () => {
    const hostDir = await tempDir()
    dirs.push(hostDir)
    // 3 s per direction: a few hundred ms of a loaded machine not scheduling the sender cost ~10%, not 25%
    host = createHost({ dataDir: hostDir, probeDurationMs: 3_000 })
    await host.start()
    // low enough that the token bucket, not the CPU of a loaded machine, sets the rate
    const caps = [MiB / 2, 1 * MiB, 2 * MiB]
    for (const cap of caps) {
      const dir = await tempDir()
      dirs.push(dir)
      const node = createNode({ dataDir: dir, host: host.multiaddrs()[0], joinToken: host.joinToken, uploadLimit: cap, labels: { cap: String(cap) } })
      await node.start()
      nodes.push(node)
    }
    await waitFor(() => host.members().filter(m => m.measuredAt > 0).length === 3, 60_000, 'three measurements')
    const members = host.members()
    for (const m of members) {
      console.log('      cap %s MiB/s measured %s MiB/s (down %s MiB/s, rtt %d ms)', (Number(m.labels.cap) / MiB).toFixed(1), (m.uploadBps / MiB).toFixed(2), (m.downloadBps / MiB).toFixed(1), m.rttMs)
    }
    assert.deepEqual(members.map(m => Number(m.labels.cap)), [2 * MiB, 1 * MiB, MiB / 2])
    for (const m of members) {
      const cap = Number(m.labels.cap)
      assert.ok(Math.abs(m.uploadBps - cap) / cap <= 0.2, `cap ${cap} measured ${m.uploadBps}`)
    }
  })

  it('starts a probe only once the joins have settled, and no later than PROBE_SETTLE_MAX_MS after it was asked for', async () => {
    // a libp2p whose ping only notes when each probe started (and ends it)
    const started: Array<{ peer: string, at: number }> = []
    const libp2p: any = { services: { ping: { ping: async (peer: any) => { started.push({ peer: peer.toString(), at: Date.now() }); throw new Error('ping: not in this test') } } } }
    const prober = new Prober({ libp2p, limiter: createUploadLimiter() })
    const peer = (id: string): any => ({ toString: () => id })
    const t0 = Date.now()
    const first = prober.measure(peer('a')).catch(() => {})
    await sleep(PROBE_SETTLE_MS * 0.6)
    const second = prober.measure(peer('b')).catch(() => {})
    assert.equal(prober.busy, true)
    await Promise.all([first, second])
    assert.deepEqual(started.map(s => s.peer), ['a', 'b'])
    // the burst's last ask came at 0.6 s: nothing was probed before 1.6 s
    assert.ok(started[0].at - t0 >= PROBE_SETTLE_MS * 1.6 - 50, `first probe after ${started[0].at - t0} ms`)
    assert.equal(prober.busy, false)

    // asks that never stop: the first probe still starts once it has waited PROBE_SETTLE_MAX_MS
    started.length = 0
    const t1 = Date.now()
    const steady = prober.measure(peer('c')).catch(() => {})
    const others: Array<Promise<unknown>> = []
    for (let i = 0; started.length === 0 && Date.now() - t1 < PROBE_SETTLE_MAX_MS * 2; i++) {
      // well inside the settle, so that a busy machine's late timer does not open a quiet second
      await sleep(PROBE_SETTLE_MS / 4)
      others.push(prober.measure(peer(`d${i}`)).catch(() => {}))
    }
    await steady
    const waited = started[0].at - t1
    assert.ok(waited >= PROBE_SETTLE_MAX_MS - 50 && waited < PROBE_SETTLE_MAX_MS + PROBE_SETTLE_MS, `probed after ${waited} ms`)
    await Promise.all(others)
  })

  it('measures a member again after a failed probe, while it stays online', async () => {
    const node = await oneMeasuredMember(200)
    const first = host.members()[0].measuredAt

    // a real node whose probe handler is gone for a while: the host's next probe fails
    const libp2p = (node as any).libp2p
    await libp2p.unhandle(PROBE_PROTOCOL)
    await assert.rejects(host.measure(node.peerId))
    assert.equal(host.members()[0].measuredAt, first, 'a failed probe records nothing')

    // the handler comes back: the retry (after its backoff) measures the member
    const limiter = createUploadLimiter()
    await libp2p.handle(PROBE_PROTOCOL, async (stream: any) => { await answerProbe(stream, limiter) })
    await waitFor(() => host.members()[0].measuredAt > first, 20_000, 'a measurement after the retry')
    assert.ok(host.members()[0].online)
  })

  it('measures a member capped under one filler frame per probe, over a longer probe', async () => {
    const hostDir = await tempDir()
    const dir = await tempDir()
    dirs.push(hostDir, dir)
    // 200 ms probes: the cap lets out the burst's frame, which is not counted, and the next only after 1.3 s
    host = createHost({ dataDir: hostDir, probeDurationMs: 200 })
    await host.start()
    const cap = 48 * 1024
    const node = createNode({ dataDir: dir, host: host.multiaddrs()[0], joinToken: host.joinToken, uploadLimit: cap })
    await node.start()
    nodes.push(node)
    await waitFor(() => host.members()[0]?.measuredAt > 0, 30_000, 'a measurement of the capped member')
    const { uploadBps } = host.members()[0]
    assert.ok(Math.abs(uploadBps - cap) / cap <= 0.25, `cap ${cap} B/s measured ${uploadBps} B/s`)
  })

  it('keeps the higher of its upload readings: a probe that a stall slowed does not set the member\'s rate', async () => {
    const node = await oneMeasuredMember(500)

    // the node answers the next measurement's first upload probe at an eighth of the rate of the others
    const slow = MiB / 8
    const fast = MiB
    const libp2p = (node as any).libp2p
    await libp2p.unhandle(PROBE_PROTOCOL)
    let answered = 0
    await libp2p.handle(PROBE_PROTOCOL, async (stream: any) => { await answerProbe(stream, createUploadLimiter(answered++ === 0 ? slow : fast)) })
    const measured = await host.measure(node.peerId)
    assert.equal(answered, UPLOAD_PROBES + 1, 'the upload probes, then the download probe')
    assert.ok(measured.uploadBps > fast / 2, `upload ${Math.round(measured.uploadBps)} B/s: the faster reading (${fast} B/s), not the first (${slow} B/s)`)
    assert.equal(host.members()[0].uploadBps, Math.round(measured.uploadBps))
  })
})

describe('speed probe: a sender that stalls', () => {
  it('is cut off when the caller gives up, not when the stream idles out', async () => {
    const [hostSide, nodeSide] = await streamPair()
    // the node reads the request and then sends nothing, and never closes
    nodeSide.addEventListener('message', () => {})
    const started = Date.now()
    await assert.rejects(measureUpload(hostSide, 1_000, { signal: AbortSignal.timeout(300) }))
    assert.ok(Date.now() - started < 5_000, `gave up after ${Date.now() - started} ms`)
    nodeSide.abort(new Error('test over'))
  })
})
