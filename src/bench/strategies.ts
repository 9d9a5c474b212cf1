import { runCascade } from '../harness/cascade-process.js'
import type { NodeCaps } from './caps.js'

/**
 * The distribution strategies the bench compares, and how each is run on a
 * real mesh today:
 * - `tree`: the planner's speed-sorted pipelined trees (the default; the
 *   package striped over as many trees as finish soonest, docs/striping.md).
 * - `tree-single`: the same planner held to one tree (`--stripes 1`).
 * - `star`: the host sends to every node itself.
 * - `binary-saf`: the naive relay tree, a binary tree in join order where a
 *   node relays the whole package to two nodes once it holds all of it.
 * - `bt`: not Cascade at all: a BitTorrent swarm (aria2c and opentracker,
 *   src/bench/bittorrent.ts) on the same network, the baseline a user would
 *   otherwise pick.
 */
export type BenchStrategy = 'tree' | 'tree-single' | 'star' | 'binary-saf' | 'bt'

export const BENCH_STRATEGIES: readonly BenchStrategy[] = ['tree', 'tree-single', 'bt', 'star', 'binary-saf']

/** What `realRunOf` says of the BitTorrent baseline: the bench runs it itself. */
export const SWARM_NOTE = 'BitTorrent: aria2c leechers, an aria2c seed on the host, opentracker (src/bench/bittorrent.ts); needs --netns'

/**
 * A star's relays get at most this share of the host's per-child rate, so
 * that even a probe reading twice the truth cannot give a node a child.
 */
const STAR_RELAY_SHARE = 0.7

/**
 * In store-and-forward, a node at depth d receives nothing until its parent
 * holds everything (d - 1 whole transfers): longer than any binary-saf run
 * of the bench, so the watchdog never mistakes waiting for stalling.
 */
const SAF_STALL_TIMEOUT_MS = 1_800_000

export interface RealRun {
  /** `cascade publish --strategy` (cascade versions that have it) */
  publishStrategy?: 'star' | 'binary-saf'
  /** more `cascade publish` options */
  publishArgs?: string[]
  /** how relays forward: for simulating the very tree the run used */
  relay: 'pipelined' | 'store-and-forward'
  /** `cascade host --max-fanout` */
  maxFanout?: number
  /** more `cascade host` options */
  hostArgs?: string[]
  /**
   * An in-app `--upload-limit` for every node on top of its link cap (the
   * network stays the same: with --netns, tc still shapes the link).
   */
  nodeUploadLimit?: number
  /** how this run stands in for the strategy, for the report */
  note: string
}

/**
 * How to run `strategy` on a real mesh, or a reason it cannot be run.
 *
 * With a cascade whose `publish` has `--strategy` (see
 * `publishHasStrategies`), every strategy runs for real, as the host plans
 * it. Older ones:
 *
 * star: `--max-fanout N` lifts the host's fan-out cap (it sets the client
 * cap too), but the planner still uses fast clients as relays, since that
 * is better. So every node also gets an in-app upload limit below host
 * upload / N, where no node can feed a child at the star's rate and the
 * only plan left is the star. A star never uses the nodes' uplinks, so its
 * makespan is the same as on the original mesh; the limit is the app's, not
 * the link's, so the probes stay short (a probe over a very slow shaped
 * link takes as long as its buffered data needs to drain).
 *
 * binary-saf: needs a store-and-forward relay mode and join-order planning
 * in the host: simulated only.
 */
export function realRunOf (strategy: BenchStrategy, nodes: number, host: NodeCaps, publishStrategies = false): RealRun | string {
  if (strategy === 'bt') return SWARM_NOTE
  if (publishStrategies) {
    return strategy === 'tree'
      ? { relay: 'pipelined', note: 'the host\'s own plan (default fan-out)' }
      : strategy === 'tree-single'
        ? { relay: 'pipelined', publishArgs: ['--stripes', '1'], note: 'the host\'s own plan held to one tree (cascade publish --stripes 1)' }
        : strategy === 'star'
        ? { relay: 'pipelined', publishStrategy: 'star', note: 'cascade publish --strategy star' }
        : {
            relay: 'store-and-forward',
            publishStrategy: 'binary-saf',
            // a node waits (receiving nothing) until its parent holds the whole package: the
            // host's stall watchdog must not take it over, or the run is no longer store-and-forward
            hostArgs: ['--stall-timeout', String(SAF_STALL_TIMEOUT_MS)],
            note: `cascade publish --strategy binary-saf (join order, fan-out 2, store-and-forward); host --stall-timeout ${SAF_STALL_TIMEOUT_MS / 1000} s`
          }
  }
  switch (strategy) {
    case 'tree':
      return { relay: 'pipelined', note: 'the host\'s own plan (default fan-out)' }
    case 'tree-single':
      return 'no --stripes in this cascade: simulated only'
    case 'star': {
      const relayLimit = Math.floor(STAR_RELAY_SHARE * host.upload / Math.max(1, nodes))
      return {
        relay: 'pipelined',
        maxFanout: Math.max(nodes, 1),
        nodeUploadLimit: relayLimit,
        note: `host --max-fanout ${nodes}; every node --upload-limit ${relayLimit} B/s so none can relay (a star never uses node uplinks)`
      }
    }
    case 'binary-saf':
      return 'no store-and-forward relay mode in this cascade: simulated only'
  }
}

/** Whether this build's `cascade publish` takes `--strategy` (star, binary-saf). */
export async function publishHasStrategies (): Promise<boolean> {
  const { code, stdout } = await runCascade(['publish', '--help'], 30_000)
  return code === 0 && /--strategy\b/.test(stdout) && /binary-saf/.test(stdout)
}
