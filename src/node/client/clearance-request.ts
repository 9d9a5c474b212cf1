/**
 * One package's wait for the install gate's clearance
 * (src/node/client/install-gate.ts): while it waits it emits `deferred` with
 * the reason (the node reports it to the host) and `notice` for the device's
 * user. Subscribe first, then `run()` it.
 */
import { EventEmitter } from 'node:events'
import type { InstallLock } from './install-lock.js'
import type { UserNotice } from './notify.js'

export type InstallClearance =
  /** install now; release the lock when done */
  | { status: 'clear', lock: InstallLock }
  /** give up: report `failed` with this reason */
  | { status: 'refused', reason: string }

export interface ClearanceEvents {
  /** the install waits for `reason`: when it starts waiting and every DEFERRED_REPORT_INTERVAL_MS after */
  deferred: [reason: string]
  /** a line for the device's user (also given to the `--notify` command) */
  notice: [notice: UserNotice]
}

export class ClearanceRequest extends EventEmitter<ClearanceEvents> {
  private readonly wait: (request: ClearanceRequest) => Promise<InstallClearance>
  private running?: Promise<InstallClearance>

  /** `wait` is the gate's loop, emitting on the request it is given. */
  constructor (wait: (request: ClearanceRequest) => Promise<InstallClearance>) {
    super()
    this.wait = wait
  }

  /**
   * Waits (once: a second call gets the same promise) until the package may
   * be installed. Resolves `clear` with the install lock held, or `refused`
   * with the reason to report; rejects when the request's signal aborts.
   */
  async run (): Promise<InstallClearance> {
    this.running ??= this.wait(this)
    return this.running
  }
}
