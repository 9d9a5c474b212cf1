import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_CAP_SPEC, InvalidCapSpecError, assignCaps, cycleCaps, parseCapSpec, withDownload } from '../src/bench/caps.js'
import { aria2Args, announceUrl, pieceFor, pieceLog, runSwarm, swarmUnavailable } from '../src/bench/bittorrent.js'
import { DelayUnavailableError, buildDelayProgram } from '../src/bench/delay/index.js'
import { FRAME_BYTES, burstBytes, nfqueueRules, offloadArgs, tbfLine } from '../src/bench/droptail.js'
import { InvalidNetworkOptionError, parseDelay, parseDown, prepareNetwork } from '../src/bench/network-choice.js'
import { watchInstalled } from '../src/bench/on-disk.js'
import { writeRandomFile } from '../src/bench/package-file.js'
import { timeAt } from '../src/bench/analysis.js'
import { checkGoals } from '../src/bench/goals.js'
import { benchAddress, netnsUnavailable } from '../src/bench/netns.js'
import { cpuTicks, readProcStats, statusField } from '../src/bench/proc-stats.js'
import { nodeTimelines, parsePublishLines } from '../src/bench/publish-log.js'
import { planFromLine } from '../src/bench/sim-compare.js'
import { realRunOf } from '../src/bench/strategies.js'
import { percentile } from '../src/bench/stats.js'
import { lineChart } from '../src/bench/svg.js'
import { generateFleet, simulate } from '../src/sim/index.js'
import { chooseChunkSize } from '../src/node/package/index.js'
import { planTree } from '../src/tree/index.js'
import type { ComparisonRow } from '../src/bench/comparison.js'
import type { PlanLine } from '../src/bench/publish-log.js'

const MBIT = 1e6 / 8

describe('bench: caps', () => {
  it('parses rate:fraction classes, with an optional download and /s suffixes', () => {
    assert.deepEqual(parseCapSpec('40mbit:0.25,16mbit/100mbit:0.5,2MiB/s:0.25'), [
      { upload: 40 * MBIT, fraction: 0.25 },
      { upload: 16 * MBIT, download: 100 * MBIT, fraction: 0.5 },
      { upload: 2 * 1024 * 1024, fraction: 0.25 }
    ])
    assert.deepEqual(parseCapSpec('16MiB/s/8MiB/s:1'), [{ upload: 16 * 1024 * 1024, download: 8 * 1024 * 1024, fraction: 1 }])
    assert.deepEqual(parseCapSpec('4mbit'), [{ upload: 4 * MBIT, fraction: 1 }])
  })

  it('refuses nonsense', () => {
    for (const spec of ['', '40mbit:0', '40mbit:-1', 'fast:1', '1mbit/2mbit/3mbit:1', '40mbit:x']) {
      assert.throws(() => parseCapSpec(spec), InvalidCapSpecError, spec)
    }
  })

  it('assigns caps deterministically, with the class sizes the fractions give, as the simulator does', () => {
    const classes = parseCapSpec(DEFAULT_CAP_SPEC)
    const caps = assignCaps(32, classes, 1)
    assert.deepEqual(caps, assignCaps(32, classes, 1))
    assert.notDeepEqual(caps, assignCaps(32, classes, 2))
    const count = (rate: number): number => caps.filter(c => c.upload === rate).length
    assert.deepEqual([count(40 * MBIT), count(16 * MBIT), count(4 * MBIT)], [8, 16, 8])
    assert.deepEqual(caps.map(c => c.upload), generateFleet(32, classes, 1).map(p => p.upload))
  })

  it('rounds class sizes by largest remainder and fills the whole mesh', () => {
    const caps = assignCaps(12, parseCapSpec('16MiB/s:1,8MiB/s:1,4MiB/s:1,2MiB/s:1,1MiB/s:1'), 1)
    assert.equal(caps.length, 12)
    const sizes = [16, 8, 4, 2, 1].map(m => caps.filter(c => c.upload === m * 1024 * 1024).length)
    assert.deepEqual(sizes, [3, 3, 2, 2, 2])
  })
})

describe('bench: analysis', () => {
  it('interpolates when a node reached a byte count', () => {
    const samples: Array<[number, number]> = [[0, 0], [500, 100], [1000, 300], [1500, 300], [2000, 400]]
    assert.equal(timeAt(samples, 0), 0)
    assert.equal(timeAt(samples, 50), 250)
    assert.equal(timeAt(samples, 200), 750)
    assert.equal(timeAt(samples, 300), 1000)
    assert.equal(timeAt(samples, 400), 2000)
    assert.equal(timeAt(samples, 401), undefined)
  })
})

