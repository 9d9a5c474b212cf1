/**
 * One package's wait for the install gate's clearance
 * (src/node/client/install-gate.ts): while it waits it emits `deferred` with
 * the reason (the node reports it to the host) and `notice` for the device's
 * user. Subscribe first, then `run()` it.
 */
import { OneShot } from '../one-shot.js'
import type { InstallLock } from './install-lock.js'
import type { UserNotice } from './notify.js'

export type InstallClearance =
  /** install now; release the lock when done */
  | { status: 'clear', lock: InstallLock }
  /** give up: report `failed` with this reason */
  | { status: 'refused', reason: string }

/** The gate's loop, emitting on the request it is given. */
export type ClearanceWait = (request: ClearanceRequest) => Promise<InstallClearance>

export interface ClearanceEvents {
  /** the install waits for `reason`: when it starts waiting and every DEFERRED_REPORT_INTERVAL_MS after */
  deferred: [reason: string]
  /** a line for the device's user (also given to the `--notify` command) */
  notice: [notice: UserNotice]
}

/**
 * `run()` waits until the package may be installed. It resolves `clear` with
 * the install lock held, or `refused` with the reason to report; it rejects
 * when the request's signal aborts.
 */
export class ClearanceRequest extends OneShot<ClearanceEvents, ClearanceWait, InstallClearance> {
  protected async execute (): Promise<InstallClearance> {
    return this.init(this)
  }
}
