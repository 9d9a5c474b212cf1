import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { generateKey, saveNewKey } from '../src/node/identity.js'

/** A fresh temp dir, removed by {@link cleanup}. */
export async function tempDir (prefix = 'cascade-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix))
}

export async function cleanup (...dirs: string[]): Promise<void> {
  await Promise.all(dirs.map(async dir => rm(dir, { recursive: true, force: true })))
}

/** How often {@link waitFor} tests a condition that answers at once (a field, a line of output). */
const POLL_MS = 50

/**
 * The longest {@link waitFor} waits between two tests of a condition that
 * answers with a promise (a status request: a libp2p dial and handshake, a CLI
 * process): polled every 50 ms for seconds, those take CPU from the processes
 * under test, on a machine of two cores.
 */
const MAX_ASYNC_POLL_MS = 250

/**
 * Polls `condition` until it holds or `timeoutMs` passes: every 50 ms, or for
 * a condition that returns a promise, 50 ms apart at first and then less
 * often, up to {@link MAX_ASYNC_POLL_MS}. A condition that throws (a status request
 * whose dial timed out on a busy machine) counts as not yet; the last error
 * is named if time runs out.
 */
export async function waitFor (condition: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let lastError: Error | undefined
  let pollMs = POLL_MS
  let slow = false
  while (true) {
    try {
      const answer = condition()
      slow = answer instanceof Promise
      if (await answer) {
        return
      }
    } catch (err: any) {
      lastError = err
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError == null ? '' : ` (last error: ${lastError.message})`}`)
    }
    await sleep(pollMs)
    if (slow) {
      pollMs = Math.min(MAX_ASYNC_POLL_MS, pollMs * 2)
    }
  }
}

export const MiB = 1024 * 1024

/**
 * Writes a new admin key to `file` and returns its peer id: what
 * `cascade keygen --out FILE` does (the same src/node/identity.ts calls), in
 * this process, without starting a CLI process for it (test/cli.test.ts and
 * test/cli-first-hour.test.ts run the command itself).
 */
export async function adminKey (file: string): Promise<string> {
  const key = await generateKey()
  await saveNewKey(file, key)
  return peerIdFromPrivateKey(key).toString()
}
