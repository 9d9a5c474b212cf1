/**
 * Flow-level simulation of one package reaching a fleet, per strategy:
 *
 *   node dist/scripts/simulate.js --nodes 8,16,32,1000 --caps 40mbit:0.25,16mbit:0.5,4mbit:0.25 \
 *     --host-cap 40mbit --size 64MiB --chunk 1MiB --strategy all
 *
 * Prints, per fleet size and strategy, the makespan, makespan / T* (the
 * number that matters, docs/benchmarks.md), how many copies the host uploaded, the
 * stripe count (k: `tree` stripes, `tree-single` is the one tree it would
 * otherwise be), and how long planning and simulating took.
 *
 * With --hierarchy, a fleet of sites instead (docs/hierarchy.md):
 *
 *   node dist/scripts/simulate.js --hierarchy 10x125x800 --host-caps 1gbit,400mbit,100mbit
 *
 * prints per level of hosts their connections, when they got the package
 * and when their members had it, then the devices, the most connections
 * any host holds, the root's upload in copies of the package, the makespan,
 * T* of the whole fleet and makespan / T*.
 */
import { Command, InvalidArgumentError, Option } from 'commander'
import { formatBytes, formatRate, parseRate, parseSize } from '../src/node/units.js'
import { generateFleet, simulate, simulateHierarchy, simulateHierarchyFull, STRATEGIES } from '../src/sim/index.js'
import { formatHierarchy, formatSeconds, formatTable } from '../src/sim/hierarchy-report.js'
import type { FleetClass, HierarchyInput, SimResult, Strategy } from '../src/sim/index.js'

/** Fleet used when --caps is not given: a quarter fast, half middling, a quarter slow uplinks. */
const DEFAULT_CAPS = '40mbit:0.25,16mbit:0.5,4mbit:0.25'
/** What `--strategy all` compares: the planner (striped and one tree) against the star and a naive relay tree. */
const COMPARED: Strategy[] = ['tree', 'tree-single', 'star', 'binary-saf']

function usageError (parse: (text: string) => number): (text: string) => number {
  return (text) => {
    try {
      return parse(text)
    } catch (err) {
      throw new InvalidArgumentError((err as Error).message)
    }
  }
}

/** `40mbit:0.25,16mbit:0.5,4mbit:0.25`: upload rate and fraction of the fleet, per class. */
function parseCaps (spec: string): FleetClass[] {
  return spec.split(',').map(part => {
    const split = part.lastIndexOf(':')
    const fraction = split === -1 ? 1 : Number(part.slice(split + 1))
    if (!(fraction > 0)) throw new InvalidArgumentError(`bad fraction in "${part}"`)
    return { upload: usageError(parseRate)(split === -1 ? part : part.slice(0, split)), fraction }
  })
}

function parseCounts (list: string): number[] {
  return list.split(',').map(text => {
    const count = Number(text)
    if (!Number.isInteger(count) || count < 1) throw new InvalidArgumentError(`bad node count "${text}"`)
    return count
  })
}

function parseInteger (text: string): number {
  const value = Number(text)
  if (!Number.isInteger(value)) throw new InvalidArgumentError(`not an integer: "${text}"`)
  return value
}

/** `10x125x800`: members per host, level by level from the root. */
function parseHierarchy (spec: string): number[] {
  const counts = spec.split('x').map(text => Number(text))
  if (!counts.every(n => Number.isInteger(n) && n >= 1)) {
    throw new InvalidArgumentError(`"${spec}" is not members per host per level, like 10x125x800`)
  }
  return counts
}

/** `1gbit,400mbit,100mbit`: the hosts' uploads, level by level from the root. */
function parseRates (list: string): number[] {
  return list.split(',').map(usageError(parseRate))
}

/** JSON has no Infinity: a node that never finishes reports null. */
function printJson (value: unknown): void {
  process.stdout.write(JSON.stringify(value, (_, v) => typeof v === 'number' && !Number.isFinite(v) ? null : v, 2) + '\n')
}

interface Row {
  nodes: number
  strategy: SimResult['strategy']
  makespan: number
  lowerBound: number
  ratio: number
  hostCopies: number
  depth: number
  stripes: number
  planMs: number
  simMs: number
}

function table (rows: Row[]): string {
  const header = ['N', 'strategy', 'makespan', 'T*', 'makespan/T*', 'host bytes/S', 'k', 'depth', 'plan', 'sim']
  const cells = rows.map(row => [
    String(row.nodes), row.strategy, formatSeconds(row.makespan), formatSeconds(row.lowerBound),
    Number.isFinite(row.ratio) ? row.ratio.toFixed(2) : 'inf', row.hostCopies.toFixed(row.stripes > 1 ? 2 : 0), String(row.stripes), String(row.depth),
    `${row.planMs.toFixed(0)} ms`, `${row.simMs.toFixed(0)} ms`
  ])
  return formatTable(header, cells, 2)
}

