import assert from 'node:assert/strict'
import fc from 'fast-check'
import { generateFleet, InvalidSimInputError, simulate, simulateFlows } from '../src/sim/index.js'
import { planTree } from '../src/tree/index.js'
import type { PlanPeer } from '../src/tree/index.js'
import type { RelayMode, Strategy } from '../src/sim/index.js'
import { binaryParents, topologyOf } from '../src/sim/topology.js'

const MB = 1e6
const SIZE = 64 * MB
const CHUNK = 1 * MB

function close (actual: number, expected: number, message?: string): void {
  assert.ok(Math.abs(actual - expected) <= 1e-6 * Math.max(1, Math.abs(expected)), message ?? `${actual} != ${expected}`)
}

function equalPeers (count: number, upload: number): PlanPeer[] {
  return Array.from({ length: count }, (_, i) => ({ id: `p${i}`, upload }))
}

/**
 * Reference model, written the obvious way: at every step recompute every
 * flow's rate by water-filling each uplink, advance all flows to the next
 * chunk completion. O(N) per step: only for small fleets.
 */
function referenceFlows (parent: Int32Array, upload: number[], download: number[], size: number, chunkSize: number, relay: RelayMode): number[] {
  const nodes = parent.length
  const chunks = Math.ceil(size / chunkSize)
  const chunkBytes = (k: number): number => k === chunks - 1 ? size - (chunks - 1) * chunkSize : chunkSize
  const received = new Array<number>(nodes).fill(0)
  received[0] = chunks
  const left = new Array<number | undefined>(nodes).fill(undefined)
  const completion = new Array<number>(nodes).fill(Infinity)
  completion[0] = 0
  const available = (v: number): number => v === 0 || relay === 'pipelined' || received[v] === chunks ? received[v] : 0
  let t = 0
  for (;;) {
    const rate = new Array<number>(nodes).fill(0)
    const activeOf = new Map<number, number[]>()
    for (let c = 1; c < nodes; c++) {
      if (received[c] < chunks && received[c] < available(parent[c])) {
        left[c] ??= chunkBytes(received[c])
        activeOf.set(parent[c], [...(activeOf.get(parent[c]) ?? []), c])
      }
    }
    for (const [p, active] of activeOf) {
      const byDownload = [...active].sort((a, b) => download[a] - download[b])
      let spare = upload[p]
      byDownload.forEach((c, i) => {
        const fair = spare / (byDownload.length - i)
        rate[c] = Math.min(download[c], fair)
        spare -= rate[c]
      })
    }
    let step = Infinity
    for (const active of activeOf.values()) {
      for (const c of active) if (rate[c] > 0) step = Math.min(step, left[c]! / rate[c])
    }
    if (step === Infinity) return completion
    t += step
    for (const active of activeOf.values()) {
      for (const c of active) {
        left[c] = left[c]! - rate[c] * step
        if (left[c]! <= 1e-9 * chunkSize) {
          received[c]++
          left[c] = undefined
          if (received[c] === chunks) completion[c] = t
        }
      }
    }
  }
}

