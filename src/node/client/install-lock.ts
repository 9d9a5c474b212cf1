/**
 * One install at a time per data dir (docs/install-policy.md: the node checks that
 * it is in a state to install). `DIR/install.lock` holds the pid of whoever is
 * installing: this daemon while it switches releases, or an operator's
 * script doing maintenance on the device (write your pid into it, remove
 * it when done). A lock whose process is gone is stale and is removed.
 */
import { open, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { logger } from '@libp2p/logger'
import { processStartTime } from './process-start-time.js'

const log = logger('cascade:node:install-lock')

export const INSTALL_LOCK_FILE = 'install.lock'

interface LockHolder {
  pid: number
  /** when the holder started (Linux clock ticks since boot), so a reused pid is not taken for it */
  startTime?: string
}

export type InstallLockResult =
  | { lock: InstallLock }
  /** why the lock is not ours: someone else is installing */
  | { busy: string }

export class InstallLock {
  readonly path: string
  private released = false

  private constructor (path: string) {
    this.path = path
  }

  /** Takes the lock, unless a live process holds it. */
  static async acquire (dataDir: string): Promise<InstallLockResult> {
    const path = join(dataDir, INSTALL_LOCK_FILE)
    const startTime = processStartTime(process.pid)
    // twice: once more after removing a stale lock
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const handle = await open(path, 'wx')
        try {
          await handle.writeFile(`${process.pid}${startTime == null ? '' : ` ${startTime}`}\n`)
          await handle.sync()
        } finally {
          await handle.close()
        }
        return { lock: new InstallLock(path) }
      } catch (err: any) {
        if (err.code !== 'EEXIST') {
          throw err
        }
      }
      const holder = await readHolder(path)
      if (holder != null && isAlive(holder)) {
        return { busy: holder.pid === process.pid ? 'an install is already running' : `another install is running (pid ${holder.pid}, ${path})` }
      }
      log('removing a stale install lock %s (%s)', path, holder == null ? 'unreadable' : `pid ${holder.pid} is gone`)
      await rm(path, { force: true })
    }
    return { busy: `${path} is contended` }
  }

  async release (): Promise<void> {
    if (!this.released) {
      this.released = true
      await rm(this.path, { force: true })
    }
  }
}

/** `PID [START_TIME]`; anything else (an empty file a crash left) is no holder. */
async function readHolder (path: string): Promise<LockHolder | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    return undefined
  }
  const match = /^\s*(\d+)(?:\s+(\d+))?\s*$/.exec(text)
  if (match == null) {
    return undefined
  }
  return { pid: Number(match[1]), startTime: match[2] }
}

function isAlive (holder: LockHolder): boolean {
  try {
    process.kill(holder.pid, 0)
  } catch (err: any) {
    // EPERM: it exists, it is just not ours to signal
    if (err.code !== 'EPERM') {
      return false
    }
  }
  if (holder.startTime != null) {
    const startTime = processStartTime(holder.pid)
    return startTime == null || startTime === holder.startTime
  }
  return true
}
