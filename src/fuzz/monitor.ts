/**
 * Process-level watch over a fuzz run: counts uncaught exceptions and
 * unhandled rejections (each is a failure: some input made code throw where
 * nothing catches it), and samples RSS to report the peak and to fail a run
 * whose memory grew past the bound.
 */
import type { FuzzStats } from './stats.js'

export const DEFAULT_MAX_RSS_BYTES = 1024 ** 3

export class ProcessMonitor {
  peakRss = 0
  startRss = 0
  uncaught = 0
  unhandled = 0
  private readonly stats: FuzzStats
  private readonly maxRss: number
  private timer?: ReturnType<typeof setInterval>
  private overLimit = false
  private readonly onUncaught = (err: unknown): void => {
    this.uncaught++
    this.stats.fail({ target: 'process', kind: 'unhandled', message: `uncaught exception: ${describe(err)}` })
  }

  private readonly onUnhandled = (reason: unknown): void => {
    this.unhandled++
    this.stats.fail({ target: 'process', kind: 'unhandled', message: `unhandled rejection: ${describe(reason)}` })
  }

  constructor (stats: FuzzStats, maxRss = DEFAULT_MAX_RSS_BYTES) {
    this.stats = stats
    this.maxRss = maxRss
  }

  start (): void {
    this.startRss = process.memoryUsage.rss()
    this.sample()
    process.on('uncaughtException', this.onUncaught)
    process.on('unhandledRejection', this.onUnhandled)
    this.timer = setInterval(() => { this.sample() }, 100)
    this.timer.unref()
  }

  /** Takes one RSS sample now; targets call it between inputs too, so a short spike is not missed. */
  sample (): number {
    const rss = process.memoryUsage.rss()
    if (rss > this.peakRss) {
      this.peakRss = rss
    }
    if (rss > this.maxRss && !this.overLimit) {
      this.overLimit = true
      this.stats.fail({ target: 'process', kind: 'memory', message: `RSS ${(rss / 1024 ** 2).toFixed(0)} MiB is past the bound of ${(this.maxRss / 1024 ** 2).toFixed(0)} MiB` })
    }
    return rss
  }

  stop (): void {
    clearInterval(this.timer)
    this.sample()
    process.off('uncaughtException', this.onUncaught)
    process.off('unhandledRejection', this.onUnhandled)
  }
}

function describe (err: unknown): string {
  if (err instanceof Error) {
    return `${err.name}: ${err.message}${err.stack != null ? `\n${err.stack.split('\n').slice(1, 6).join('\n')}` : ''}`
  }
  return String(err)
}
