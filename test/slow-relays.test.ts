import assert from 'node:assert/strict'
import { LATE_REPORT_MS, SLOW_CHECKS, SlowRelays, minLag } from '../src/node/host/deployment/slow-relays.js'
import { noteReport, reportAge } from '../src/node/host/deployment/report-lag.js'
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
    const nodes = ['r', 'a', 'b', 'c'].map(peerId => ({ peerId, stripeChunks: [at(peerId, t)], reportedAt: t * 1000, reportLag: 0 }))
    for (const slow of detector.check(nodes, new Set(stopped), t * 1000)) stopped.push(slow.relay)
  }
  return stopped
}

/** Two stripes: r → a, b, c in stripe 0; the host feeds everyone stripe 1. */
function twoStripes (): StripedPlan {
  const tree = (parentOf: Map<string, string | null>): Plan => ({ order: ['r', 'a', 'b', 'c'], children: [], streamRate: RATE, depth: 2, parentOf, maxFanout: 4, hostMaxFanout: 4, degraded: false }) as unknown as Plan
  return {
    order: ['r', 'a', 'b', 'c'],
    stripes: [tree(new Map([['r', null], ['a', 'r'], ['b', 'r'], ['c', 'r']])), tree(new Map([['r', null], ['a', null], ['b', null], ['c', null]]))],
    streamRate: 2 * RATE,
    depth: 2,
    degraded: false
  }
}

