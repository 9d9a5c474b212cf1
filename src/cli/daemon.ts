/**
 * Runs a long-lived role until SIGINT/SIGTERM, then stops it cleanly
 * (connections closed, database closed) and exits 0.
 */
export function runUntilSignal (stop: () => Promise<void>): void {
  let stopping = false
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      return
    }
    stopping = true
    process.stderr.write(`received ${signal}, shutting down\n`)
    // a stop that hangs must not keep the process alive forever
    const forced = setTimeout(() => {
      process.stderr.write('shutdown took too long, exiting\n')
      process.exit(1)
    }, 10_000)
    forced.unref()
    stop().then(() => { process.exit(0) }, (err: Error) => {
      process.stderr.write(`error while shutting down: ${err.message}\n`)
      process.exit(1)
    })
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
}

/** A timestamped line on stderr: what an operator watching a daemon sees. */
export function say (role: string, message: string): void {
  process.stderr.write(`${new Date().toISOString()} [${role}] ${message}\n`)
}
