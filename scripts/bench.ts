/**
 * Distribution strategies side by side on real meshes, and the simulator
 * checked against them:
 *
 *   npm run bench                      # N = 8, 16, 32: tree, star, binary store-and-forward
 *   npm run bench -- --netns           # caps enforced by tc in network namespaces (root): drop-tail
 *                                      # links with a 5 ms delay; --network fair: a fair queue per peer
 *   npm run bench -- --resources       # peak RSS and CPU of the host and relays, 1 GiB package
 *   npm run bench -- --cpu --profile   # CPU per MiB: host → relay → leaf against the bare libp2p stack
 *
 * Prints the tables and the goals (docs/benchmarks.md); writes results.json and SVG
 * charts under bench-results/bench-<time>/ (and, with --docs DIR, the
 * charts and results there too).
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { Command, InvalidArgumentError } from 'commander'
import { formatBytes, formatRate, parseRate, parseSize } from '../src/node/units.js'
import { breakdown, formatBreakdown } from '../src/bench/analysis.js'
import { DEFAULT_CAP_SPEC, assignCaps, cycleCaps, parseCapSpec, withDownload } from '../src/bench/caps.js'
import { pieceLog, swarmUnavailable } from '../src/bench/bittorrent.js'
import { DEFAULT_QUEUE_FRAMES } from '../src/bench/droptail.js'
import { DEFAULT_DOWN, NETWORK_KINDS, parseDelay, parseDown, prepareNetwork } from '../src/bench/network-choice.js'
import { ratioChart, timelineChart } from '../src/bench/charts.js'
import { compareStrategies } from '../src/bench/comparison.js'
import { RELAY_RSS_GOAL_BYTES, checkGoals } from '../src/bench/goals.js'
import { withInterrupt } from '../src/bench/interrupt.js'
import { netnsUnavailable, removeStaleNamespaces } from '../src/bench/netns.js'
import { writeRandomFile } from '../src/bench/package-file.js'
import { chooseChunkSize } from '../src/node/package/index.js'
import { DEFAULT_PROBE_DURATION_MS } from '../src/node/host/index.js'
import { keepPingedConnectionsEnv } from '../src/bench/patches.js'
import { measureResources } from '../src/bench/resources.js'
import { measureCpu } from '../src/bench/cpu.js'
import { formatCpuReport } from '../src/bench/cpu-report.js'
import { BENCH_STRATEGIES, publishHasStrategies } from '../src/bench/strategies.js'
import { formatTable, ratio, seconds, toJson } from '../src/bench/table.js'
import type { ComparisonRow } from '../src/bench/comparison.js'
import type { MeshResult } from '../src/bench/mesh.js'
import type { GoalResult } from '../src/bench/goals.js'
import type { BenchStrategy } from '../src/bench/strategies.js'
import type { NetworkKind, PreparedNetwork } from '../src/bench/network-choice.js'

function parsed<T> (parse: (text: string) => T): (text: string) => T {
  return (text) => {
    try {
      return parse(text)
    } catch (err: any) {
      throw new InvalidArgumentError(err.message)
    }
  }
}

function counts (list: string): number[] {
  return list.split(',').map(text => {
    const n = Number(text)
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`bad node count "${text}"`)
    return n
  })
}

function strategies (list: string): BenchStrategy[] {
  return list.split(',').map(name => {
    if (!(BENCH_STRATEGIES as readonly string[]).includes(name)) throw new InvalidArgumentError(`unknown strategy "${name}" (${BENCH_STRATEGIES.join(', ')})`)
    return name as BenchStrategy
  })
}

function networkKind (text: string): NetworkKind {
  if (!(NETWORK_KINDS as readonly string[]).includes(text)) throw new Error(`unknown network "${text}" (${NETWORK_KINDS.join(', ')})`)
  return text as NetworkKind
}

function positiveInteger (text: string): number {
  const n = Number(text)
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`"${text}" is not a positive integer`)
  return n
}

export function comparisonTable (rows: ComparisonRow[]): string {
  const treeAt = new Map(rows.filter(r => r.strategy === 'tree').map(r => [r.nodes, r.makespanMs]))
  return formatTable(
    ['N', 'strategy', 'source', 'makespan', 'T*', 'makespan/T*', 'vs tree', 'host bytes/S', 'host children', 'depth', 'p50', 'p99', 'all done'],
    rows.map(row => [
      String(row.nodes), row.strategy, row.source, seconds(row.makespanMs), seconds(row.lowerBoundMs), ratio(row.ratio),
      treeAt.has(row.nodes) ? `${ratio(row.makespanMs / (treeAt.get(row.nodes) as number), 1)}×` : '-',
      ratio(row.hostCopies), String(row.hostChildren), String(row.depth), seconds(row.p50Ms), seconds(row.p99Ms), seconds(row.doneMakespanMs)
    ]), 3)
}

export function simulatorTable (rows: ComparisonRow[]): string {
  return formatTable(['N', 'strategy', 'real', 'simulated (same tree)', 'error', 'simulated (own plan)'],
    rows.filter(row => row.source === 'real' && row.strategy !== 'bt').map(row => [
      String(row.nodes), row.strategy, seconds(row.makespanMs), seconds(row.simSameTreeMs),
      row.simError == null ? '-' : `${(row.simError * 100).toFixed(0)} %`, seconds(row.simOwnPlanMs)
    ]), 2)
}

export function goalsTable (goals: GoalResult[]): string {
  return formatTable(['goal', 'met', 'detail'], goals.map(g => [g.goal, g.met == null ? 'n/a' : g.met ? 'yes' : 'NO', g.detail]), 3)
}

async function decideNetns (wanted: boolean): Promise<boolean> {
  if (!wanted) return false
  const why = await netnsUnavailable()
  if (why != null) {
    process.stdout.write(`bench: no network namespaces (${why}); caps are enforced in the app (--upload-limit) instead\n`)
    return false
  }
  const stale = await removeStaleNamespaces()
  if (stale.length > 0) process.stdout.write(`bench: removed ${stale.length} namespaces left by an earlier run\n`)
  return true
}

/** Redraws the charts and tables from an earlier run's results.json. */
async function replot (files: string, out: string): Promise<void> {
  // several runs merge: a later file's row replaces an earlier one for the same N and strategy
  let settings: { nodes: number[], size: number, netns: boolean, patched?: boolean } | undefined
  const byKey = new Map<string, ComparisonRow>()
  for (const file of files.split(',')) {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { settings: NonNullable<typeof settings>, rows: ComparisonRow[] }
    settings ??= parsed.settings
    for (const row of parsed.rows) {
      const key = `${row.nodes}/${row.strategy}`
      if (row.source === 'real' && row.makespanMs == null && byKey.has(key)) continue
      byKey.set(key, row)
    }
  }
  if (settings == null) throw new Error('no results to replot')
  const order = (row: ComparisonRow): number => row.nodes * 10 + BENCH_STRATEGIES.indexOf(row.strategy)
  const rows = [...byKey.values()].sort((a, b) => order(a) - order(b))
  settings.nodes = [...new Set(rows.map(row => row.nodes))]
  // JSON has no Infinity or NaN: they come back as null
  const fixed = rows.map(row => ({ ...row, completionsMs: row.completionsMs.map(ms => ms ?? Infinity), makespanMs: row.makespanMs ?? NaN, ratio: row.ratio ?? NaN }))
  const longest = Math.max(...settings.nodes)
  await mkdir(out, { recursive: true })
  await writeFile(join(out, 'ratio.svg'), ratioChart(fixed, `makespan / T* (${settings.netns ? 'tc' : 'in-app caps'}${settings.patched === true ? ', patched' : ''}, ${formatBytes(settings.size)})`))
  await writeFile(join(out, `timeline-${longest}.svg`), timelineChart(fixed, longest, `nodes holding the package, N=${longest}`))
  await writeFile(join(out, `timeline-${longest}-tree.svg`), timelineChart(fixed.filter(row => row.strategy === 'tree'), longest, `nodes holding the package, N=${longest}, tree`))
  const text = `${comparisonTable(fixed)}\n\nsimulator against the real meshes:\n${simulatorTable(fixed)}\n\n${goalsTable(checkGoals(fixed))}\n`
  await writeFile(join(out, 'results.txt'), text)
  // compact: per node only what the tables and the analysis use
  const compact = rows.map(row => row.mesh == null
    ? row
    : {
        ...row,
        mesh: {
          ...row.mesh,
          plan: undefined,
          summary: { ...row.mesh.summary, nodes: undefined },
          nodes: row.mesh.nodes.map(n => ({ index: n.index, caps: n.caps, measured: n.measured, parent: n.parent, depth: n.depth, states: n.states, state: n.state, reason: n.reason, bytesReceived: n.bytesReceived, bytesSent: n.bytesSent, resources: n.resources }))
        }
      })
  await writeFile(join(out, 'results.json'), toJson({ settings, goals: checkGoals(fixed), rows: compact }) + '\n')
  process.stdout.write(text)
}

