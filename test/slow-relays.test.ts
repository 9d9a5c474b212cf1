import assert from 'node:assert/strict'
import { MAX_STOPPED_SHARE, SLOW_CHECKS, STOP_SPACING_MS, SlowRelays, minLag } from '../src/node/host/deployment/slow-relays.js'
import type { StripedPlan, Plan } from '../src/tree/index.js'

const CHUNK = 64 * 1024
/** stripe rate: 10 chunks/s */
const RATE = 10 * CHUNK

/** One stripe: host → r; r → a, b, c. */
function plan (): StripedPlan {
  const parentOf = new Map<string, string | null>([['r', null], ['a', 'r'], ['b', 'r'], ['c', 'r']])
  const tree = { order: ['r', 'a', 'b', 'c'], children: [], streamRate: RATE, depth: 2, parentOf, maxFanout: 4, hostMaxFanout: 4, degraded: false } as unknown as Plan
  return { order: tree.order, stripes: [tree], streamRate: RATE, depth: 2, degraded: false }
}

/** Runs the detector over `seconds` rounds, with each node's chunks at second t from `at`. */
function run (at: (id: string, t: number) => number, seconds: number): string[] {
  const detector = new SlowRelays('d1', CHUNK, 10_000)
  detector.watch(plan())
  const stopped: string[] = []
  for (let t = 0; t <= seconds; t++) {
    const nodes = ['r', 'a', 'b', 'c'].map(peerId => ({ peerId, stripeChunks: [at(peerId, t)] }))
    for (const slow of detector.check(nodes, new Set(stopped), t * 1000)) stopped.push(slow.relay)
  }
  return stopped
}

/** Two stripes: r feeds a and c in stripe 0, b feeds them in stripe 1 (r and b are stripe roots). */
function twoParentsOfA (): SlowRelays {
  const tree = (parentOf: Map<string, string | null>): Plan => ({ order: ['r', 'b', 'a', 'c'], children: [], streamRate: RATE, depth: 2, parentOf, maxFanout: 4, hostMaxFanout: 4, degraded: false }) as unknown as Plan
  const detector = new SlowRelays('d1', CHUNK, 10_000)
  detector.watch({
    order: ['r', 'b', 'a', 'c'],
    stripes: [
      tree(new Map([['r', null], ['b', null], ['a', 'r'], ['c', 'r']])),
      tree(new Map([['r', null], ['b', null], ['a', 'b'], ['c', 'b']]))
    ],
    streamRate: 2 * RATE,
    depth: 2,
    degraded: false
  })
  return detector
}

/** Two stripes: p feeds x, y and z in stripe 0, x feeds p, y and z in stripe 1 (p and x are stripe roots). */
function crossFed (): SlowRelays {
  const tree = (parentOf: Map<string, string | null>): Plan => ({ order: ['p', 'x', 'y', 'z'], children: [], streamRate: RATE, depth: 2, parentOf, maxFanout: 4, hostMaxFanout: 4, degraded: false }) as unknown as Plan
  const detector = new SlowRelays('d1', CHUNK, 10_000)
  detector.watch({
    order: ['p', 'x', 'y', 'z'],
    stripes: [tree(new Map([['p', null], ['x', 'p'], ['y', 'p'], ['z', 'p']])), tree(new Map([['x', null], ['p', 'x'], ['y', 'x'], ['z', 'x']]))],
    streamRate: 2 * RATE,
    depth: 2,
    degraded: false
  })
  return detector
}

