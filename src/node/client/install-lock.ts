/**
 * One install at a time per data dir (the client checks that it is in a
 * state to install: docs/install-policy.md). `DIR/install.lock` holds the pid
 * of whoever is installing: this daemon while it switches releases, or an
 * operator's script doing maintenance on the device (write your pid into it,
 * remove it when done). A lock whose process is gone is stale and is removed
 * (src/node/pid-lock.ts).
 */
import { join } from 'node:path'
import { PidLock } from '../pid-lock.js'

export const INSTALL_LOCK_FILE = 'install.lock'

export type InstallLockResult =
  | { lock: InstallLock }
  /** why the lock is not ours: someone else is installing */
  | { busy: string }

export class InstallLock {
  private constructor (readonly path: string, private readonly pidLock: PidLock) {}

  /** Takes the lock, unless a live process holds it. */
  static async acquire (dataDir: string): Promise<InstallLockResult> {
    const path = join(dataDir, INSTALL_LOCK_FILE)
    const result = await PidLock.acquire(path)
    if ('lock' in result) {
      return { lock: new InstallLock(path, result.lock) }
    }
    if (result.heldBy === process.pid) {
      return { busy: 'an install is already running' }
    }
    return { busy: result.heldBy == null ? `${path} is contended` : `another install is running (pid ${result.heldBy}, ${path})` }
  }

  async release (): Promise<void> {
    await this.pidLock.release()
  }
}