describe('slow relays (src/node/host/deployment/slow-relays.ts)', () => {
  it('leaves a relay alone whose children keep up with it', () => {
    assert.deepEqual(run((id, t) => id === 'r' ? 10 * t : Math.max(0, 10 * t - 4), 20), [])
  })

  it('stops a relay that holds chunks its children get at a tenth of the planned rate', () => {
    const stopped = run((id, t) => id === 'r' ? 10 * t : t, 20)
    assert.deepEqual(stopped, ['r'])
  })

  it('does not blame a relay that is starved itself: its children keep up with what it has', () => {
    assert.deepEqual(run((id, t) => id === 'r' ? t + minLag(RATE, CHUNK) - 1 : t, 20), [])
  })

  it('blames one slow child on its own link, not on a relay that feeds the others well', () => {
    assert.deepEqual(run((id, t) => id === 'r' ? 10 * t : id === 'a' ? t : 10 * t - 2, 20), [])
  })

  it('blames no parent of a child that is slow from all of them (its own download, or its uplink holding back its acknowledgements)', () => {
    // two stripes: r feeds a in stripe 0 and b feeds a in stripe 1; a crawls in both, b and c keep up
    const parentOf0 = new Map<string, string | null>([['r', null], ['b', null], ['a', 'r'], ['c', 'r']])
    const parentOf1 = new Map<string, string | null>([['r', null], ['b', null], ['a', 'b'], ['c', 'b']])
    const tree = (parentOf: Map<string, string | null>): Plan => ({ order: ['r', 'b', 'a', 'c'], children: [], streamRate: RATE, depth: 2, parentOf, maxFanout: 4, hostMaxFanout: 4, degraded: false }) as unknown as Plan
    const detector = new SlowRelays('d1', CHUNK, 10_000)
    detector.watch({ order: ['r', 'b', 'a', 'c'], stripes: [tree(parentOf0), tree(parentOf1)], streamRate: 2 * RATE, depth: 2, degraded: false })
    const stopped: string[] = []
    for (let t = 0; t <= 20; t++) {
      const nodes = ['r', 'b', 'a', 'c'].map(peerId => ({ peerId, stripeChunks: peerId === 'a' ? [t, t] : [10 * t, 10 * t], reportedAt: t * 1000, reportLag: 0 }))
      for (const slow of detector.check(nodes, new Set(stopped), t * 1000)) stopped.push(slow.relay)
    }
    assert.deepEqual(stopped, [])
  })

  it('names the stopped relay\'s unfinished children, each in its stripe, for the host to take over', () => {
    const detector = new SlowRelays('d1', CHUNK, 10_000)
    detector.watch(plan())
    let found: Array<{ child: string, stripe: number }> = []
    for (let t = 0; t <= 20 && found.length === 0; t++) {
      const nodes = ['r', 'a', 'b', 'c'].map(peerId => ({ peerId, stripeChunks: [peerId === 'r' ? 10 * t : t], reportedAt: t * 1000, reportLag: 0 }))
      found = detector.check(nodes, new Set(), t * 1000)[0]?.children ?? []
    }
    assert.deepEqual(found.map(edge => edge.child).sort(), ['a', 'b', 'c'])
    assert.ok(found.every(edge => edge.stripe === 0))
  })

  /** r's uplink collapses at 5 s; `report(t)` is what reaches the host of r at t; children crawl in stripe 0, stripe 1 (`fed`) as given. */
  function collapse (report: (t: number) => { chunks: number, reportedAt: number, reportLag: number }, fed: (t: number) => number): number {
    const detector = new SlowRelays('d1', CHUNK, 10_000)
    detector.watch(twoStripes())
    for (let t = 0; t <= 30; t++) {
      const r = report(t)
      const nodes = ['r', 'a', 'b', 'c'].map(peerId => peerId === 'r'
        ? { peerId, stripeChunks: [r.chunks, 10 * t], reportedAt: r.reportedAt, reportLag: r.reportLag }
        : { peerId, stripeChunks: [t <= 5 ? 10 * t : 50 + (t - 5) / 2, fed(t)], reportedAt: t * 1000, reportLag: 0 })
      if (detector.check(nodes, new Set(), t * 1000).length > 0) return t
    }
    return -1
  }

  it('stops a relay that fell silent while its children starve, though its last report showed no lag', () => {
    const stoppedAt = collapse(t => ({ chunks: 10 * Math.min(t, 5) + 1, reportedAt: Math.min(t, 5) * 1000, reportLag: 0 }), t => 10 * t)
    assert.ok(stoppedAt >= 5 + LATE_REPORT_MS / 1000 && stoppedAt <= 5 + LATE_REPORT_MS / 1000 + SLOW_CHECKS, `stopped at ${stoppedAt} s`)
    // the same children with r reporting on time (and holding nothing more): r is starved itself, not slow
    assert.equal(collapse(t => ({ chunks: 10 * Math.min(t, 5) + 1, reportedAt: t * 1000, reportLag: 0 }), t => 10 * t), -1)
    // silent, but its children starve in every stripe (their own download): not r's doing
    assert.equal(collapse(t => ({ chunks: 10 * Math.min(t, 5) + 1, reportedAt: Math.min(t, 5) * 1000, reportLag: 0 }), t => t <= 5 ? 10 * t : 50 + (t - 5) / 2), -1)
  })

  it('stops a relay whose reports arrive on time but each one waited seconds behind its uplink', () => {
    // its reports still trickle in, each later than the last, saying what was true when sent
    const stoppedAt = collapse(t => {
      const lag = Math.max(0, t - 5) * 900
      return { chunks: 10 * Math.min((t * 1000 - lag) / 1000, 5) + 1, reportedAt: t * 1000, reportLag: lag }
    }, t => 10 * t)
    assert.ok(stoppedAt > 5 && stoppedAt <= 5 + 6 + SLOW_CHECKS, `stopped at ${stoppedAt} s`)
  })

  it('does not blame the parents of a child that was stopped as a relay (its own uplink collapsed)', () => {
    const detector = new SlowRelays('d1', CHUNK, 10_000)
    detector.watch(plan())
    const stopped: string[] = []
    for (let t = 0; t <= 20; t++) {
      // a crawls and b too: two of r's three children, which would make r slow, but both were stopped as relays
      const nodes = ['r', 'a', 'b', 'c'].map(peerId => ({ peerId, stripeChunks: [peerId === 'r' || peerId === 'c' ? 10 * t : t], reportedAt: t * 1000, reportLag: 0 }))
      for (const slow of detector.check(nodes, new Set(['a', 'b', ...stopped]), t * 1000)) stopped.push(slow.relay)
    }
    assert.deepEqual(stopped, [])
  })

  it('judges a re-homed child afresh: what it got from its old parent is not held against the new one', () => {
    const detector = new SlowRelays('d1', CHUNK, 10_000)
    detector.watch(plan())
    const nodes = (t: number, r: number, a: number): Array<{ peerId: string, stripeChunks: number[], reportedAt: number, reportLag: number }> =>
      [['r', r], ['a', a], ['b', 10 * t], ['c', 10 * t]].map(([peerId, chunks]) => ({ peerId: peerId as string, stripeChunks: [chunks as number], reportedAt: t * 1000, reportLag: 0 }))
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

  it('waits for the window and for several slow rounds before it acts', () => {
    // slow from the start: the window must fill (4 s) and the edge stay slow SLOW_CHECKS rounds
    const detector = new SlowRelays('d1', CHUNK, 10_000)
    detector.watch(plan())
    let firstStop = -1
    for (let t = 0; t <= 20 && firstStop < 0; t++) {
      const nodes = ['r', 'a', 'b', 'c'].map(peerId => ({ peerId, stripeChunks: [peerId === 'r' ? 10 * t : t], reportedAt: t * 1000, reportLag: 0 }))
      if (detector.check(nodes, new Set(), t * 1000).length > 0) firstStop = t
    }
    assert.ok(firstStop >= 3 + SLOW_CHECKS - 1 && firstStop <= 10, `stopped at ${firstStop} s`)
  })
})

describe('report lag (src/node/host/deployment/report-lag.ts)', () => {
  it('takes the quickest report as the clocks\' offset and measures each report\'s wait beyond it', () => {
    const node = { reportedAt: 0, reportLag: 0 } as { reportedAt: number, reportOffset?: number, reportLag: number }
    // the node's clock runs 7 s behind the host's; the first reports take 20 ms
    noteReport(node, 1_000, 8_020)
    noteReport(node, 1_500, 8_520)
    assert.equal(node.reportLag, 0)
    assert.equal(reportAge(node, 8_600), 80)
    // its uplink fills: a report sent at 2.0 s arrives 4 s later than it would have
    noteReport(node, 2_000, 13_020)
    assert.equal(node.reportLag, 4_000)
    assert.equal(reportAge(node, 13_520), 4_500)
    // a report from a node that does not say when it sent it counts as fresh
    noteReport(node, undefined, 14_000)
    assert.equal(reportAge(node, 14_000), 0)
    assert.equal(reportAge({ reportedAt: 0, reportLag: 0 }, 99_000), 0)
  })
})
