/**
 * Runs `work` with an AbortSignal that SIGINT, SIGTERM or `timeoutMs`
 * aborts, so a script's `finally` blocks stop what it started. A second
 * signal while cleaning up is ignored: stopping takes at most the harness's
 * grace period.
 */
export async function withInterrupt<T> (work: (signal: AbortSignal) => Promise<T>, timeoutMs: number): Promise<T> {
  const controller = new AbortController()
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!controller.signal.aborted) {
      process.stderr.write(`\n${signal}: stopping every process this run started…\n`)
      controller.abort(new Error(`interrupted by ${signal}`))
      process.exitCode = 130
    }
  }
  const timer = setTimeout(() => { controller.abort(new Error(`gave up after ${Math.round(timeoutMs / 1000)} s`)) }, timeoutMs)
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  try {
    return await work(controller.signal)
  } finally {
    clearTimeout(timer)
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
  }
}
