/**
 * Throws random and mutated inputs at every decoder, validator and live
 * handler, and fails on a crash, hang, unhandled rejection, broken invariant,
 * daemon that stops answering, or RSS past the bound:
 *
 *   npm run fuzz -- --iterations 100000 --seconds 600 --seed 42 --targets decoders,live
 *
 * Prints a summary (inputs per target, refusals by error name, peak RSS,
 * duration) and exits 1 on any failure.
 */
import { Command, InvalidArgumentError } from 'commander'
import { DEFAULT_ITERATIONS, TARGETS, formatReport, runFuzz } from '../src/fuzz/index.js'

function positiveInt (text: string): number {
  const value = Number(text)
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new InvalidArgumentError(`${text} is not a non-negative integer`)
  }
  return value
}

function positiveNumber (text: string): number {
  const value = Number(text)
  if (!Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(`${text} is not a positive number`)
  }
  return value
}

const program = new Command()
  .name('fuzz')
  .description('fuzz every Cascade decoder, validator and live protocol handler')
  .option('--iterations <n>', 'inputs over all targets', positiveInt, DEFAULT_ITERATIONS)
  .option('--seconds <s>', 'stop every target by then (default: no time bound)', positiveNumber)
  .option('--seed <n>', 'PRNG seed (default: random, printed)', positiveInt)
  .option('--targets <list>', `comma-separated subset of: ${TARGETS.map(target => target.name).join(', ')}`)
  .option('--max-rss-mib <n>', 'fail when RSS grows past this', positiveInt, 1024)
  .option('--quiet', 'no progress lines')
  .parse()

const options = program.opts<{ iterations: number, seconds?: number, seed?: number, targets?: string, maxRssMib: number, quiet?: boolean }>()
const report = await runFuzz({
  iterations: options.iterations,
  seconds: options.seconds,
  seed: options.seed,
  targets: options.targets?.split(',').map(name => name.trim()).filter(name => name !== ''),
  maxRssBytes: options.maxRssMib * 1024 ** 2,
  log: options.quiet === true ? undefined : (message) => { process.stderr.write(`fuzz: ${message}\n`) }
})
process.stdout.write(`${formatReport(report)}\n`)
// libp2p and the nodes may leave timers behind; the verdict is in
process.exit(report.ok ? 0 : 1)