describe('bench: percentile', () => {
  it('uses the nearest rank', () => {
    const values = [5, 1, 4, 2, 3, 8, 7, 6]
    assert.equal(percentile(values, 50), 4)
    assert.equal(percentile(values, 99), 8)
    assert.equal(percentile(values, 0), 1)
    assert.equal(percentile([3], 50), 3)
    assert.ok(Number.isNaN(percentile([], 50)))
  })
})

describe('bench: publish --json lines', () => {
  const plan: PlanLine = {
    nodes: [
      { peerId: 'a', parent: '', uploadBps: 100, depth: 1, rank: 0, version: '' },
      { peerId: 'b', parent: 'a', uploadBps: 50, depth: 2, rank: 1, version: '' }
    ],
    streamRate: 50,
    depth: 2,
    lowerBoundMs: 1000,
    hostUploadBps: 100
  }
  const line = (event: string, body: object): string => JSON.stringify({ event, ...body })
  const progress = (peerId: string, state: string, at: number, bytesReceived: number, bytesSent = 0): string =>
    line('progress', { peerId, state, bytesReceived, bytesSent, reason: '', version: '', at, parent: '' })
  const lines = [
    line('granted', { deploymentId: 'd' }),
    line('upload', { bytes: 10, total: 10 }),
    line('plan', plan),
    progress('a', 'receiving', 1010, 0),
    progress('b', 'receiving', 1020, 0),
    progress('a', 'receiving', 1500, 6, 2),
    progress('a', 'verified', 1700, 10, 4),
    progress('b', 'receiving', 1800, 8),
    progress('b', 'authenticated', 2100, 10),
    progress('a', 'done', 2500, 10, 10),
    'a warning that is not JSON',
    progress('b', 'done', 2600, 10),
    line('summary', {
      deploymentId: 'd',
      version: 'v1',
      success: true,
      hostBytesSent: 10,
      packageSize: 10,
      nodes: [],
      startedAt: 1000,
      finishedAt: 2600,
      lowerBoundMs: 1000,
      hostChildren: 1,
      makespanMs: 1600
    })
  ]

  it('reads the plan, the progress events and the summary', () => {
    const log = parsePublishLines(lines)
    assert.equal(log.plan?.nodes.length, 2)
    assert.equal(log.progress.length, 8)
    assert.equal(log.summary?.makespanMs, 1600)
    assert.deepEqual(log.other, ['a warning that is not JSON'])
  })

  it('turns them into per-node timelines relative to the start', () => {
    const [a, b] = nodeTimelines(parsePublishLines(lines))
    assert.equal(a.peerId, 'a')
    assert.equal(a.receivingMs, 10)
    assert.equal(a.firstBytesMs, 500)
    assert.equal(a.verifiedMs, 700)
    assert.equal(a.doneMs, 1500)
    assert.equal(a.bytesSent, 10)
    assert.deepEqual(a.states, { receiving: 10, verified: 700, done: 1500 })
    // a later state implies the earlier ones: b never reported verified itself
    assert.equal(b.verifiedMs, 1100)
    assert.equal(b.parent, 'a')
    assert.equal(b.depth, 2)
    assert.equal(b.doneMs, 1600)
  })

  it('rebuilds the planner\'s tree from the plan line', () => {
    const tree = planFromLine(plan)
    assert.deepEqual(tree.children.map(n => n.id), ['a'])
    assert.deepEqual(tree.children[0].children.map(n => n.id), ['b'])
    assert.equal(tree.parentOf.get('b'), 'a')
    assert.equal(tree.parentOf.get('a'), null)
    assert.deepEqual(tree.order, ['a', 'b'])
  })

  it('simulates a plan line as the planner\'s own plan', () => {
    const peers = generateFleet(16, parseCapSpec(DEFAULT_CAP_SPEC), 3)
    const plan = planTree(5e6, peers, { size: 8e6, chunkSize: 262144 })
    const line: PlanLine = {
      nodes: [...plan.parentOf].map(([id, parent]) => ({ peerId: id, parent: parent ?? '', uploadBps: 0, depth: 0, rank: plan.order.indexOf(id), version: '' })),
      streamRate: plan.streamRate,
      depth: plan.depth,
      lowerBoundMs: 0,
      hostUploadBps: 5e6
    }
    // depths are only used to order parents before children; give them properly
    const depthOf = (id: string): number => { let d = 1; for (let p = plan.parentOf.get(id); p != null; p = plan.parentOf.get(p)) d++; return d }
    for (const node of line.nodes) node.depth = depthOf(node.peerId)
    const input = { size: 8e6, chunkSize: 262144, hostUpload: 5e6, peers }
    assert.equal(simulate({ ...input, plan: planFromLine(line) }).makespan, simulate({ ...input, plan }).makespan)
  })
})

