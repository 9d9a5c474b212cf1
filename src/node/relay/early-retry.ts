/**
 * A push that failed before its first chunk left is tried again: nothing was
 * delivered, and its receiver would otherwise wait for the host's stall
 * watchdog (30 s), or fail at once with `--max-attempts 1`. The receiver may
 * have refused the offer for a passing reason: the deployment's notice not
 * there yet (a control channel replaced as the push went out:
 * src/node/client/push-handler.ts), or a fault on its own disk. The host does
 * this for its own pushes (src/node/host/deployment/host-pushes.ts, which also
 * sends the notice again first), a relay for its children's ({@link retryEarlyRefusals}).
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { logger } from '@libp2p/logger'
import { PushRefusedError } from './push-sender.js'
import type { Push, PushResult } from './push-sender.js'

const log = logger('cascade:push')

/** Tries after the first, for a push that failed before its first chunk: not counted as attempts. */
export const FAILED_PUSH_RETRIES = 2

/** How long after such a failure the push is tried again: long enough for a re-join or a late notice to land. */
export const FAILED_PUSH_RETRY_MS = 1_000

/**
 * Runs the push `start` makes; when its child refuses it before the first
 * chunk, makes and runs it again after {@link FAILED_PUSH_RETRY_MS}, up to
 * {@link FAILED_PUSH_RETRIES} times. Anything else (an unreachable child, a
 * push that stalled or was refused after chunks, `signal` aborted) rejects
 * as the push did.
 */
export async function retryEarlyRefusals (start: () => Push, signal: AbortSignal, child: string): Promise<PushResult> {
  for (let retries = 0; ; retries++) {
    let sent = 0
    try {
      return await start().on('bytes', (bytes) => { sent += bytes }).run()
    } catch (err: any) {
      if (!(err instanceof PushRefusedError) || sent > 0 || retries >= FAILED_PUSH_RETRIES || signal.aborted) throw err
      log('%s refused our push before its first chunk; trying again in %d ms: %e', child, FAILED_PUSH_RETRY_MS, err)
    }
    await sleep(FAILED_PUSH_RETRY_MS, undefined, { signal })
  }
}
