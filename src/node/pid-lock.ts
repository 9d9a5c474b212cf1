/**
 * A lock file holding the pid of its holder: created with O_EXCL, so only one
 * process can hold it, and removed on release. A lock whose process is gone
 * (it crashed or was killed) is stale and is taken over. Used for the data
 * directory (src/node/data-dir-lock.ts) and for installs
 * (src/node/client/install-lock.ts).
 *
 * The file reads `PID [START_TIME]`: the start time (Linux, from `/proc`) tells
 * a live holder from an unrelated process that was given the same pid later.
 */
import { open, readFile, rm } from 'node:fs/promises'
import { resolve } from 'node:path'
import { logger } from '@libp2p/logger'
import { formatProcessRecord, parseProcessRecord, processStartTime } from './client/process-start-time.js'
import type { ProcessRecord } from './client/process-start-time.js'

const log = logger('cascade:node:pid-lock')

/** Two tries: once more after removing a stale lock. */
const ACQUIRE_ATTEMPTS = 2

/** The holder; its start time tells it from a process given the same pid later. */
type LockHolder = ProcessRecord

export type PidLockResult =
  | { lock: PidLock }
  /**
   * The lock is held by a live process: its pid (this process's own pid when
   * this process holds it), or undefined when other processes kept taking it
   * while this one tried.
   */
  | { heldBy: number | undefined }

/** Lock files this process holds now: one left by an earlier process with our pid is stale. */
const heldHere = new Set<string>()

export class PidLock {
  readonly path: string
  private released = false

  private constructor (path: string) {
    this.path = path
  }

  /** Takes the lock at `path`, unless a live process (this one included) holds it. */
  static async acquire (lockPath: string): Promise<PidLockResult> {
    const path = resolve(lockPath)
    let holder: LockHolder | undefined
    for (let attempt = 0; attempt < ACQUIRE_ATTEMPTS; attempt++) {
      try {
        const handle = await open(path, 'wx')
        heldHere.add(path)
        try {
          await handle.writeFile(formatProcessRecord(process.pid))
          await handle.sync()
        } catch (err) {
          heldHere.delete(path)
          await rm(path, { force: true })
          throw err
        } finally {
          await handle.close()
        }
        return { lock: new PidLock(path) }
      } catch (err: any) {
        if (err.code !== 'EEXIST') {
          throw err
        }
      }
      holder = await readHolder(path)
      if (holder != null && isAlive(holder, path)) {
        return { heldBy: holder.pid }
      }
      log('removing a stale lock %s (%s)', path, holder == null ? 'unreadable' : `pid ${holder.pid} is gone`)
      await rm(path, { force: true })
    }
    return { heldBy: undefined }
  }

  async release (): Promise<void> {
    if (!this.released) {
      this.released = true
      heldHere.delete(this.path)
      await rm(this.path, { force: true })
    }
  }
}

/** The holder the lock file names, or undefined (unreadable, or an empty file a crash left). */
async function readHolder (path: string): Promise<LockHolder | undefined> {
  try {
    return parseProcessRecord(await readFile(path, 'utf8'))
  } catch {
    return undefined
  }
}

function isAlive (holder: LockHolder, path: string): boolean {
  if (holder.pid === process.pid) {
    // a process restarted with the pid it had before (pid 1 in a container) did not take this lock
    return heldHere.has(path)
  }
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