describe('bench: /proc figures', () => {
  it('parses VmHWM and utime + stime', () => {
    assert.equal(statusField('Name:\tnode\nVmHWM:\t  123456 kB\nVmRSS:\t 1000 kB\n', 'VmHWM'), 123456 * 1024)
    assert.equal(statusField('Name:\tnode\n', 'VmHWM'), 0)
    // a command name with spaces and parentheses
    const stat = '4242 (node (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 37 0 0 20 0 11 0 100 1000 200'
    assert.equal(cpuTicks(stat), 287)
  })

  it('reads this process', async function () {
    if (process.platform !== 'linux') this.skip()
    const stats = await readProcStats(process.pid)
    assert.ok(stats != null)
    assert.ok(stats.peakRssBytes >= stats.rssBytes && stats.rssBytes > 1e6)
    assert.ok(stats.cpuMs > 0)
    assert.equal(await readProcStats(2 ** 22 + 1), undefined)
  })
})

describe('bench: strategies', () => {
  it('a star run leaves the planner no relay: the host takes every node', () => {
    for (const n of [8, 16, 32]) {
      const host = { upload: 10 * MBIT }
      const run = realRunOf('star', n, host)
      assert.ok(typeof run !== 'string')
      const limit = run.nodeUploadLimit as number
      // even if a probe read the limit 30 % high
      const peers = generateFleet(n, parseCapSpec(DEFAULT_CAP_SPEC), 1).map(p => ({ ...p, upload: Math.min(p.upload, limit * 1.3) }))
      const plan = planTree(host.upload, peers, { maxFanout: run.maxFanout, size: 16 * 2 ** 20, chunkSize: 262144 })
      assert.equal(plan.children.length, n)
      assert.equal(plan.depth, 1)
    }
  })

  it('binary store-and-forward runs for real only where cascade publish plans it', () => {
    assert.equal(typeof realRunOf('binary-saf', 8, { upload: 1 }), 'string')
    const run = realRunOf('binary-saf', 8, { upload: 1 }, true)
    assert.ok(typeof run !== 'string')
    assert.equal(run.publishStrategy, 'binary-saf')
    assert.equal(run.relay, 'store-and-forward')
    const star = realRunOf('star', 8, { upload: 1 }, true)
    assert.ok(typeof star !== 'string' && star.publishStrategy === 'star' && star.nodeUploadLimit == null)
  })
})

describe('bench: emulated network addresses', () => {
  it('stay inside 198.18.0.0/15', () => {
    assert.equal(benchAddress(1), '198.18.0.1')
    assert.equal(benchAddress(256), '198.18.1.0')
    assert.equal(benchAddress(65535), '198.18.255.255')
    assert.equal(benchAddress(65536), '198.19.0.0')
    assert.throws(() => benchAddress(0), RangeError)
    assert.equal(benchAddress(2 ** 17 - 2), '198.19.255.254')
    assert.throws(() => benchAddress(2 ** 17 - 1), RangeError)
  })
})

describe('bench: svg', () => {
  it('draws series, rules and a legend, escaping text', () => {
    const svg = lineChart({
      title: 'a < b & c',
      xLabel: 'x',
      yLabel: 'y',
      series: [{ name: 'tree', points: [[8, 1.2], [16, 1.3], [32, Infinity]] }, { name: 'star', step: true, points: [[0, 0], [1, 1], [2, 2]] }],
      rules: [{ x: 1, label: 'T*' }],
      logY: false
    })
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/)
    assert.match(svg, /a &lt; b &amp; c/)
    assert.equal((svg.match(/<path /g) ?? []).length, 2)
    assert.match(svg, /T\*/)
    assert.ok(svg.trimEnd().endsWith('</svg>'))
    assert.doesNotMatch(svg, /NaN|Infinity/)
    const log = lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 's', points: [[1, 1.1], [2, 20]] }], logY: true })
    assert.doesNotMatch(log, /NaN|Infinity/)
  })
})