describe('slow relays (src/node/host/deployment/slow-relays.ts)', () => {
  it('leaves a relay alone whose children keep up with it', () => {
    assert.deepEqual(run((id, t) => id === 'r' ? 10 * t : Math.max(0, 10 * t - 4), 20), [])
  })

  it('stops a relay that holds chunks its children get at a tenth of the planned rate', () => {
    const stopped = run((id, t) => id === 'r' ? 10 * t : t, 20)
    assert.deepEqual(stopped, ['r'])
  })

  it('stops a relay within seconds of its uplink dropping: its children get nothing while it holds a chunk they lack and still receives a little', () => {
    // until 5 s all is on plan; then r's uplink drops: its children get nothing more, and r's own
    // download (its acknowledgements wait behind what it sends) brings it one chunk every 4 s
    const drop = 5
    const stopped: number[] = []
    const detector = new SlowRelays('d1', CHUNK, 10_000)
    detector.watch(plan())
    for (let t = 0; t <= 40 && stopped.length === 0; t++) {
      const r = t <= drop ? 10 * t : 10 * drop + Math.floor((t - drop) / 4)
      const nodes = ['r', 'a', 'b', 'c'].map(peerId => ({ peerId, stripeChunks: [peerId === 'r' ? r : Math.max(0, 10 * Math.min(t, drop) - 2)] }))
      if (detector.check(nodes, new Set(), t * 1000).length > 0) stopped.push(t)
    }
    // its children trail it by less than minLag until 25 s: judged by what it holds beyond their
    // credit window alone, it would only be stopped then
    assert.ok(stopped.length === 1 && stopped[0] <= drop + 4 + SLOW_CHECKS, `stopped at ${stopped.join(', ')} s`)
  })

  it('stops a relay whose uplink collapsed by what it sends, even when its own download stopped too and its reports show nothing received', () => {
    // r relays 10 chunks/s to each of 3 children until 5 s; then it sends 1 KB/s in all, holding the
    // chunk each child waits for, and receives nothing itself (its acknowledgements wait in its queue)
    const drop = 5
    const detector = new SlowRelays('d1', CHUNK, 10_000)
    detector.watch(plan())
    const stopped: number[] = []
    for (let t = 0; t <= 40 && stopped.length === 0; t++) {
      const sent = t <= drop ? 3 * 10 * CHUNK * t : 3 * 10 * CHUNK * drop + 1024 * (t - drop)
      const nodes = ['r', 'a', 'b', 'c'].map(peerId => ({ peerId, stripeChunks: [peerId === 'r' ? 10 * Math.min(t, drop) : Math.max(0, 10 * Math.min(t, drop) - 1)], bytesSent: peerId === 'r' ? sent : 0 }))
      if (detector.check(nodes, new Set(), t * 1000).length > 0) stopped.push(t)
      if (t === drop + 4) assert.deepEqual([...detector.starving], ['r'], 'no re-homed child goes to it')
    }
    assert.ok(stopped.length === 1 && stopped[0] <= drop + 4 + SLOW_CHECKS, `stopped at ${stopped.join(', ')} s`)
  })

  it('blames the relay whose uplink collapsed, not the parent it starves under', () => {
    // stripe 0: p feeds x, y, z; stripe 1: x feeds p, y, z. After 5 s x sends a trickle, holding one chunk
    // more than each of its children, and its own download from p stops (its reports show nothing more)
    const detector = crossFed()
    const drop = 5
    const stopped: string[] = []
    for (let t = 0; t <= 30; t++) {
      const on = 10 * Math.min(t, drop)
      const nodes = ['p', 'x', 'y', 'z'].map(peerId => {
        const stripe0 = peerId === 'x' ? on : 10 * t
        const stripe1 = peerId === 'x' ? on + 1 : on
        const bytesSent = peerId === 'x' ? 3 * 10 * CHUNK * Math.min(t, drop) + 1024 * Math.max(0, t - drop) : 10 * CHUNK * t
        return { peerId, stripeChunks: [stripe0, stripe1], bytesSent }
      })
      for (const slow of detector.check(nodes, new Set(stopped), t * 1000)) stopped.push(slow.relay)
    }
    assert.deepEqual(stopped, ['x'])
  })

  it('does not take a relay that sends little because it has little for one whose uplink collapsed', () => {
    // r receives 1 chunk/s (a tenth of the plan) and its children hold all of it at every report
    const detector = new SlowRelays('d1', CHUNK, 10_000)
    detector.watch(plan())
    for (let t = 0; t <= 20; t++) {
      const nodes = ['r', 'a', 'b', 'c'].map(peerId => ({ peerId, stripeChunks: [t], bytesSent: peerId === 'r' ? 3 * CHUNK * t : 0 }))
      assert.deepEqual(detector.check(nodes, new Set(), t * 1000), [], `at ${t} s`)
    }
  })

  it('does not call a child stuck whose parent receives nothing either: the parent is starved, not slow', () => {
    // r and its children stop together at 5 s, r one chunk ahead of them
    assert.deepEqual(run((id, t) => id === 'r' ? 10 * Math.min(t, 5) : Math.max(0, 10 * Math.min(t, 5) - 1), 20), [])
  })

  it('does not blame a relay that is starved itself: its children keep up with what it has', () => {
    assert.deepEqual(run((id, t) => id === 'r' ? t + minLag(RATE, CHUNK) - 1 : t, 20), [])
  })

  it('does not blame a relay starved by its own parent: its children get what it receives, a window behind', () => {
    // r receives at a tenth of the plan and its children trail it by minLag: under the plan's rate, but all r had to give
    const lag = minLag(RATE, CHUNK)
    assert.deepEqual(run((id, t) => id === 'r' ? t + lag : t, 20), [])
  })

  it('does not blame a relay whose own parent stopped feeding it, while its children trail it by a credit window', () => {
    // r got 12 chunks and then nothing; its children hold all but minLag of them and wait with it
    const lag = minLag(RATE, CHUNK)
    assert.deepEqual(run((id, t) => id === 'r' ? Math.min(t, 12) : Math.max(0, Math.min(t, 12) - lag), 20), [])
  })

  it('stops a relay that receives at the planned rate while its children starve', () => {
    // r receives 10 chunks/s (the plan); its children got 3 chunks and then nothing
    assert.deepEqual(run((id, t) => id === 'r' ? 10 * t : Math.min(t, 3), 20), ['r'])
  })

  it('stops a relay that already holds its whole stripe while its children starve', () => {
    // r received everything at once (nothing more to receive in the window): what it holds is what it could forward
    assert.deepEqual(run((id, t) => id === 'r' ? 100 : Math.min(t, 3), 20), ['r'])
  })

  it('judges nothing at the start of a deployment, before a relay\'s own reports span the window', () => {
    const detector = new SlowRelays('d1', CHUNK, 10_000)
    detector.watch(plan())
    const stops: number[] = []
    for (let t = 0; t <= 20; t++) {
      // r's first report comes at 6 s, already far ahead of its children, which get nothing
      const nodes = ['r', 'a', 'b', 'c'].map(peerId => ({ peerId, stripeChunks: peerId === 'r' ? (t < 6 ? [] : [10 * t]) : [0] }))
      // a stopped relay is excluded from then on, as the deployment does
      if (detector.check(nodes, new Set(stops.length > 0 ? ['r'] : []), t * 1000).length > 0) stops.push(t)
    }
    // no history of r before 6 s: its window spans 4 s from then, and the edge must stay slow SLOW_CHECKS rounds
    assert.ok(stops.length === 1 && stops[0] >= 6 + 4 + SLOW_CHECKS - 1, `stopped at ${stops.join(', ')} s`)
  })

  it('blames the relay whose children starve, not its parent, when its collapsed uplink also holds back its own download', () => {
    // stripe 0: p (done) feeds x, which gets nothing more (its acknowledgements wait behind what it sends);
    // stripe 1: x, fed well by the host, holds chunks its children y, z, p get one of per 4 s
    const detector = crossFed()
    const stopped: string[] = []
    for (let t = 0; t <= 20; t++) {
      const nodes = ['p', 'x', 'y', 'z'].map(peerId => ({ peerId, stripeChunks: peerId === 'x' ? [0, 100 + 10 * t] : [5000, 3 + Math.floor(t / 4)] }))
      for (const slow of detector.check(nodes, new Set(stopped), t * 1000)) stopped.push(slow.relay)
    }
    assert.deepEqual(stopped, ['x'])
  })

  it('blames one slow child on its own link, not on a relay that feeds the others well', () => {
    assert.deepEqual(run((id, t) => id === 'r' ? 10 * t : id === 'a' ? t : 10 * t - 2, 20), [])
  })

  it('blames no parent of a child that is slow from all of them (its own download, or its uplink holding back its acknowledgements)', () => {
    // two stripes: r feeds a in stripe 0 and b feeds a in stripe 1; a crawls in both, b and c keep up
    const detector = twoParentsOfA()
    const stopped: string[] = []
    for (let t = 0; t <= 20; t++) {
      const nodes = ['r', 'b', 'a', 'c'].map(peerId => ({ peerId, stripeChunks: peerId === 'a' ? [t, t] : [10 * t, 10 * t] }))
      for (const slow of detector.check(nodes, new Set(stopped), t * 1000)) stopped.push(slow.relay)
    }
    assert.deepEqual(stopped, [])
  })

  it('names a child that starves from every parent as starving (no re-homed child goes to it), and forgets it once it receives again', () => {
    // as above: a crawls from both its parents, b and c keep up; from 12 s on a receives at the plan again
    const detector = twoParentsOfA()
    const seen: string[][] = []
    for (let t = 0; t <= 24; t++) {
      const a = t < 12 ? t : 12 + 10 * (t - 12)
      const nodes = ['r', 'b', 'a', 'c'].map(peerId => ({ peerId, stripeChunks: peerId === 'a' ? [a, a] : [10 * t, 10 * t] }))
      detector.check(nodes, new Set(), t * 1000)
      seen.push([...detector.starving])
    }
    assert.deepEqual(seen[0], [], 'no evidence before the window is covered')
    assert.deepEqual(seen[10], ['a'])
    assert.deepEqual(seen[24], [], 'receiving at the plan again')
    assert.ok(seen.every(names => names.every(name => name === 'a')), 'only a')
  })

  it('names the stopped relay\'s unfinished children, each in its stripe, for the host to take over', () => {
    const detector = new SlowRelays('d1', CHUNK, 10_000)
    detector.watch(plan())
    let found: Array<{ child: string, stripe: number }> = []
    for (let t = 0; t <= 20 && found.length === 0; t++) {
      const nodes = ['r', 'a', 'b', 'c'].map(peerId => ({ peerId, stripeChunks: [peerId === 'r' ? 10 * t : t] }))
      found = detector.check(nodes, new Set(), t * 1000)[0]?.children ?? []
    }
    assert.deepEqual(found.map(edge => edge.child).sort(), ['a', 'b', 'c'])
    assert.ok(found.every(edge => edge.stripe === 0))
  })

  it('does not blame the parents of a child that was stopped as a relay (its own uplink collapsed)', () => {
    const detector = new SlowRelays('d1', CHUNK, 10_000)
    detector.watch(plan())
    const stopped: string[] = []
    for (let t = 0; t <= 20; t++) {
      // a crawls and b too: two of r's three children, which would make r slow, but both were stopped as relays
      const nodes = ['r', 'a', 'b', 'c'].map(peerId => ({ peerId, stripeChunks: [peerId === 'r' || peerId === 'c' ? 10 * t : t] }))
      for (const slow of detector.check(nodes, new Set(['a', 'b', ...stopped]), t * 1000)) stopped.push(slow.relay)
    }
    assert.deepEqual(stopped, [])
  })

  it('judges a re-homed child afresh: what it got from its old parent is not held against the new one', () => {
    const detector = new SlowRelays('d1', CHUNK, 10_000)
    detector.watch(plan())
    const nodes = (t: number, r: number, a: number): Array<{ peerId: string, stripeChunks: number[] }> =>
      [['r', r], ['a', a], ['b', 10 * t], ['c', 10 * t]].map(([peerId, chunks]) => ({ peerId: peerId as string, stripeChunks: [chunks as number] }))
    // a crawls below r for 6 s (one child of three slow is its own link: r is not blamed)
    for (let t = 0; t <= 6; t++) detector.check(nodes(t, 10 * t, t / 10), new Set(), t * 1000)
    // a moves under b, which feeds it at 30 % of the plan (more than SLOW_SHARE): b is not slow
    const moved = plan()
    moved.stripes[0].parentOf.set('a', 'b')
    detector.watch(moved)
    for (let t = 7; t <= 14; t++) {
      assert.deepEqual(detector.check(nodes(t, 10 * t, 0.6 + 3 * (t - 6)), new Set(['r']), t * 1000), [], `at ${t} s`)
    }
  })

  it('stops one relay at a time, and no more than an eighth of the fleet: a machine slow everywhere is not a slow relay', () => {
    // 16 nodes: r1..r4 each feed three children, all at a tenth of the plan
    const ids = ['r1', 'r2', 'r3', 'r4', ...Array.from({ length: 12 }, (_, i) => `c${i}`)]
    const parentOf = new Map<string, string | null>(ids.map((id, i) => [id, i < 4 ? null : `r${Math.floor((i - 4) / 3) + 1}`]))
    const tree = { order: ids, children: [], streamRate: RATE, depth: 2, parentOf, maxFanout: 4, hostMaxFanout: 4, degraded: false } as unknown as Plan
    const detector = new SlowRelays('d1', CHUNK, 10_000)
    detector.watch({ order: ids, stripes: [tree], streamRate: RATE, depth: 2, degraded: false })
    const stops: Array<{ relay: string, at: number }> = []
    for (let t = 0; t <= 40; t++) {
      const nodes = ids.map(peerId => ({ peerId, stripeChunks: [peerId.startsWith('r') ? 10 * t : t] }))
      for (const slow of detector.check(nodes, new Set(stops.map(stop => stop.relay)), t * 1000)) stops.push({ relay: slow.relay, at: t })
    }
    assert.equal(stops.length, Math.max(1, Math.ceil(ids.length * MAX_STOPPED_SHARE)), JSON.stringify(stops))
    assert.ok(stops.every((stop, i) => i === 0 || (stop.at - stops[i - 1].at) * 1000 >= STOP_SPACING_MS), JSON.stringify(stops))
  })

  it('waits for the window and for several slow rounds before it acts', () => {
    // slow from the start: the window must fill (4 s) and the edge stay slow SLOW_CHECKS rounds
    const detector = new SlowRelays('d1', CHUNK, 10_000)
    detector.watch(plan())
    let firstStop = -1
    for (let t = 0; t <= 20 && firstStop < 0; t++) {
      const nodes = ['r', 'a', 'b', 'c'].map(peerId => ({ peerId, stripeChunks: [peerId === 'r' ? 10 * t : t] }))
      if (detector.check(nodes, new Set(), t * 1000).length > 0) firstStop = t
    }
    assert.ok(firstStop >= 3 + SLOW_CHECKS - 1 && firstStop <= 10, `stopped at ${firstStop} s`)
  })
})
