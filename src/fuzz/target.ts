/**
 * What every fuzz target gets and provides: a target consumes up to its
 * share of the iteration budget (or stops at the deadline), counting every
 * input and its outcome in the shared stats.
 */
import type { MessageCodec } from './codecs.js'
import type { Fixture } from './fixture.js'
import type { ProcessMonitor } from './monitor.js'
import type { Rng } from './rng.js'
import type { FuzzStats } from './stats.js'

export interface TargetContext {
  rng: Rng
  stats: FuzzStats
  fx: Fixture
  codecs: MessageCodec[]
  monitor: ProcessMonitor
  /** Date.now() past which the target stops early */
  deadline: number
  /** a scratch dir the run owns and removes */
  workDir: string
  log(message: string): void
}

export interface FuzzTarget {
  name: string
  /** share of the iteration budget, relative to the other targets' */
  weight: number
  run(ctx: TargetContext, iterations: number): Promise<void>
}

/** Lets timers (RSS sampling, timeouts) run between synchronous inputs. */
export async function breathe (): Promise<void> {
  await new Promise<void>(resolve => setImmediate(resolve))
}

export function timeUp (ctx: TargetContext): boolean {
  return Date.now() >= ctx.deadline
}

/** Between inputs: false once the deadline has passed; otherwise samples the RSS and lets timers run. */
export async function carryOn (ctx: TargetContext): Promise<boolean> {
  if (timeUp(ctx)) {
    return false
  }
  ctx.monitor.sample()
  await breathe()
  return true
}

/** Rejects with a TimeoutError-named error when `promise` takes longer than `ms`. */
export async function within<T> (promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const err = new Error(`${what} took longer than ${ms} ms`)
      err.name = 'FuzzTimeoutError'
      reject(err)
    }, ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}