describe('bench: goals', () => {
  const row = (nodes: number, strategy: ComparisonRow['strategy'], makespanMs: number, extra: Partial<ComparisonRow> = {}): ComparisonRow => ({
    nodes,
    strategy,
    source: 'real',
    note: '',
    makespanMs,
    lowerBoundMs: 1000,
    ratio: makespanMs / 1000,
    hostBytesSent: 2,
    hostCopies: 2,
    hostChildren: 2,
    depth: 3,
    p50Ms: makespanMs,
    p99Ms: makespanMs,
    completionsMs: [makespanMs],
    simOwnPlanMs: makespanMs,
    ...extra
  })

  it('checks each goal on ratios within the run', () => {
    const goals = checkGoals([
      row(16, 'tree', 1250),
      row(16, 'binary-saf', 5000, { source: 'simulated' }),
      row(32, 'tree', 1400, { hostCopies: 2.6, simSameTreeMs: 1200, simError: 0.14 }),
      row(32, 'star', 12000),
      row(32, 'binary-saf', 1000, { source: 'simulated' })
    ])
    const verdict = (prefix: string): boolean | undefined => goals.find(g => g.goal.startsWith(prefix))?.met
    assert.equal(verdict('tree makespan ≤ 1.3 × T* at N=16'), true)
    assert.equal(verdict('tree makespan ≤ 1.3 × T* at N=32'), false)
    assert.match(goals.find(g => g.goal.endsWith('N=32') && g.goal.startsWith('tree makespan'))?.detail ?? '', /missed by 8 %/)
    assert.equal(verdict('tree ≥ 8× faster than star'), true)
    assert.equal(verdict('tree faster than binary store-and-forward at N=16'), true)
    assert.equal(verdict('tree faster than binary store-and-forward at N=32'), false)
    assert.equal(verdict('host bytes ≤ (host children + 0.5) × S at N=16'), true)
    assert.equal(verdict('host bytes ≤ (host children + 0.5) × S at N=32'), false)
    assert.equal(verdict('simulator within 25 % of the real tree at N=32'), true)
  })

  it('reports a goal it could not check as not run, never as met', () => {
    const goals = checkGoals([row(8, 'tree', 1000)])
    assert.equal(goals.find(g => g.goal.includes('N=16'))?.met, undefined)
    assert.equal(goals.find(g => g.goal.includes('star'))?.met, undefined)
  })
})

describe('bench: drop-tail links', () => {
  it('shapes each direction with tbf: the rate in bit/s, a 4 ms bucket of at least two frames, a queue of full frames', () => {
    assert.equal(tbfLine('eth0', 10 * MBIT), `qdisc add dev eth0 root handle 10: tbf rate 10000000bit burst 5000 limit ${200 * 1514}`)
    assert.equal(tbfLine('m3', 1 * MBIT, 50), `qdisc add dev m3 root handle 10: tbf rate 1000000bit burst ${2 * FRAME_BYTES} limit ${50 * 1514}`)
    assert.equal(burstBytes(100 * MBIT), 50_000)
    assert.throws(() => tbfLine('eth0', 0), RangeError)
    assert.throws(() => tbfLine('eth0', MBIT, 0), RangeError)
    assert.throws(() => tbfLine('eth0', MBIT, 1.5), RangeError)
  })

  it('turns the segmentation and receive offloads off, and queues every bridged, sent and received packet for the delay', () => {
    assert.deepEqual(offloadArgs('m0'), ['-K', 'm0', 'tso', 'off', 'gso', 'off', 'gro', 'off'])
    assert.deepEqual(nfqueueRules(3).map(rule => rule.join(' ')), ['FORWARD', 'INPUT', 'OUTPUT'].map(chain => `-t mangle -A ${chain} -j NFQUEUE --queue-num 3 --queue-bypass`))
    assert.throws(() => nfqueueRules(65536), RangeError)
  })

  it('reads --delay and --down', () => {
    assert.equal(parseDelay('5ms'), 5)
    assert.equal(parseDelay('5'), 5)
    assert.equal(parseDelay('500us'), 0.5)
    assert.equal(parseDelay('0.01s'), 10)
    assert.equal(parseDelay('0'), 0)
    for (const bad of ['', '-1ms', '5 min', 'fast', '11s']) assert.throws(() => parseDelay(bad), InvalidNetworkOptionError, bad)
    assert.equal(parseDown('25mbit'), 25 * MBIT)
    assert.equal(parseDown('none'), undefined)
    assert.throws(() => parseDown('lots'), InvalidNetworkOptionError)
  })

  it('keeps the fair-queue network as it was: no delay, downloads as given', async () => {
    const fair = await prepareNetwork({ kind: 'fair' })
    assert.deepEqual(fair.options, { fairQueue: true, sendBufferBytes: undefined })
    assert.equal(fair.delayMs, 0)
  })
})

