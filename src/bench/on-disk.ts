import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

/**
 * Completion measured from outside, as a user would see it: a node is done
 * when its data dir's `current` release (src/node/installer/release-slots.ts)
 * holds a file of the package's size. The clock starts when the watch does
 * (the bench starts it as `cascade publish` is started, so the admin's
 * upload to the host and the planning count).
 */

/** How often every node's data dir is looked at. */
export const DISK_POLL_MS = 200

async function holdsPackage (dataDir: string, size: number): Promise<boolean> {
  const current = join(dataDir, 'current')
  try {
    for (const name of await readdir(current)) {
      const info = await stat(join(current, name))
      if (info.isFile() && info.size === size) return true
    }
  } catch {}
  return false
}

export interface DiskWatch {
  /** stops polling; per data dir, ms from the start until it held the package, or undefined */
  stop(): Promise<Array<number | undefined>>
}

export function watchInstalled (dataDirs: string[], size: number, pollMs = DISK_POLL_MS): DiskWatch {
  const started = Date.now()
  const at: Array<number | undefined> = dataDirs.map(() => undefined)
  let stopping = false
  const loop = (async () => {
    while (!stopping && at.some(ms => ms == null)) {
      for (let i = 0; i < dataDirs.length; i++) {
        if (at[i] == null && await holdsPackage(dataDirs[i], size)) at[i] = Date.now() - started
      }
      if (!stopping) await sleep(pollMs)
    }
  })()
  return {
    async stop () {
      stopping = true
      await loop
      return at
    }
  }
}
