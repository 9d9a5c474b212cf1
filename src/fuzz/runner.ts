/**
 * A fuzz run: builds the fixture, splits the iteration budget (and the time
 * bound) over the targets by weight, runs them one after another under the
 * process monitor, and returns the report.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { amplificationResults, amplificationTarget } from './amplification.js'
import { loadCodecs, sampleBuilder } from './codecs.js'
import { decodersTarget } from './decoders.js'
import { makeFixture } from './fixture.js'
import { liveTarget } from './live.js'
import { DEFAULT_MAX_RSS_BYTES, ProcessMonitor } from './monitor.js'
import { Rng } from './rng.js'
import { FuzzStats } from './stats.js'
import { addresseesValidatorTarget } from './validate-addressees.js'
import { archiveValidatorTarget } from './validate-archive.js'
import { joinValidatorTarget } from './validate-join.js'
import { manifestValidatorTarget } from './validate-manifest.js'
import { statementValidatorTarget } from './validate-statement.js'
import type { Amplification } from './amplification.js'
import type { FuzzTarget, TargetContext } from './target.js'

export const TARGETS: readonly FuzzTarget[] = [
  decodersTarget,
  joinValidatorTarget,
  addresseesValidatorTarget,
  manifestValidatorTarget,
  statementValidatorTarget,
  archiveValidatorTarget,
  liveTarget,
  amplificationTarget
]

export const DEFAULT_ITERATIONS = 100_000

export interface FuzzOptions {
  /** inputs over all targets (the amplification check takes none of them) */
  iterations?: number
  /** stop every target by then; default: no bound */
  seconds?: number
  seed?: number
  /** target names to run; default all */
  targets?: string[]
  maxRssBytes?: number
  log?(message: string): void
}

export interface FuzzReport {
  seed: number
  iterations: number
  durationMs: number
  stats: FuzzStats
  startRss: number
  peakRss: number
  maxRss: number
  uncaught: number
  unhandled: number
  amplification: Amplification[]
  /** message types the decoders target only fuzzes with random bytes (no valid samples to mutate) */
  codecsWithoutSamples: string[]
  /** wall time per target */
  targetMs: Map<string, number>
  ok: boolean
}

export async function runFuzz (options: FuzzOptions = {}): Promise<FuzzReport> {
  const seed = (options.seed ?? Math.floor(Math.random() * 2 ** 32)) >>> 0
  const iterations = options.iterations ?? DEFAULT_ITERATIONS
  const log = options.log ?? (() => {})
  const wanted = options.targets == null ? TARGETS : TARGETS.filter(target => options.targets?.includes(target.name))
  const unknown = (options.targets ?? []).filter(name => !TARGETS.some(target => target.name === name))
  if (unknown.length > 0) {
    throw new Error(`unknown fuzz targets: ${unknown.join(', ')} (known: ${TARGETS.map(target => target.name).join(', ')})`)
  }
  const stats = new FuzzStats()
  const maxRss = options.maxRssBytes ?? DEFAULT_MAX_RSS_BYTES
  const monitor = new ProcessMonitor(stats, maxRss)
  const started = Date.now()
  const end = options.seconds == null ? Infinity : started + options.seconds * 1000
  const workDir = await mkdtemp(join(tmpdir(), 'cascade-fuzz-'))
  const targetMs = new Map<string, number>()
  monitor.start()
  const rng = new Rng(seed)
  const codecs = await loadCodecs()
  const fx = await makeFixture(rng.fork())
  try {
    const totalWeight = wanted.reduce((sum, target) => sum + target.weight, 0)
    let remainingWeight = totalWeight
    for (const target of wanted) {
      const share = totalWeight === 0 ? 0 : target.weight / totalWeight
      const count = Math.round(iterations * share)
      // each target may use its share of the time that is left, so an early finisher leaves more to the rest
      const now = Date.now()
      const deadline = end === Infinity ? Infinity : now + (end - now) * (remainingWeight === 0 ? 1 : Math.max(target.weight, 0.5) / remainingWeight)
      remainingWeight -= target.weight
      const ctx: TargetContext = { rng: rng.fork(), stats, fx, codecs, monitor, deadline, workDir, log }
      log(`${target.name}: ${target === amplificationTarget ? 'measuring' : `${count} inputs`}`)
      const t0 = Date.now()
      try {
        await target.run(ctx, target === amplificationTarget ? iterations : count)
      } catch (err: any) {
        stats.fail({ target: target.name, kind: 'crash', message: `the target itself failed: ${err?.stack ?? err}` })
      }
      targetMs.set(target.name, Date.now() - t0)
      monitor.sample()
    }
  } finally {
    monitor.stop()
    await rm(workDir, { recursive: true, force: true })
  }
  return {
    seed,
    iterations,
    durationMs: Date.now() - started,
    stats,
    startRss: monitor.startRss,
    peakRss: monitor.peakRss,
    maxRss,
    uncaught: monitor.uncaught,
    unhandled: monitor.unhandled,
    amplification: [...amplificationResults],
    codecsWithoutSamples: codecs.map(codec => codec.name).filter(name => sampleBuilder(name) == null),
    targetMs,
    ok: stats.failureCount === 0
  }
}
