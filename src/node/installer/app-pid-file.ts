/**
 * The running app's pid, kept in the data dir (`app.pid`) while it runs. The
 * app lives in its own process group, so it survives a daemon that is killed
 * (SIGKILL, a crash, the OOM killer); the daemon that starts next finds it
 * here and stops that group before it starts the app again, so a device never
 * runs two copies (the second of which would find its port taken).
 *
 * The file reads `PID START_TIME`: the start time (Linux, from `/proc`) tells
 * the app from an unrelated process that was given the same pid later, which
 * is never signalled.
 */
import { readFile, rm, writeFile } from 'node:fs/promises'
import { logger } from '@libp2p/logger'
import { formatProcessRecord, parseProcessRecord, processStartTime } from '../client/process-start-time.js'
import { stopGroup } from './process-group.js'

const log = logger('cascade:installer:app')

export const APP_PID_FILE = 'app.pid'

/** Records the app just started (group leader `pid`). */
export async function recordApp (path: string, pid: number): Promise<void> {
  await writeFile(path, formatProcessRecord(pid))
}

/** The app stopped (or was never started): nothing to find at the next start. */
export async function forgetApp (path: string): Promise<void> {
  await rm(path, { force: true })
}

/**
 * Stops an app a previous daemon left running: SIGTERM to its group, SIGKILL
 * after `stopTimeoutMs`. Returns its pid, or undefined when there was none
 * (no file, a process that is gone, or a pid now used by another process).
 */
export async function stopLeftoverApp (path: string, stopTimeoutMs: number, killWaitMs: number): Promise<number | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    return undefined
  }
  await forgetApp(path)
  const app = parseProcessRecord(text)
  // only the very process recorded: never a pid given to another process since
  if (app == null || app.pid <= 1 || app.startTime == null || processStartTime(app.pid) !== app.startTime) {
    return undefined
  }
  log('stopping the app (pid %d) a previous daemon left running', app.pid)
  await stopGroup(app.pid, stopTimeoutMs, killWaitMs)
  return app.pid
}
