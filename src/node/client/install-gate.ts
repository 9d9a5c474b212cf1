/**
 * When a node may install an authorized package, and when it may relay
 * (docs/install-policy.md):
 *
 * - installs and relays may wait for a time window (night, a
 *   user-chosen time), and relays for the device's idle time;
 * - an install waits while the managed app is in use, and the
 *   user is told an update is waiting for them;
 * - the node checks it is in a state to install (room on disk, no
 *   other install running), retries up to a limit, then reports it cannot.
 *
 * While an install waits the node reports `deferred` with the reason, again
 * every {@link DEFERRED_REPORT_INTERVAL_MS}, so the host knows it is alive.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as abortableSleep } from 'node:timers/promises'
import { logger } from '@libp2p/logger'
import { CURRENT_LINK } from '../installer/index.js'
import { checkInUse } from './busy-check.js'
import { ClearanceRequest } from './clearance-request.js'
import { DEFAULT_IDLE_LOAD, cpuLoad } from './cpu-load.js'
import { diskSpaceShortfall, freeBytes } from './disk-space.js'
import { InstallLock } from './install-lock.js'
import { notifyUser } from './notify.js'
import { isWithinWindow, msUntilWindowOpens } from './time-window.js'
import type { BusyVerdict } from './busy-check.js'
import type { InstallClearance } from './clearance-request.js'
import type { InstallLockResult } from './install-lock.js'
import type { UserNotice } from './notify.js'
import type { TimeWindow } from './time-window.js'

const log = logger('cascade:node:install-gate')

export { ClearanceRequest } from './clearance-request.js'
export type { ClearanceEvents, InstallClearance } from './clearance-request.js'

/** `--busy-retry`: how often a node asks again whether the app is still in use. */
export const DEFAULT_BUSY_RETRY_MS = 5_000

/** `--defer-deadline`: how long an install waits for the app to be free before it is given up. */
export const DEFAULT_DEFER_DEADLINE_MS = 60 * 60 * 1000

/** `--install-retries`: checks of the installable state after the first, before it is given up. */
export const DEFAULT_INSTALL_RETRIES = 5

/** Wait between two checks of the installable state: long enough for a disk clean-up or another install. */
export const DEFAULT_INSTALL_RETRY_DELAY_MS = 5_000

/**
 * A deferred node re-reports this often. The host retries (and in the end
 * fails) a node it has not heard from for its stall timeout, 30 s by
 * default; this keeps well inside even a stall timeout of a few seconds.
 */
export const DEFERRED_REPORT_INTERVAL_MS = 2_000

/** The clock is read again at least this often while waiting for a window: it may be set, or DST may shift. */
const WINDOW_RECHECK_MAX_MS = 60_000

/** The 1-minute load average moves slowly: no point in looking more often. */
const LOAD_RECHECK_MS = 5_000

/** The reasons a deferred node reports, as the host shows them: `deferred (window)`. */
export const DEFERRED_IN_USE = 'in use'
export const DEFERRED_WINDOW = 'window'
export const IN_USE_PAST_DEADLINE = 'in use past the deadline'

/** What the operator chose for this device (`cascade node` options). */
export interface InstallPolicy {
  /** `--install-window`: installs happen only inside it */
  installWindow?: TimeWindow
  /** `--relay-window`: relays to children start only inside it */
  relayWindow?: TimeWindow
  /** `--relay-when-idle`: relays start only while the CPU load is below `idleLoad` */
  relayWhenIdle?: boolean
  /** `--idle-load`: load per CPU below which the device is idle; default {@link DEFAULT_IDLE_LOAD} */
  idleLoad?: number
  /** `--busy-check`: exit 0 means the app is free; anything else, in use */
  busyCheck?: string
  busyRetryMs?: number
  deferDeadlineMs?: number
  /** `--notify`: run with CASCADE_NOTICE and CASCADE_VERSION to tell the user */
  notifyCommand?: string
  installRetries?: number
  installRetryDelayMs?: number
}

export interface InstallGateInit extends InstallPolicy {
  /** the node's data dir: the disk checked, the lock, the current release */
  dataDir: string
  /** how notices name the app (default "the app") */
  appName?: string
}