/** The --hierarchy run: composed (or --full), printed as a table or JSON. */
function runHierarchy (options: Record<string, any>): void {
  const fanouts = options.hierarchy as number[]
  const caps = (options.hostCaps as number[] | undefined) ?? [options.hostCap as number]
  if (caps.length !== 1 && caps.length !== fanouts.length) {
    throw new InvalidArgumentError(`--host-caps needs one rate, or one per level of hosts (${fanouts.length})`)
  }
  const input: HierarchyInput = {
    size: options.size,
    chunkSize: options.chunk,
    fanouts,
    hostUploads: fanouts.map((_, level) => caps.length === 1 ? caps[0] : caps[level]),
    devices: parseCaps(options.caps),
    seed: options.seed,
    stripes: options.stripes,
    maxFanout: options.fanout,
    hostMaxFanout: options.hostFanout
  }
  const result = options.full === true ? simulateHierarchyFull(input) : simulateHierarchy(input)
  if (options.json === true) {
    printJson({ input: { ...input, devices: options.caps }, ...result })
    return
  }
  process.stdout.write(`package ${formatBytes(options.size)} in ${formatBytes(options.chunk)} chunks, host uploads ${input.hostUploads.map(formatRate).join(', ')} (root first), caps ${options.caps}, seed ${options.seed}\n`)
  process.stdout.write(formatHierarchy(input, result) + '\n')
}

const program = new Command()
  .name('simulate')
  .description('flow-level simulation of a package spreading through a fleet, per distribution strategy')
  .option('--nodes <n>', 'fleet size(s), comma-separated', parseCounts, [1000])
  .option('--caps <spec>', 'upload classes rate:fraction, comma-separated', DEFAULT_CAPS)
  .option('--host-cap <rate>', 'host upload', usageError(parseRate), parseRate('40mbit'))
  .option('--size <size>', 'package size', usageError(parseSize), parseSize('64MiB'))
  .option('--chunk <size>', 'chunk size', usageError(parseSize), parseSize('1MiB'))
  .addOption(new Option('--strategy <name>', 'distribution strategy').choices([...STRATEGIES, 'all']).default('all'))
  .option('--fanout <n>', 'max children per client (tree strategies)', parseInteger)
  .option('--host-fanout <n>', 'max children of the host (tree strategies)', parseInteger)
  .option('--stripes <k>', 'stripe count for the tree strategy (default: the planner chooses)', parseInteger)
  .option('--seed <n>', 'seed for assigning classes to nodes', parseInteger, 1)
  .option('--json', 'print JSON instead of a table')
  .option('--hierarchy <AxBxC>', 'simulate a fleet of sites instead: members per host, level by level from the root (10x125x800: 10 regions, 125 sites each, 800 devices each); --nodes and --strategy do not apply', parseHierarchy)
  .option('--host-caps <rates>', 'with --hierarchy: upload of the hosts of each level, root first, comma-separated (one rate: every level; default --host-cap)', parseRates)
  .option('--full', 'with --hierarchy: simulate every host and device in one run instead of composing levels (at most 300,000 nodes)')
  .action((options) => {
    if (options.hierarchy !== undefined) {
      for (const name of ['nodes', 'strategy']) {
        if (program.getOptionValueSource(name) === 'cli') program.error(`error: --${name} does not apply with --hierarchy`)
      }
      try {
        runHierarchy(options)
      } catch (err) {
        program.error(`error: ${(err as Error).message}`)
      }
      return
    }
    for (const name of ['hostCaps', 'full']) {
      if (options[name] !== undefined) program.error('error: --host-caps and --full go with --hierarchy')
    }
    const classes = parseCaps(options.caps)
    const strategies: Strategy[] = options.strategy === 'all' ? COMPARED : [options.strategy]
    const rows: Row[] = []
    for (const nodes of options.nodes as number[]) {
      const peers = generateFleet(nodes, classes, options.seed)
      for (const strategy of strategies) {
        const result = simulate({
          size: options.size,
          chunkSize: options.chunk,
          hostUpload: options.hostCap,
          peers,
          strategy,
          planOptions: { maxFanout: options.fanout, hostMaxFanout: options.hostFanout, stripes: options.stripes }
        })
        rows.push({
          nodes,
          strategy: result.strategy,
          makespan: result.makespan,
          lowerBound: result.lowerBound,
          ratio: result.ratio,
          hostCopies: result.hostCopies,
          depth: result.depth,
          stripes: result.stripes,
          planMs: result.planMs,
          simMs: result.simMs
        })
      }
    }
    if (options.json === true) {
      printJson(rows)
      return
    }
    process.stdout.write(`package ${formatBytes(options.size)} in ${formatBytes(options.chunk)} chunks, host ${formatRate(options.hostCap)}, caps ${options.caps}, seed ${options.seed}\n`)
    process.stdout.write(table(rows) + '\n')
  })

program.parse()
