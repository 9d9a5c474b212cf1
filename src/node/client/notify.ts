/**
 * Tells the device's user about an update waiting for them (docs/install-policy.md:
 * the user is notified and asked to stop using the software). The operator's
 * `--notify` command shows it however the device can: a desktop
 * notification, a message on a kiosk's screen, a line in a log.
 */
import { logger } from '@libp2p/logger'
import { describeShellResult, runShellCommand } from './shell-command.js'

const log = logger('cascade:node:notify')

/** A notice hook that hangs must not hold up the install it is about. */
export const NOTIFY_TIMEOUT_MS = 10_000

export interface UserNotice {
  /** one line for the user */
  message: string
  /** the version the notice is about */
  version: string
}

/**
 * Runs `command` with `CASCADE_NOTICE` and `CASCADE_VERSION` in its
 * environment. Never throws: a failed notice is logged, and the update
 * goes on as it would have.
 */
export async function notifyUser (command: string, notice: UserNotice, cwd: string): Promise<void> {
  const result = await runShellCommand(command, {
    cwd,
    env: { CASCADE_NOTICE: notice.message, CASCADE_VERSION: notice.version },
    timeoutMs: NOTIFY_TIMEOUT_MS
  })
  if (result.error != null || result.timedOut || result.code !== 0) {
    log.error('the notify command %s', describeShellResult(result, NOTIFY_TIMEOUT_MS))
  }
}