describe('bench: cycled caps', () => {
  it('gives node i class i mod the classes, in order, with the download where a class has none', () => {
    const caps = cycleCaps(8, parseCapSpec('10mbit,4mbit,1mbit,4mbit'), 25 * MBIT)
    assert.deepEqual(caps.map(c => c.upload / MBIT), [10, 4, 1, 4, 10, 4, 1, 4])
    assert.ok(caps.every(c => c.download === 25 * MBIT))
    assert.deepEqual(cycleCaps(3, parseCapSpec('8mbit/2mbit,1mbit')), [{ upload: 8 * MBIT, download: 2 * MBIT }, { upload: MBIT }, { upload: 8 * MBIT, download: 2 * MBIT }])
    assert.deepEqual(withDownload({ upload: 1, download: 2 }, 3), { upload: 1, download: 2 })
    assert.deepEqual(withDownload({ upload: 1 }), { upload: 1 })
  })
})

describe('bench: completion on disk', () => {
  it('times each data dir until its current release holds a file of the package\'s size', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cascade-on-disk-test-'))
    try {
      const dirs = ['a', 'b', 'c'].map(name => join(dir, name))
      await mkdir(join(dirs[0], 'current'), { recursive: true })
      await mkdir(join(dirs[1], 'current'), { recursive: true })
      await writeFile(join(dirs[1], 'current', 'pkg'), Buffer.alloc(10)) // the wrong size: not done
      const watch = watchInstalled(dirs, 100, 10)
      await new Promise(resolve => setTimeout(resolve, 50))
      await writeFile(join(dirs[0], 'current', 'pkg'), Buffer.alloc(100))
      await new Promise(resolve => setTimeout(resolve, 80))
      const [a, b, c] = await watch.stop()
      assert.ok(a != null && a >= 40 && a < 1000, `a at ${a}`)
      assert.equal(b, undefined)
      assert.equal(c, undefined)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('bench: BitTorrent baseline', () => {
  it('uses the tracker alone to find peers, pieces of a power of two, and is no cascade strategy', () => {
    const args = aria2Args(7)
    for (const off of ['--enable-dht=false', '--enable-dht6=false', '--bt-enable-lpd=false', '--enable-peer-exchange=false', '--seed-time=7']) assert.ok(args.includes(off), off)
    assert.equal(announceUrl('198.19.255.254'), 'http://198.19.255.254:6969/announce')
    assert.equal(pieceLog(65536), 16)
    assert.throws(() => pieceLog(65535), RangeError)
    assert.throws(() => pieceLog(1024), RangeError)
    // beside a default chunk, 64 bytes short of 64 KiB, the piece is 64 KiB
    assert.equal(pieceFor(chooseChunkSize(16 * 2 ** 20)), 65536)
    assert.equal(pieceFor(chooseChunkSize(64 * 2 ** 20)), 262144)
    assert.equal(pieceFor(65536), 65536)
    assert.equal(typeof realRunOf('bt', 8, { upload: 1 }, true), 'string')
  })

  // the network itself: root, namespaces, gcc, libnetfilter-queue-dev, aria2, opentracker, mktorrent
  it('runs a swarm of 2 on drop-tail links with a delay, and the file on each leecher\'s disk is the package', async function () {
    this.timeout(60_000)
    const missing = await netnsUnavailable() ?? await swarmUnavailable() ?? await buildDelayProgram().then(() => undefined, (err) => err instanceof DelayUnavailableError ? err.message : Promise.reject(err))
    if (missing != null) {
      process.stdout.write(`      skipped: ${missing}\n`)
      this.skip()
    }
    const dir = await mkdtemp(join(tmpdir(), 'cascade-bt-test-'))
    try {
      const packagePath = join(dir, 'package.bin')
      await writeRandomFile(packagePath, 2 ** 20)
      const network = await prepareNetwork({ kind: 'droptail' })
      assert.equal(network.delayMs, 5)
      const result = await runSwarm({
        caps: [{ upload: 10 * MBIT }, { upload: 4 * MBIT }], host: { upload: 5 * MBIT }, size: 2 ** 20, packagePath, pieceSize: 65536, network: network.options, timeoutMs: 40_000
      })
      assert.equal(result.completionsMs.length, 2)
      assert.ok(result.completionsMs.every(Number.isFinite), `completions ${result.completionsMs.join(', ')}`)
      // at most 5 Mbit/s from the seed: 1 MiB takes 1.6 s at least, and the seed sent about the package
      assert.ok(result.makespanMs >= 1000, `makespan ${result.makespanMs}`)
      assert.ok(result.hostBytesSent >= 0.5 * 2 ** 20, `host sent ${result.hostBytesSent}`)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
