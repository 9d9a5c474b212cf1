import { percentile } from './stats.js'
import { pieceFor, runSwarm } from './bittorrent.js'
import { meshLowerBound, runMesh } from './mesh.js'
import { SWARM_NOTE, realRunOf } from './strategies.js'
import { simError, simulateMeshPlan, simulateStrategy } from './sim-compare.js'
import type { NodeCaps } from './caps.js'
import type { MeshResult } from './mesh.js'
import type { NetworkOptions } from './netns.js'
import type { BenchStrategy } from './strategies.js'

/**
 * Strategies side by side on one mesh and package: each strategy that can
 * run for real runs on a fresh mesh (same caps, same package), the others
 * come from the simulator; every real run is also simulated, on the very
 * tree the host planned, to check the simulator against the measurement.
 */

export interface ComparisonRow {
  nodes: number
  strategy: BenchStrategy
  source: 'real' | 'simulated'
  /** how the row was obtained */
  note: string
  /** last node verified (real) or holding the package (simulated), ms */
  makespanMs: number
  /** last node installed and re-joined (real only), ms */
  doneMakespanMs?: number
  lowerBoundMs: number
  ratio: number
  hostBytesSent: number
  hostCopies: number
  hostChildren: number
  depth: number
  streamRate?: number
  p50Ms: number
  p99Ms: number
  /** every node's completion, ms, sorted */
  completionsMs: number[]
  /** the simulator on the same tree and caps (real rows) */
  simSameTreeMs?: number
  /** |sim − real| / real */
  simError?: number
  /** the simulator's own plan for this strategy */
  simOwnPlanMs: number
  mesh?: MeshResult
}

export interface ComparisonOptions {
  caps: NodeCaps[]
  host: NodeCaps
  size: number
  chunkSize: number
  strategies: BenchStrategy[]
  /** this cascade's publish has --strategy (see publishHasStrategies) */
  publishStrategies?: boolean
  netns: boolean
  packagePath: string
  /** extra environment for every cascade process */
  env?: NodeJS.ProcessEnv
  /** with netns: drop-tail queues instead of fair ones */
  fifo?: boolean
  /** with netns: cap on each process's TCP send buffer */
  sendBufferBytes?: number
  /** with netns: more of the network's options (drop-tail links and their delay) */
  network?: NetworkOptions
  /** the BitTorrent baseline's piece size (default: the chunk size) */
  pieceSize?: number
  /** why the BitTorrent baseline cannot run here (its tools missing), if it cannot */
  swarmUnavailable?: string
  /**
   * A Cascade node's completion: `report` (the host's first report of it
   * holding the verified package, from the deployment's start; the default)
   * or `disk` (the package in its current release, from the publish
   * command's start: src/bench/on-disk.ts)
   */
  completion?: 'report' | 'disk'
  /** `cascade host --probe-duration` (default: the mesh's short probes, MESH_PROBE_MS) */
  probeDurationMs?: number
  signal?: AbortSignal
  say?(line: string): void
}

function depthOf (result: MeshResult): number {
  return Math.max(0, ...result.nodes.map(n => n.depth))
}

/** A row for a run that could not be made or failed: no figures, only why. */
function failedRow (nodes: number, strategy: BenchStrategy, note: string, lowerBoundMs: number, simOwnPlanMs: number): ComparisonRow {
  return {
    nodes,
    strategy,
    source: 'real',
    note,
    makespanMs: NaN,
    lowerBoundMs,
    ratio: NaN,
    hostBytesSent: NaN,
    hostCopies: NaN,
    hostChildren: 0,
    depth: 0,
    p50Ms: NaN,
    p99Ms: NaN,
    completionsMs: [],
    simOwnPlanMs
  }
}

/** The BitTorrent baseline on a fresh network of the same caps (src/bench/bittorrent.ts). */
async function swarmRow (options: ComparisonOptions, lowerBoundMs: number): Promise<ComparisonRow> {
  const { caps, host, size } = options
  const n = caps.length
  const say = (line: string): void => { options.say?.(`N=${n} bt: ${line}`) }
  const why = !options.netns ? 'needs --netns (its caps are the network\'s)' : options.swarmUnavailable
  if (why != null) {
    say(`not run: ${why}`)
    return failedRow(n, 'bt', `${SWARM_NOTE}; not run: ${why}`, lowerBoundMs, NaN)
  }
  say(`real swarm (${SWARM_NOTE})`)
  try {
    const pieceSize = options.pieceSize ?? pieceFor(options.chunkSize)
    const result = await runSwarm({
      caps,
      host,
      size,
      packagePath: options.packagePath,
      pieceSize,
      network: { sendBufferBytes: options.sendBufferBytes, fairQueue: options.fifo !== true, ...options.network },
      // as long as a star would take twice over, and never under 5 minutes
      timeoutMs: Math.max(300_000, 2 * n * size / host.upload * 1000),
      signal: options.signal,
      say
    })
    const completions = [...result.completionsMs].sort((a, b) => a - b)
    say(`makespan ${(result.makespanMs / 1000).toFixed(2)} s = ${(result.makespanMs / lowerBoundMs).toFixed(2)} T*; the seed sent ${(result.hostBytesSent / size).toFixed(2)} × the package`)
    return {
      nodes: n,
      strategy: 'bt',
      source: 'real',
      note: `${SWARM_NOTE}; piece ${pieceSize} B; host bytes = the seed's link counter`,
      makespanMs: result.makespanMs,
      lowerBoundMs,
      ratio: result.makespanMs / lowerBoundMs,
      hostBytesSent: result.hostBytesSent,
      hostCopies: result.hostBytesSent / size,
      hostChildren: 0,
      depth: 0,
      p50Ms: percentile(completions, 50),
      p99Ms: percentile(completions, 99),
      completionsMs: completions,
      simOwnPlanMs: NaN
    }
  } catch (err: any) {
    if (options.signal?.aborted === true) throw err
    say(`FAILED: ${err.message}`)
    return failedRow(n, 'bt', `${SWARM_NOTE}; FAILED: ${String(err.message).split('\n')[0]}`, lowerBoundMs, NaN)
  }
}

