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

/**
 * Polls `condition` every 50 ms until it holds or `timeoutMs` passes. A condition that throws (a status request
 * whose dial timed out on a busy machine) counts as not yet; the last error
 * is named if time runs out.
 */
export async function waitFor (condition: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let lastError: Error | undefined
  while (true) {
    try {
      if (await condition()) {
        return
      }
    } catch (err: any) {
      lastError = err
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError == null ? '' : ` (last error: ${lastError.message})`}`)
    }
    await sleep(50)
  }
}

export const MiB = 1024 * 1024

/**
 * Writes a new admin key to `file` and returns its peer id: what
 * `cascade keygen --out FILE` does (the same src/node/identity.ts calls), in
 * this process, without starting a CLI process for it (test/cli*.test.ts and
 * test/admin-keys.test.ts run the command itself).
 */
export async function adminKey (file: string): Promise<string> {
  const key = await generateKey()
  await saveNewKey(file, key)
  return peerIdFromPrivateKey(key).toString()
}