/** The time of day, and a wait that may be cut short. */
export interface GateClock {
  now(): Date
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

/**
 * The services the gate looks at and acts through. Each defaults to the real
 * one; tests pass fakes (a clock that only moves when the gate sleeps, a
 * device that is busy or short of disk).
 */
export interface InstallGateComponents {
  clock: GateClock
  /** whether the managed app is in use: by default the `--busy-check` command, or never */
  checkInUse(signal?: AbortSignal): Promise<BusyVerdict>
  /** the device's load per CPU */
  cpuLoad(): number
  /** free bytes on the disk that holds `dir` */
  freeBytes(dir: string): Promise<number>
  /** takes the install lock in `dataDir`, or says who holds it */
  acquireLock(dataDir: string): Promise<InstallLockResult>
  /** tells the device's user: by default the `--notify` command, or nobody */
  notifyUser(notice: UserNotice): Promise<void>
}

const systemClock: GateClock = {
  now: () => new Date(),
  sleep: async (ms, signal) => { await abortableSleep(ms, undefined, { signal }) }
}

export interface InstallWaitOptions {
  version: string
  /** bytes: decides the room the install needs on disk */
  packageSize: number
  /** stops the wait (the node stops, the host cancelled): `run()` rejects */
  signal?: AbortSignal
}

export class InstallGate {
  private readonly init: InstallGateInit
  private readonly components: InstallGateComponents

  constructor (init: InstallGateInit, components: Partial<InstallGateComponents> = {}) {
    this.init = init
    const command = init.notifyCommand
    this.components = {
      clock: components.clock ?? systemClock,
      checkInUse: components.checkInUse ?? (async (signal) => this.runBusyCheck(signal)),
      cpuLoad: components.cpuLoad ?? cpuLoad,
      freeBytes: components.freeBytes ?? freeBytes,
      acquireLock: components.acquireLock ?? (async (dir) => InstallLock.acquire(dir)),
      notifyUser: components.notifyUser ?? (async (notice) => { if (command != null) await notifyUser(command, notice, this.releaseDir) })
    }
  }

  private now (): Date {
    return this.components.clock.now()
  }

  private async sleep (ms: number, signal?: AbortSignal): Promise<void> {
    await this.components.clock.sleep(ms, signal)
  }

  /**
   * A wait until the package may be installed: inside the install window,
   * the app not in use, room on disk and no other install running.
   * Subscribe to its `deferred` and `notice` events, then `run()` it.
   */
  requestClearance (options: InstallWaitOptions): ClearanceRequest {
    return new ClearanceRequest(async (request) => this.waitForClearance(options, request))
  }

  private async waitForClearance (options: InstallWaitOptions, request: ClearanceRequest): Promise<InstallClearance> {
    const deadlineMs = this.init.deferDeadlineMs ?? DEFAULT_DEFER_DEADLINE_MS
    const retries = this.init.installRetries ?? DEFAULT_INSTALL_RETRIES
    /** only time spent waiting for the app counts towards the deadline, not time outside the window */
    let inUseMs = 0
    let failedChecks = 0
    let noticeKind: string | undefined
    const tell = (kind: string, message: string): void => {
      if (kind === noticeKind) {
        return
      }
      noticeKind = kind
      this.notice({ message, version: options.version }, request)
    }

    while (true) {
      options.signal?.throwIfAborted()
      const window = this.init.installWindow
      if (window != null && !isWithinWindow(window, this.now())) {
        tell(DEFERRED_WINDOW, `update ${options.version} is ready; it will install when the install window ${window.text} opens`)
        const waitMs = Math.min(msUntilWindowOpens(window, this.now()), WINDOW_RECHECK_MAX_MS)
        await this.deferFor(DEFERRED_WINDOW, waitMs, options, request)
        continue
      }

      const busy = await this.components.checkInUse(options.signal)
      if (busy.inUse) {
        if (inUseMs >= deadlineMs) {
          this.notice({ message: `update ${options.version} was not installed: ${this.appName} stayed in use past the deadline`, version: options.version }, request)
          return { status: 'refused', reason: IN_USE_PAST_DEADLINE }
        }
        log('%s is in use (%s); install of %s deferred', this.appName, busy.detail, options.version)
        tell(DEFERRED_IN_USE, `update ${options.version} is ready; it will install when ${this.appName} is no longer in use`)
        const started = this.now().getTime()
        await this.deferFor(DEFERRED_IN_USE, this.init.busyRetryMs ?? DEFAULT_BUSY_RETRY_MS, options, request)
        inUseMs += this.now().getTime() - started
        continue
      }

      const blocked = await this.installableState(options.packageSize)
      if (blocked.status === 'clear') {
        return blocked
      }
      failedChecks++
      if (failedChecks > retries) {
        const reason = `cannot install (${blocked.reason})`
        this.notice({ message: `update ${options.version} was not installed: ${reason}`, version: options.version }, request)
        return { status: 'refused', reason }
      }
      log('cannot install %s yet (%s); check %d of %d', options.version, blocked.reason, failedChecks, retries + 1)
      await this.deferFor(`cannot install yet (${blocked.reason})`, this.init.installRetryDelayMs ?? DEFAULT_INSTALL_RETRY_DELAY_MS, options, request)
    }
  }

