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
 */
import { Command, InvalidArgumentError, Option } from 'commander'
import { formatBytes, formatRate, parseRate, parseSize } from '../src/node/units.js'
import { generateFleet, simulate, STRATEGIES } from '../src/sim/index.js'
import type { FleetClass, SimResult, Strategy } from '../src/sim/index.js'

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

function formatSeconds (seconds: number): string {
  return Number.isFinite(seconds) ? `${seconds.toFixed(seconds < 100 ? 2 : 0)} s` : 'never'
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
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map(cell => cell[i].length)))
  const line = (cell: string[]): string => cell.map((text, i) => i < 2 ? text.padEnd(widths[i]) : text.padStart(widths[i])).join('  ')
  return [line(header), ...cells.map(line)].join('\n')
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
  .action((options) => {
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
      // JSON has no Infinity: a fleet that never finishes reports null
      process.stdout.write(JSON.stringify(rows, (_, value) => typeof value === 'number' && !Number.isFinite(value) ? null : value, 2) + '\n')
      return
    }
    process.stdout.write(`package ${formatBytes(options.size)} in ${formatBytes(options.chunk)} chunks, host ${formatRate(options.hostCap)}, caps ${options.caps}, seed ${options.seed}\n`)
    process.stdout.write(table(rows) + '\n')
  })

program.parse()