const program = new Command()
  .name('bench')
  .description('strategies side by side on real meshes (tree, star, binary store-and-forward), and the simulator checked against them')
  .option('--nodes <list>', 'mesh sizes, comma-separated', counts, [8, 16, 32])
  .option('--caps <spec>', 'upload[/download] classes RATE[/RATE]:FRACTION, comma-separated', DEFAULT_CAP_SPEC)
  .option('--cycle', 'give node i the (i mod classes)-th class of --caps, in order (e.g. --caps 10mbit,4mbit,1mbit,4mbit), instead of shuffling by fraction')
  .option('--down <rate|none>', `with --netns: every node's and the host's download cap where --caps gives none (default ${DEFAULT_DOWN} on the drop-tail network, none on the fair one)`)
  .option('--host-cap <rate>', 'host upload', parsed(parseRate), parseRate('40mbit'))
  .option('--size <size>', 'package size (default 32MiB; 1GiB with --resources)', parsed(parseSize))
  .option('--chunk <size>', 'chunk size (default: what cascade publish picks for the package size)', parsed(parseSize))
  .option('--strategies <list>', 'strategies, comma-separated', strategies, [...BENCH_STRATEGIES])
  .option('--seed <n>', 'seed for assigning caps to nodes', positiveInteger, 1)
  .option('--netns', 'enforce caps with network namespaces and tc (root); falls back to --upload-limit')
  .option('--keep-pinged-connections', 'measure a proposed fix: libp2p\'s connection monitor does not abort a busy connection whose ping is slow (benchmark-only preload)')
  .option('--network <kind>', `with --netns: ${NETWORK_KINDS.join(' or ')} (droptail: a tbf queue per link direction and a delay on every path; fair: htb, a fair queue per peer, no delay)`, parsed(networkKind), 'droptail')
  .option('--queue-frames <n>', 'with --network droptail: each link\'s queue, full frames', positiveInteger, DEFAULT_QUEUE_FRAMES)
  .option('--delay <time>', 'with --netns: one-way delay on every path, e.g. 5ms, 0 = none (default 5ms on the drop-tail network; the fair one needs sch_netem for any)', parsed(parseDelay))
  .option('--piece <size>', 'BitTorrent (bt) piece size, a power of two from 32KiB (default: the chunk size rounded up to a power of two)', parsed(text => { const size = parseSize(text); pieceLog(size); return size }))
  .option('--fifo', 'with --network fair: one drop-tail queue per link instead of a fair queue per peer')
  .option('--send-buffer <size>', 'with --netns: cap on each process\'s TCP send buffer (default 1MiB)', parsed(parseSize))
  .option('--resources', 'instead: peak RSS and CPU of the host and relaying nodes while a large package passes a chain')
  .option('--chain <n>', 'with --resources: nodes in the chain', positiveInteger, 3)
  .option('--rate <rate>', 'with --resources: every link\'s cap', parsed(parseRate), parseRate('200mbit'))
  .option('--cpu', 'instead: CPU ms per MiB of host, relay and leaf (a chain on 127.0.0.1, no caps), and of the bare libp2p stack')
  .option('--runs <n>', 'with --cpu: repetitions (the median is reported)', positiveInteger, 3)
  .option('--profile', 'with --cpu: one more run of each under --cpu-prof; lists the relays\' top self-time entries')
  .option('--out <dir>', 'results dir (default bench-results/bench-<time>)')
  .option('--replot <results.json,…>', 'instead: redraw the charts and tables of earlier runs, merged (into --out, or next to the first file)')
  .option('--docs <dir>', 'also copy results.json and the charts here (e.g. docs/bench)')
  .action(async (options) => {
    if (options.replot != null) {
      await replot(options.replot, options.out ?? dirname(options.replot.split(',')[0]))
      return
    }
    // bad values are refused before anything is made
    const kind = options.network as NetworkKind
    const down = parsed(parseDown)(options.down ?? (kind === 'droptail' ? DEFAULT_DOWN : 'none'))
    const classes = options.resources === true ? [] : parsed(parseCapSpec)(options.caps)
    const stamp = new Date().toISOString().replace(/[:.]/g, '-')
    const runKind = options.cpu === true ? 'cpu' : options.resources === true ? 'resources' : 'bench'
    const out = options.out ?? join('bench-results', `${runKind}-${stamp}`)
    await mkdir(out, { recursive: true })
    const netns = await decideNetns(options.netns === true)
    const patched = options.keepPingedConnections === true
    const env = patched ? keepPingedConnectionsEnv() : undefined
    const say = (line: string): void => { process.stdout.write(`bench: ${line}\n`) }
    let prepared: PreparedNetwork | undefined
    if (netns && options.resources !== true && options.cpu !== true) {
      prepared = await prepareNetwork({ kind, queueFrames: options.queueFrames, delayMs: options.delay, fifo: options.fifo === true, sendBufferBytes: options.sendBuffer }, down)
      for (const warning of prepared.warnings) say(warning)
    }
    const network = prepared?.description ?? (options.fifo === true ? 'one drop-tail queue per link' : 'a fair queue per peer')
    const mode = `${netns ? `tc in network namespaces (${network})` : 'the app (--upload-limit)'}${patched ? '; PATCHED: libp2p connection monitor does not abort busy connections (proposed fix)' : ''}`
    const files: string[] = []
    const write = async (name: string, text: string): Promise<void> => {
      await writeFile(join(out, name), text)
      if (!files.includes(name)) files.push(name)
    }

    if (options.cpu === true) {
      const size = options.size ?? parseSize('256MiB')
      options.chunk ??= chooseChunkSize(size)
      say(`cpu: host → relay → leaf on 127.0.0.1, no caps, a ${formatBytes(size)} random package in ${formatBytes(options.chunk)} chunks, ${options.runs} runs`)
      const report = await withInterrupt(async (signal) => measureCpu({
        size, chunkSize: options.chunk, runs: options.runs, profile: options.profile === true, profileOut: out, signal, say
      }), (options.runs + 1) * 2 * (size / 1e6 * 1000 + 240_000))
      const text = formatCpuReport(report)
      process.stdout.write(`${text}\n`)
      await write('cpu.json', toJson(report) + '\n')
      await write('cpu.txt', `${text}\n`)
    } else if (options.resources === true) {
      const size = options.size ?? parseSize('1GiB')
      options.chunk ??= chooseChunkSize(size)
      say(`resources: a chain of ${options.chain} nodes, every link ${formatRate(options.rate)}, a ${formatBytes(size)} random package; caps by ${mode}`)
      const report = await withInterrupt(async (signal) => measureResources({
        size, chunkSize: options.chunk, rate: options.rate, nodes: options.chain, netns, env, signal, say
      }), 4 * size / options.rate * 1000 + 15 * 60_000)
      const table = formatTable(['process', 'role', 'peak RSS', 'CPU time', 'received', 'sent'], report.rows.map(row => [
        row.name, row.role, formatBytes(row.peakRssBytes), seconds(row.cpuMs), formatBytes(row.bytesReceived), formatBytes(row.bytesSent)
      ]), 2)
      const relays = report.rows.filter(row => row.role === 'relay')
      const worst = Math.max(...relays.map(row => row.peakRssBytes))
      const verdict = `relaying node peak RSS ≤ ${RELAY_RSS_GOAL_BYTES / 1e6} MB: ${worst <= RELAY_RSS_GOAL_BYTES ? 'met' : 'NOT met'} (worst relay ${(worst / 1e6).toFixed(0)} MB)`
      process.stdout.write(`${table}\nmakespan ${seconds(report.makespanMs)}\n${verdict}\n`)
      await write('resources.json', toJson({ netns, patched, ...report, mesh: { ...report.mesh, nodes: report.mesh.nodes.map(({ samples, ...rest }) => rest) } }) + '\n')
      await write('resources.txt', `${table}\n${verdict}\n`)
    } else {
      const size = options.size ?? parseSize('32MiB')
      options.chunk ??= chooseChunkSize(size)
      // on the drop-tail network a node is done when a user would say so: the package on its disk
      const completion = netns && kind === 'droptail' ? 'disk' : 'report'
      const host = withDownload({ upload: options.hostCap as number }, netns ? down : undefined)
      const swarmMissing = (options.strategies as BenchStrategy[]).includes('bt') ? await swarmUnavailable() : undefined
      if (swarmMissing != null) say(`BitTorrent (bt) will not run: ${swarmMissing}`)
      const rows: ComparisonRow[] = []
      say(`meshes of ${options.nodes.join(', ')} nodes, caps ${options.caps} (${options.cycle === true ? 'cycled' : `seed ${options.seed}`}), host ${formatRate(host.upload)}, ${formatBytes(size)} package in ${formatBytes(options.chunk)} chunks; caps by ${mode}`)
      const publishStrategies = await publishHasStrategies()
      say(publishStrategies ? 'this cascade plans every strategy itself (cascade publish --strategy): all run for real' : 'this cascade has no publish --strategy: star runs with relays held back, binary-saf is simulated')
      const packageDir = await mkdtemp(join(tmpdir(), 'cascade-bench-'))
      try {
        const packagePath = join(packageDir, 'package.bin')
        await writeRandomFile(packagePath, size)
        const longest = Math.max(...options.nodes)
        const budget = options.nodes.reduce((sum: number, n: number) => sum + 3 * n * size / host.upload * 1000 + 6 * 60_000, 0)
        const writeAll = async (final: boolean): Promise<void> => {
          const goals = checkGoals(rows)
          const text = [
            `caps ${options.caps} (${options.cycle === true ? 'cycled' : `seed ${options.seed}`}), host ${formatRate(host.upload)}, package ${formatBytes(size)} in ${formatBytes(options.chunk)} chunks, caps enforced by ${mode}; a node is done when ${completion === 'disk' ? 'the package is in its current release on disk (from the publish command\'s start)' : 'the host first reports it verified'}${final ? '' : ' (partial: the run did not finish)'}`,
            '', comparisonTable(rows), '', 'simulator against the real meshes:', simulatorTable(rows), '', goalsTable(goals)
          ].join('\n')
          if (final) process.stdout.write(`\n${text}\n`)
          await write('results.txt', text + '\n')
          await write('results.json', toJson({
            settings: {
              nodes: options.nodes, caps: options.caps, cycle: options.cycle === true, seed: options.seed, hostCap: host.upload, down: netns ? down : undefined, size, chunk: options.chunk, netns,
              network: netns ? kind : undefined, queueFrames: kind === 'droptail' ? options.queueFrames : undefined, delayMs: prepared?.delayMs, delayMissing: prepared?.delayMissing, piece: options.piece,
              completion, fifo: options.fifo === true, sendBufferBytes: options.sendBuffer, patched, publishStrategies, final
            },
            goals,
            rows: rows.map(({ mesh, ...row }) => ({ ...row, mesh: mesh == null ? undefined : { ...mesh, nodes: mesh.nodes.map(({ samples, ...rest }) => rest) } }))
          }) + '\n')
          // the raw per-node progress samples, for digging into a run
          await write('samples.json', toJson(rows.filter(row => row.mesh != null).map(row => ({
            nodes: row.nodes, strategy: row.strategy, startedAt: row.mesh?.summary.startedAt, nodeSamples: row.mesh?.nodes.map(n => ({ index: n.index, parent: n.parent, depth: n.depth, cap: n.caps.upload, states: n.states, samples: n.samples }))
          }))) + '\n')
          await write('ratio.svg', ratioChart(rows, `makespan / T* (${netns ? 'tc' : 'in-app caps'}${patched ? ', patched' : ''}, ${formatBytes(size)})`))
          await write(`timeline-${longest}.svg`, timelineChart(rows, longest, `nodes holding the package, N=${longest}`))
          await write(`timeline-${longest}-tree.svg`, timelineChart(rows.filter(row => row.strategy === 'tree'), longest, `nodes holding the package, N=${longest}, tree`))
        }
        await withInterrupt(async (signal) => {
          for (const n of options.nodes as number[]) {
            const nodeDown = netns ? down : undefined
            const caps = options.cycle === true ? cycleCaps(n, classes, nodeDown) : assignCaps(n, classes, options.seed).map(c => withDownload(c, nodeDown))
            rows.push(...await compareStrategies({
              caps, host, size, chunkSize: options.chunk, strategies: options.strategies, publishStrategies, netns, packagePath, env, fifo: options.fifo === true,
              sendBufferBytes: options.sendBuffer, network: prepared?.options, pieceSize: options.piece, swarmUnavailable: swarmMissing, completion,
              // on the drop-tail network the host measures as it does by default: a user's fleet, not a quick mesh
              probeDurationMs: completion === 'disk' ? DEFAULT_PROBE_DURATION_MS : undefined, signal, say
            }))
            process.stdout.write(`\n${comparisonTable(rows.filter(row => row.nodes === n))}\n\n`)
            for (const row of rows.filter(r => r.nodes === n && r.mesh != null)) {
              process.stdout.write(`N=${n} ${row.strategy}, where the time went:\n${formatBreakdown(breakdown(row.mesh as MeshResult), formatRate)}\n`)
            }
            await writeAll(false)
          }
        }, budget)
        await writeAll(true)
      } finally {
        await rm(packageDir, { recursive: true, force: true })
      }
    }
    if (options.docs != null) {
      await mkdir(options.docs, { recursive: true })
      for (const name of files.filter(f => f !== 'samples.json')) await copyFile(join(out, name), join(options.docs, name))
    }
    say(`results in ${out}${options.docs != null ? ` and ${options.docs}` : ''}`)
  })

program.parseAsync().catch((err: Error) => {
  process.stderr.write(`bench: ${err.message}\n`)
  process.exitCode = 1
})