  /** Why relaying must wait now, or undefined when it may start. */
  relayBlocker (): string | undefined {
    const window = this.init.relayWindow
    if (window != null && !isWithinWindow(window, this.now())) {
      return `outside the relay window ${window.text}`
    }
    if (this.init.relayWhenIdle === true) {
      const load = this.components.cpuLoad()
      const idleLoad = this.init.idleLoad ?? DEFAULT_IDLE_LOAD
      if (load >= idleLoad) {
        return `the device is busy (load ${load.toFixed(2)} per CPU, idle below ${idleLoad})`
      }
    }
    return undefined
  }

  /**
   * Resolves once this node may start relaying to a child (inside the relay
   * window, and idle with `--relay-when-idle`); rejects when `signal` aborts.
   * Receiving is never gated, only what this node sends on.
   */
  async waitUntilRelayAllowed (signal?: AbortSignal): Promise<void> {
    let logged: string | undefined
    while (true) {
      signal?.throwIfAborted()
      const blocker = this.relayBlocker()
      if (blocker == null) {
        if (logged != null) {
          log('relaying may start')
        }
        return
      }
      if (blocker !== logged) {
        log('relaying waits: %s', blocker)
        logged = blocker
      }
      const window = this.init.relayWindow
      const waitMs = window != null && !isWithinWindow(window, this.now())
        ? Math.min(msUntilWindowOpens(window, this.now()), WINDOW_RECHECK_MAX_MS)
        : LOAD_RECHECK_MS
      await this.sleep(Math.max(1, waitMs), signal)
    }
  }

  private get appName (): string {
    return this.init.appName ?? 'the app'
  }

  /** The current release dir, where the app and its hooks run; the data dir before the first release. */
  private get releaseDir (): string {
    const current = join(this.init.dataDir, CURRENT_LINK)
    return existsSync(current) ? current : this.init.dataDir
  }

  /** The `--busy-check` command's verdict; never in use without one. */
  private async runBusyCheck (signal?: AbortSignal): Promise<BusyVerdict> {
    if (this.init.busyCheck == null) {
      return { inUse: false }
    }
    return checkInUse(this.init.busyCheck, { cwd: this.releaseDir, signal })
  }

  /** "In a state to install" (docs/install-policy.md): room on disk, and the install lock. */
  private async installableState (packageSize: number): Promise<InstallClearance> {
    const shortfall = await diskSpaceShortfall(this.init.dataDir, packageSize, this.components.freeBytes)
    if (shortfall != null) {
      return { status: 'refused', reason: shortfall }
    }
    const locked = await this.components.acquireLock(this.init.dataDir)
    if ('busy' in locked) {
      return { status: 'refused', reason: locked.busy }
    }
    return { status: 'clear', lock: locked.lock }
  }

  /** Reports `deferred` now and every DEFERRED_REPORT_INTERVAL_MS for `waitMs`. */
  private async deferFor (reason: string, waitMs: number, options: InstallWaitOptions, request: ClearanceRequest): Promise<void> {
    let remaining = Math.max(1, waitMs)
    while (remaining > 0) {
      request.emit('deferred', reason)
      options.signal?.throwIfAborted()
      const slice = Math.min(remaining, DEFERRED_REPORT_INTERVAL_MS)
      await this.sleep(slice, options.signal)
      remaining -= slice
    }
  }

  private notice (notice: UserNotice, request: ClearanceRequest): void {
    log('notice: %s', notice.message)
    request.emit('notice', notice)
    // the user is told in the background: a slow hook does not hold up the install
    void this.components.notifyUser(notice).catch((err: Error) => { log.error('could not notify the user: %e', err) })
  }
}