export async function compareStrategies (options: ComparisonOptions): Promise<ComparisonRow[]> {
  const { caps, host, size, chunkSize } = options
  const say = options.say ?? (() => {})
  const n = caps.length
  const lowerBoundMs = meshLowerBound(size, host, caps) * 1000
  const rows: ComparisonRow[] = []
  for (const strategy of options.strategies) {
    if (strategy === 'bt') {
      rows.push(await swarmRow(options, lowerBoundMs))
      continue
    }
    const sim = simulateStrategy(strategy, size, chunkSize, host, caps)
    const simCompletions = [...sim.completion.values()].map(s => s * 1000).sort((a, b) => a - b)
    const run = realRunOf(strategy, n, host, options.publishStrategies === true)
    if (typeof run === 'string') {
      say(`N=${n} ${strategy}: ${run}`)
      rows.push({
        nodes: n,
        strategy,
        source: 'simulated',
        note: run,
        makespanMs: sim.makespan * 1000,
        lowerBoundMs,
        ratio: sim.makespan * 1000 / lowerBoundMs,
        hostBytesSent: sim.hostBytesSent,
        hostCopies: sim.hostCopies,
        hostChildren: strategy === 'star' ? n : 2,
        depth: sim.depth,
        p50Ms: percentile(simCompletions, 50),
        p99Ms: percentile(simCompletions, 99),
        completionsMs: simCompletions,
        simOwnPlanMs: sim.makespan * 1000
      })
      continue
    }
    say(`N=${n} ${strategy}: real mesh (${run.note})`)
    const starMs = n * size / host.upload * 1000
    let result: MeshResult
    try {
      result = await runMesh({
        caps,
        host,
        size,
        chunkSize,
        maxFanout: run.maxFanout,
        publishStrategy: run.publishStrategy,
        publishArgs: run.publishArgs,
        hostArgs: run.hostArgs,
        nodeUploadLimit: run.nodeUploadLimit,
        netns: options.netns,
        packagePath: options.packagePath,
        env: options.env,
        fifo: options.fifo,
        sendBufferBytes: options.sendBufferBytes,
        network: options.network,
        probeDurationMs: options.probeDurationMs,
        publishTimeoutMs: 2 * starMs + 120_000,
        signal: options.signal,
        say: (line) => { say(`N=${n} ${strategy}: ${line}`) }
      })
    } catch (err: any) {
      if (options.signal?.aborted === true) throw err
      // one failed run must not lose the others: record it and go on
      say(`N=${n} ${strategy}: FAILED: ${err.message}`)
      rows.push(failedRow(n, strategy, `${run.note}; FAILED: ${String(err.message).split('\n')[0]}`, lowerBoundMs, sim.makespan * 1000))
      continue
    }
    const same = simulateMeshPlan(result, run.relay)
    const onDisk = options.completion === 'disk'
    const completions = result.nodes.map(node => (onDisk ? node.onDiskMs : node.verifiedMs) ?? Infinity).sort((a, b) => a - b)
    const makespanMs = onDisk ? result.onDiskMakespanMs : result.makespanMs
    // measured from outside, the host's bytes are its link's counter (headers included), as for bt
    const hostBytesSent = onDisk ? result.linkTxBytes?.[0] ?? result.hostBytesSent : result.hostBytesSent
    const row: ComparisonRow = {
      nodes: n,
      strategy,
      source: 'real',
      note: `${run.note}${onDisk ? `; completion = on disk (verified: ${(result.makespanMs / 1000).toFixed(2)} s)` : ''}`,
      makespanMs,
      doneMakespanMs: result.doneMakespanMs,
      lowerBoundMs,
      ratio: makespanMs / lowerBoundMs,
      hostBytesSent,
      hostCopies: hostBytesSent / size,
      hostChildren: result.hostChildren,
      depth: depthOf(result),
      streamRate: result.plan?.streamRate,
      p50Ms: percentile(completions, 50),
      p99Ms: percentile(completions, 99),
      completionsMs: completions,
      simSameTreeMs: same == null ? undefined : same.makespan * 1000,
      simError: same == null ? undefined : simError(same.makespan, result.makespanMs),
      simOwnPlanMs: sim.makespan * 1000,
      mesh: result
    }
    say(`N=${n} ${strategy}: makespan ${(row.makespanMs / 1000).toFixed(2)} s = ${row.ratio.toFixed(2)} T*; simulated on the same tree ${((row.simSameTreeMs ?? NaN) / 1000).toFixed(2)} s`)
    rows.push(row)
  }
  return rows
}
