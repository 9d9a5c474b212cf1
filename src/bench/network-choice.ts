import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { formatRate, parseRate } from '../node/units.js'
import { DelayUnavailableError, buildDelayProgram } from './delay/index.js'
import { DEFAULT_DELAY_MS, DEFAULT_QUEUE_FRAMES } from './droptail.js'
import { netemAvailable } from './netns.js'
import type { NetworkOptions } from './netns.js'

/**
 * Which emulated network `npm run bench -- --netns` builds
 * (docs/benchmarks.md, "Settings"): `droptail` (the default: tbf drop-tail
 * links, offloads off, a one-way delay on every path) or `fair` (htb with a
 * fair queue per peer, no delay; `--fifo` makes it one queue per link).
 */

const execFileAsync = promisify(execFile)

export type NetworkKind = 'droptail' | 'fair'
export const NETWORK_KINDS: readonly NetworkKind[] = ['droptail', 'fair']

/** Every node's download on the drop-tail network unless `--down` says otherwise (the quarter-rate settings of docs/benchmarks.md). */
export const DEFAULT_DOWN = '25mbit'

export class InvalidNetworkOptionError extends Error {
  static override readonly name = 'InvalidNetworkOptionError'
  override readonly name = 'InvalidNetworkOptionError'
}

/** `--delay`: `5ms`, `500us`, `0.01s` or a bare number of ms; 0 = none. Returns ms. */
export function parseDelay (text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(us|ms|s)?\s*$/i.exec(text)
  if (match == null) throw new InvalidNetworkOptionError(`bad delay "${text}" (want e.g. 5ms, 500us, 0)`)
  const scale = { us: 0.001, ms: 1, s: 1000 }[(match[2] ?? 'ms').toLowerCase() as 'us' | 'ms' | 's']
  const ms = Number(match[1]) * scale
  if (ms > 10_000) throw new InvalidNetworkOptionError(`delay "${text}" is over 10 s`)
  return ms
}

/** `--down`: a rate, or `none` for uncapped (undefined). */
export function parseDown (text: string): number | undefined {
  if (text.trim().toLowerCase() === 'none') return undefined
  try {
    return parseRate(text)
  } catch (err: any) {
    throw new InvalidNetworkOptionError(`bad --down "${text}": ${err.message} (or none)`)
  }
}

export interface NetworkRequest {
  kind: NetworkKind
  /** drop-tail queue, frames */
  queueFrames?: number
  /** one-way delay asked for, ms (default: DEFAULT_DELAY_MS on drop-tail links, none on fair ones) */
  delayMs?: number
  /** with `fair`: one drop-tail queue per link instead of per peer */
  fifo?: boolean
  /** each process's TCP send buffer cap */
  sendBufferBytes?: number
}

export interface PreparedNetwork {
  options: NetworkOptions
  /** the delay really added, ms (0 when the delay program cannot be built) */
  delayMs: number
  /** why no delay was added although one was asked for */
  delayMissing?: string
  /** for the report */
  description: string
  /** things the user should know (a missing tool) */
  warnings: string[]
}

async function have (tool: string, args: string[]): Promise<boolean> {
  try {
    await execFileAsync(tool, args, { timeout: 10_000 })
    return true
  } catch (err: any) {
    return err.code !== 'ENOENT'
  }
}

/** Builds what the network needs (the delay program) and says what it will be. */
export async function prepareNetwork (request: NetworkRequest, down?: number): Promise<PreparedNetwork> {
  const downText = down == null ? 'downloads not capped' : `downloads ${formatRate(down)}`
  if (request.kind === 'fair') {
    const delayMs = request.delayMs ?? 0
    if (delayMs > 0 && !await netemAvailable()) {
      throw new InvalidNetworkOptionError('--delay on the fair-queue network needs the kernel\'s sch_netem, which this kernel lacks (the drop-tail network, --network droptail, has its own delay)')
    }
    return {
      options: { fairQueue: request.fifo !== true, sendBufferBytes: request.sendBufferBytes, ...(delayMs > 0 ? { delayMs } : {}) },
      delayMs,
      description: `${request.fifo === true ? 'htb, one drop-tail queue per link' : 'htb, a fair queue per peer'}, ${downText}, ${delayMs > 0 ? `${delayMs} ms delay (netem)` : 'no delay'}`,
      warnings: []
    }
  }
  const warnings: string[] = []
  const queueFrames = request.queueFrames ?? DEFAULT_QUEUE_FRAMES
  let delayMs = request.delayMs ?? DEFAULT_DELAY_MS
  let delayMissing: string | undefined
  let delayProgram: string | undefined
  if (delayMs > 0) {
    try {
      delayProgram = await buildDelayProgram()
    } catch (err: any) {
      if (!(err instanceof DelayUnavailableError)) throw err
      delayMissing = err.message
      warnings.push(`NO DELAY: ${err.message}; the links run without it`)
      delayMs = 0
    }
  }
  if (!await have('ethtool', ['--version'])) {
    warnings.push('ethtool is missing (apt-get install -y ethtool): offloads stay on, so tc shapes 64 KiB segments, not frames')
  }
  return {
    options: { dropTailFrames: queueFrames, sendBufferBytes: request.sendBufferBytes, ...(delayMs > 0 ? { delayMs, delayProgram } : {}) },
    delayMs,
    delayMissing,
    description: `tbf drop-tail, ${queueFrames} frames per link, offloads off, ${downText}, ${delayMs > 0 ? `${delayMs} ms one-way delay (NFQUEUE)` : `NO delay (${delayMissing ?? 'none asked for'})`}`,
    warnings
  }
}
