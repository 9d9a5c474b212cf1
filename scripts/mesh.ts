/**
 * A real mesh: a host and N `cascade node` processes on emulated links, one
 * package published, and each node's completion:
 *
 *   npm run mesh -- --nodes 16 --caps 40mbit:0.25,16mbit:0.5,4mbit:0.25 --host-cap 40mbit --size 32MiB [--netns]
 *
 * With --netns (as root, with iproute2) every process gets its own network
 * namespace on a bridge and the caps are enforced by tc; otherwise by each
 * process's --upload-limit. Everything started is stopped, also on failure
 * or Ctrl-C. Results: a table on stdout, JSON under bench-results/.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Command, InvalidArgumentError, Option } from 'commander'
import { formatBytes, formatRate, parseRate, parseSize } from '../src/node/units.js'
import { breakdown, formatBreakdown } from '../src/bench/analysis.js'
import { DEFAULT_CAP_SPEC, assignCaps, parseCapSpec } from '../src/bench/caps.js'
import { withInterrupt } from '../src/bench/interrupt.js'
import { runMesh } from '../src/bench/mesh.js'
import { netnsUnavailable, removeStaleNamespaces } from '../src/bench/netns.js'
import { keepPingedConnectionsEnv } from '../src/bench/patches.js'
import { BENCH_STRATEGIES, publishHasStrategies, realRunOf } from '../src/bench/strategies.js'
import { percentile } from '../src/bench/stats.js'
import { formatTable, ratio, seconds, toJson } from '../src/bench/table.js'
import { chooseChunkSize } from '../src/node/package/index.js'
import type { BenchStrategy } from '../src/bench/strategies.js'
import type { MeshResult } from '../src/bench/mesh.js'

function parsed<T> (parse: (text: string) => T): (text: string) => T {
  return (text) => {
    try {
      return parse(text)
    } catch (err: any) {
      throw new InvalidArgumentError(err.message)
    }
  }
}

function positiveInteger (text: string): number {
  const n = Number(text)
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`"${text}" is not a positive integer`)
  return n
}

export function describeMesh (result: MeshResult): string {
  const lines: string[] = []
  const rows = result.nodes.map(node => [
    `node-${node.index}`,
    formatRate(node.caps.upload),
    node.measured == null ? '-' : formatRate(node.measured.uploadBps),
    node.parent === -1 ? 'host' : `node-${node.parent}`,
    String(node.depth),
    seconds(node.receivingMs),
    seconds(node.verifiedMs),
    seconds(node.doneMs),
    formatBytes(node.bytesReceived),
    formatBytes(node.bytesSent),
    node.state
  ])
  lines.push(formatTable(['node', 'cap', 'measured', 'parent', 'depth', 'receiving', 'verified', 'done', 'received', 'sent', 'state'], rows, 1))
  const verified = result.nodes.map(n => n.verifiedMs ?? NaN).filter(Number.isFinite)
  lines.push('')
  lines.push(`makespan (last node verified) ${seconds(result.makespanMs)}; T* ${seconds(result.lowerBoundMs)}; makespan / T* ${ratio(result.makespanMs / result.lowerBoundMs)}`)
  lines.push(`all installed and re-joined ${seconds(result.doneMakespanMs)}; p50 / p99 completion ${seconds(percentile(verified, 50))} / ${seconds(percentile(verified, 99))}`)
  lines.push(`host sent ${formatBytes(result.hostBytesSent)} = ${ratio(result.hostBytesSent / result.size)} × the package, with ${result.hostChildren} children in the tree; stream rate ${formatRate(result.plan?.streamRate ?? 0)}, depth ${result.plan?.depth ?? '?'}`)
  lines.push('where the time went:')
  lines.push(formatBreakdown(breakdown(result), formatRate))
  if (result.host.resources != null) {
    lines.push(`host: peak RSS ${formatBytes(result.host.resources.peakRssBytes)}, CPU ${seconds(result.host.resources.cpuMs)} during the deployment`)
  }
  return lines.join('\n')
}

const program = new Command()
  .name('mesh')
  .description('run a host and N nodes on emulated links, publish one package, record every node\'s completion')
  .requiredOption('--nodes <n>', 'node processes', positiveInteger)
  .option('--caps <spec>', 'upload[/download] classes RATE[/RATE]:FRACTION, comma-separated', DEFAULT_CAP_SPEC)
  .option('--host-cap <rate>', 'host upload', parsed(parseRate), parseRate('40mbit'))
  .option('--size <size>', 'package size', parsed(parseSize), parseSize('32MiB'))
  .option('--chunk <size>', 'chunk size (default: what cascade publish picks for the package size)', parsed(parseSize))
  .addOption(new Option('--strategy <name>', 'distribution strategy').choices([...BENCH_STRATEGIES]).default('tree'))
  .option('--max-fanout <n>', 'cascade host --max-fanout (overrides the strategy\'s)', positiveInteger)
  .option('--stripes <n>', 'cascade publish --stripes: trees the package is striped over (default: the planner chooses)', positiveInteger)
  .option('--seed <n>', 'seed for assigning caps to nodes', positiveInteger, 1)
  .option('--netns', 'enforce caps with network namespaces and tc (root); falls back to --upload-limit')
  .option('--delay <ms>', 'one-way delay per link, with --netns (needs sch_netem)', positiveInteger)
  .option('--fifo', 'with --netns: one drop-tail queue per link instead of a fair queue per peer')
  .option('--send-buffer <size>', 'with --netns: cap on each process\'s TCP send buffer (default 1MiB)', parsed(parseSize))
  .option('--queue-ms <ms>', 'with --netns: queue of each shaped link, ms of its rate', positiveInteger)
  .option('--keep-pinged-connections', 'measure a proposed fix: libp2p\'s connection monitor does not abort a busy connection whose ping is slow (benchmark-only preload)')
  .option('--timeout <s>', 'bound on the whole run', positiveInteger)
  .option('--out <file>', 'where to write the JSON results (default bench-results/mesh-….json)')
  .option('--keep', 'keep the data dirs')
  .action(async (options) => {
    const strategy = options.strategy as BenchStrategy
    options.chunk ??= chooseChunkSize(options.size)
    const classes = parsed(parseCapSpec)(options.caps)
    const caps = assignCaps(options.nodes, classes, options.seed)
    const host = { upload: options.hostCap as number }
    const run = realRunOf(strategy, options.nodes, host, await publishHasStrategies())
    if (typeof run === 'string') {
      process.stderr.write(`mesh: ${strategy} cannot run on a real mesh yet: ${run} (see scripts/simulate.ts)\n`)
      process.exitCode = 2
      return
    }
    let netns = options.netns === true
    if (netns) {
      const why = await netnsUnavailable()
      if (why != null) {
        process.stdout.write(`mesh: no network namespaces (${why}); caps are enforced in the app (--upload-limit) instead\n`)
        netns = false
      } else {
        const stale = await removeStaleNamespaces()
        if (stale.length > 0) process.stdout.write(`mesh: removed ${stale.length} namespaces left by an earlier run\n`)
      }
    } else if (options.delay != null) {
      throw new InvalidArgumentError('--delay needs --netns')
    }
    const starMs = options.nodes * options.size / host.upload * 1000
    const publishTimeoutMs = 2 * starMs + 120_000
    const timeoutMs = options.timeout != null ? options.timeout * 1000 : publishTimeoutMs + 5 * 60_000
    process.stdout.write(`mesh: ${options.nodes} nodes (${options.caps}, seed ${options.seed}), host ${formatRate(host.upload)}, ${formatBytes(options.size)} in ${formatBytes(options.chunk)} chunks, ${strategy}: ${run.note}${options.keepPingedConnections === true ? '; PATCHED: connection monitor does not abort on a slow ping' : ''}; caps by ${netns ? 'tc in network namespaces' : 'the app (--upload-limit)'}\n`)
    const result = await withInterrupt(async (signal) => runMesh({
      caps,
      host,
      size: options.size,
      chunkSize: options.chunk,
      maxFanout: options.maxFanout ?? run.maxFanout,
      publishStrategy: run.publishStrategy,
      publishArgs: [...(run.publishArgs ?? []), ...(options.stripes == null ? [] : ['--stripes', String(options.stripes)])],
      hostArgs: run.hostArgs,
      nodeUploadLimit: run.nodeUploadLimit,
      netns,
      delayMs: options.delay,
      queueMs: options.queueMs,
      fifo: options.fifo,
      sendBufferBytes: options.sendBuffer,
      env: options.keepPingedConnections === true ? keepPingedConnectionsEnv() : undefined,
      publishTimeoutMs,
      keep: options.keep,
      signal,
      say: (line) => { process.stdout.write(`mesh: ${line}\n`) }
    }), timeoutMs)
    process.stdout.write(`${describeMesh(result)}\n`)
    const out = options.out ?? join('bench-results', `mesh-${options.nodes}-${strategy}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
    await mkdir(join(out, '..'), { recursive: true })
    await writeFile(out, toJson({ strategy, note: run.note, caps: options.caps, seed: options.seed, ...result }) + '\n')
    process.stdout.write(`results: ${out}${result.dataDir != null ? `; data kept in ${result.dataDir}` : ''}\n`)
    process.exitCode = result.success ? 0 : 1
  })

program.parseAsync().catch((err: Error) => {
  process.stderr.write(`mesh: ${err.message}\n`)
  process.exitCode = 1
})