describe('flow simulator', () => {
  describe('known answers', () => {
    it('a single hop takes S / U', () => {
      const result = simulate({ size: SIZE, chunkSize: CHUNK, hostUpload: 10 * MB, peers: equalPeers(1, 5 * MB), strategy: 'star' })
      close(result.makespan, 6.4)
      close(result.ratio, 1)
      assert.equal(result.hostCopies, 1)
    })

    it('a chain of 3 equal relays, pipelined: S/U + 2·C/U', () => {
      const result = simulate({ size: SIZE, chunkSize: CHUNK, hostUpload: 4 * MB, peers: equalPeers(3, 4 * MB), strategy: 'tree-max-rate', planOptions: { maxFanout: 1 } })
      assert.equal(result.depth, 3)
      close(result.makespan, 16 + 2 * 0.25)
      close(result.completion.get('p0')!, 16)
      close(result.completion.get('p1')!, 16.25)
    })

    it('the same chain store-and-forward: 3·S/U', () => {
      const plan = planTree(4 * MB, equalPeers(3, 4 * MB), { maxFanout: 1 })
      const result = simulate({ size: SIZE, chunkSize: CHUNK, hostUpload: 4 * MB, peers: equalPeers(3, 4 * MB), plan, relay: 'store-and-forward' })
      assert.equal(result.strategy, 'given')
      close(result.makespan, 48)
    })

    it('a star of N: N·S / U_h, the host sending N copies', () => {
      const result = simulate({ size: SIZE, chunkSize: CHUNK, hostUpload: 4 * MB, peers: equalPeers(10, 4 * MB), strategy: 'star' })
      close(result.makespan, 160)
      assert.equal(result.hostCopies, 10)
      for (const time of result.completion.values()) close(time, 160)
    })

    it('binary store-and-forward: 2·S/U per level', () => {
      // host -> p0, p1 at U/2 each: 2 S/U = 32 s; p0 -> p2, p3 and p1 -> p4, p5: 32 s more
      const full = simulate({ size: SIZE, chunkSize: CHUNK, hostUpload: 4 * MB, peers: equalPeers(6, 4 * MB), strategy: 'binary-saf' })
      assert.equal(full.depth, 2)
      close(full.makespan, 64)
      close(full.completion.get('p0')!, 32)
      // three clients: p0's single child p2 gets p0's whole uplink: 32 + 16 s
      const three = simulate({ size: SIZE, chunkSize: CHUNK, hostUpload: 4 * MB, peers: equalPeers(3, 4 * MB), strategy: 'binary-saf' })
      close(three.makespan, 48)
      // seven clients: p6, p2's only child, gets p2's whole uplink: 64 + 16 s
      close(simulate({ size: SIZE, chunkSize: CHUNK, hostUpload: 4 * MB, peers: equalPeers(7, 4 * MB), strategy: 'binary-saf' }).makespan, 80)
    })

    it('a download-capped child leaves its share to its siblings (max-min fair)', () => {
      // host 10 MB/s; a downloads at 2, b is uncapped and gets the other 8
      const peers: PlanPeer[] = [{ id: 'a', upload: 1, download: 2 * MB }, { id: 'b', upload: 1 }]
      const result = simulate({ size: 16 * MB, chunkSize: CHUNK, hostUpload: 10 * MB, peers, strategy: 'star' })
      close(result.completion.get('b')!, 2)
      close(result.completion.get('a')!, 8)
      // T* = S / min D = 8 s: the capped download is the bound
      close(result.ratio, 1)
    })

    it('a capped child becomes uncapped when its siblings finish', () => {
      // host 12: a (download 3) capped at 3, b and c 4.5 each. b, c done at 2 s (9 MB);
      // a has 3 MB left, alone it is still capped at 3: done at 3 s.
      const peers: PlanPeer[] = [{ id: 'a', upload: 0, download: 3 * MB }, { id: 'b', upload: 0 }, { id: 'c', upload: 0 }]
      const result = simulate({ size: 9 * MB, chunkSize: 0.5 * MB, hostUpload: 12 * MB, peers, strategy: 'star' })
      close(result.completion.get('b')!, 2)
      close(result.completion.get('a')!, 3)
    })

    it('a relay that cannot upload starves its subtree: Infinity, not a hang', () => {
      const peers: PlanPeer[] = [{ id: 'a', upload: 0 }, { id: 'b', upload: 0 }, { id: 'c', upload: 5 * MB }]
      const plan = planTree(1 * MB, peers, { hostMaxFanout: 1, maxFanout: 2 })
      const result = simulate({ size: SIZE, chunkSize: CHUNK, hostUpload: 1 * MB, peers, plan })
      close(result.completion.get('c')!, 64)
      // c relays to a and b at 2.5 MB/s each, pipelined behind c's 1 MB/s feed
      close(result.makespan, 64 + 0.4)
      const starved = planTree(1 * MB, peers, { hostMaxFanout: 1, maxFanout: 2 })
      starved.parentOf.set('b', 'a')
      starved.parentOf.set('a', 'c')
      const stuck = simulate({ size: SIZE, chunkSize: CHUNK, hostUpload: 1 * MB, peers, plan: starved })
      assert.equal(stuck.completion.get('b'), Infinity)
      assert.equal(stuck.makespan, Infinity)
    })

    it('rejects nonsense', () => {
      assert.throws(() => simulate({ size: 0, chunkSize: 1, hostUpload: 1, peers: [] }), InvalidSimInputError)
      const plan = planTree(1, equalPeers(2, 1))
      plan.parentOf.set('p0', 'p1')
      plan.parentOf.set('p1', 'p0')
      assert.throws(() => simulate({ size: 1, chunkSize: 1, hostUpload: 1, peers: equalPeers(2, 1), plan }), InvalidSimInputError)
    })
  })

  it('the planned tree beats the star and store-and-forward for N = 32', () => {
    const peers = generateFleet(32, [{ upload: 5 * MB, fraction: 0.25 }, { upload: 2 * MB, fraction: 0.5 }, { upload: 0.5 * MB, fraction: 0.25 }], 1)
    const results = Object.fromEntries((['tree', 'star', 'binary-saf'] as Strategy[]).map(strategy =>
      [strategy, simulate({ size: SIZE, chunkSize: CHUNK, hostUpload: 5 * MB, peers, strategy })]))
    assert.ok(results.tree.makespan < results.star.makespan / 5, `${results.tree.makespan} vs ${results.star.makespan}`)
    assert.ok(results.tree.makespan < results['binary-saf'].makespan)
    assert.ok(results.tree.ratio < 2)
    assert.ok(results.tree.hostCopies <= 4)
  })

  const fleetArb = fc.record({
    hostUpload: fc.integer({ min: 1, max: 40 }).map(n => n * 0.5 * MB),
    peers: fc.array(fc.record({
      upload: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 40 }).map(n => n * 0.5 * MB)),
      download: fc.option(fc.integer({ min: 1, max: 40 }).map(n => n * 0.5 * MB), { nil: undefined })
    }), { minLength: 1, maxLength: 40 }),
    chunks: fc.integer({ min: 1, max: 16 }),
    strategy: fc.constantFrom<Strategy>('tree', 'tree-max-rate', 'star', 'binary-saf'),
    maxFanout: fc.integer({ min: 1, max: 6 })
  }).map(({ peers, ...rest }) => ({
    ...rest,
    peers: peers.map((peer, i): PlanPeer => ({ id: `p${i}`, upload: peer.upload, ...(peer.download === undefined ? {} : { download: peer.download }) }))
  }))

  it('never beats T*, and every client finishes unless a relay cannot upload', () => {
    fc.assert(fc.property(fleetArb, ({ hostUpload, peers, chunks, strategy, maxFanout }) => {
      const result = simulate({ size: 8 * MB, chunkSize: 8 * MB / chunks, hostUpload, peers, strategy, planOptions: { maxFanout } })
      assert.ok(result.makespan >= result.lowerBound * (1 - 1e-9), `${result.makespan} < T* ${result.lowerBound}`)
      if (strategy === 'star') assert.ok(Number.isFinite(result.makespan))
      if (Number.isFinite(result.makespan)) assert.equal(result.events, peers.length * chunks)
    }), { numRuns: 300 })
  })

  it('matches a naive reference model on random trees with download caps', () => {
    fc.assert(fc.property(fleetArb, fc.boolean(), ({ hostUpload, peers, chunks, strategy, maxFanout }, storeAndForward) => {
      const size = 8 * MB
      const chunkSize = size / chunks + 1 // a shorter last chunk
      const plan = planTree(hostUpload, peers, { maxFanout })
      const parent = strategy === 'binary-saf'
        ? binaryParents(peers.length)
        : strategy === 'star'
          ? Int32Array.from([-1, ...peers.map(() => 0)])
          : Int32Array.from([-1, ...peers.map(peer => {
            const of = plan.parentOf.get(peer.id)
            return of === null || of === undefined ? 0 : Number(of.slice(1)) + 1
          })])
      const upload = [hostUpload, ...peers.map(peer => peer.upload)]
      const download = [Infinity, ...peers.map(peer => peer.download ?? Infinity)]
      const relay: RelayMode = storeAndForward ? 'store-and-forward' : 'pipelined'
      const fast = simulateFlows(topologyOf(parent, Float64Array.from(download), relay), { upload: Float64Array.from(upload), download: Float64Array.from(download) }, size, chunkSize)
      const reference = referenceFlows(parent, upload, download, size, chunkSize, relay)
      for (let v = 0; v < parent.length; v++) {
        if (reference[v] === Infinity) assert.equal(fast.completion[v], Infinity)
        else close(fast.completion[v], reference[v], `node ${v}: ${fast.completion[v]} vs reference ${reference[v]}`)
      }
    }), { numRuns: 200 })
  })

  it('matches the reference when download caps bind and shares shrink and grow', () => {
    // Fast uplinks, slow downloads, children that wait on pipelined relays: the
    // capped set both grows and shrinks.
    const capsArb = fc.record({
      hostUpload: fc.integer({ min: 4, max: 20 }),
      peers: fc.array(fc.record({ upload: fc.integer({ min: 1, max: 20 }), download: fc.integer({ min: 1, max: 8 }) }), { minLength: 2, maxLength: 24 }),
      parents: fc.array(fc.nat(), { minLength: 24, maxLength: 24 }),
      chunks: fc.integer({ min: 1, max: 8 }),
      storeAndForward: fc.boolean()
    })
    fc.assert(fc.property(capsArb, ({ hostUpload, peers, parents, chunks, storeAndForward }) => {
      // any parent with a smaller index: always a tree
      const parent = Int32Array.from([-1, ...peers.map((_, i) => parents[i] % (i + 1))])
      const upload = [hostUpload * MB, ...peers.map(peer => peer.upload * MB)]
      const download = [Infinity, ...peers.map(peer => peer.download * MB)]
      const relay: RelayMode = storeAndForward ? 'store-and-forward' : 'pipelined'
      const size = chunks * MB
      const fast = simulateFlows(topologyOf(parent, Float64Array.from(download), relay), { upload: Float64Array.from(upload), download: Float64Array.from(download) }, size, MB)
      const reference = referenceFlows(parent, upload, download, size, MB, relay)
      for (let v = 0; v < parent.length; v++) close(fast.completion[v], reference[v], `node ${v}: ${fast.completion[v]} vs reference ${reference[v]}`)
    }), { numRuns: 300 })
  })

  it('simulates 10,000 clients quickly (timing printed)', () => {
    const peers = generateFleet(10_000, [{ upload: 5 * MB, fraction: 0.25 }, { upload: 2 * MB, fraction: 0.5 }, { upload: 0.5 * MB, fraction: 0.25 }], 3)
    for (const strategy of ['tree', 'star', 'binary-saf'] as Strategy[]) {
      const result = simulate({ size: SIZE, chunkSize: CHUNK, hostUpload: 5 * MB, peers, strategy })
      console.log(`      ${strategy}: makespan/T* ${result.ratio.toFixed(2)}, plan ${result.planMs.toFixed(0)} ms, sim ${result.simMs.toFixed(0)} ms`)
      assert.equal(result.events, 10_000 * 64)
      assert.ok(Number.isFinite(result.makespan))
    }
  })

  it('generates the same fleet from the same seed, with the asked proportions', () => {
    const classes = [{ upload: 1, fraction: 0.25 }, { upload: 2, fraction: 0.5 }, { upload: 3, fraction: 0.25 }]
    const a = generateFleet(10, classes, 9)
    assert.deepEqual(a, generateFleet(10, classes, 9))
    assert.notDeepEqual(a.map(p => p.upload), generateFleet(10, classes, 10).map(p => p.upload))
    const counts = [1, 2, 3].map(u => a.filter(p => p.upload === u).length)
    assert.equal(counts.reduce((x, y) => x + y), 10)
    assert.equal(counts[1], 5)
  })
})
