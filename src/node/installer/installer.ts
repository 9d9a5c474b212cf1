/**
 * The installer of a `cascade node`: release slots plus the managed app.
 * An install switches `current`, restarts the app and checks its health;
 * a release that fails is rolled back and the old one restarted.
 */
import { readFile, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { logger } from '@libp2p/logger'
import { APP_PID_FILE } from './app-pid-file.js'
import { AppSupervisor } from './app-supervisor.js'
import { removeFileDurable } from './durable-fs.js'
import { STAGING_INFIX, writeFileAtomic } from '../package/file-io.js'
import { CURRENT_LINK, DEFAULT_KEEP_RELEASES, ReleaseSlots } from './release-slots.js'
import { SerialQueue } from '../serial-queue.js'
import type { HealthResult } from './app-supervisor.js'
import type { Installer, InstallerInit, InstallOutcome } from './index.js'
import type { InitialReleaseResult, InstallReleaseOptions, InstallReleaseResult, RollbackResult } from './release-slots.js'

const log = logger('cascade:installer')

/** The app's stdout and stderr, appended, in the data dir. */
export const APP_LOG_FILE = 'app.log'

/**
 * Names the release switched to but not yet found healthy. Written before
 * the switch and removed after the verdict, so a daemon that crashed in
 * between checks (and if need be rolls back) that release when it restarts.
 */
export const HEALTH_PENDING_FILE = 'health-pending'

export class DefaultInstaller implements Installer {
  readonly dataDir: string
  readonly app?: AppSupervisor
  private readonly keepReleases: number
  private slotsOpened?: Promise<ReleaseSlots>
  /** Installs and rollbacks run one at a time: each restarts the app. */
  private readonly queue = new SerialQueue()

  constructor (init: InstallerInit) {
    this.dataDir = init.dataDir
    this.keepReleases = init.keepReleases ?? DEFAULT_KEEP_RELEASES
    if (init.app != null) {
      this.app = new AppSupervisor({
        ...init.app,
        cwdResolver: () => join(this.dataDir, CURRENT_LINK),
        logFile: join(this.dataDir, APP_LOG_FILE),
        pidFile: join(this.dataDir, APP_PID_FILE)
      })
    }
  }

  async slots (): Promise<ReleaseSlots> {
    this.slotsOpened ??= ReleaseSlots.open(this.dataDir)
    return this.slotsOpened
  }

  async start (): Promise<void> {
    await this.serialize(async () => {
      const slots = await this.slots()
      await this.removeStagedMarkers()
      const current = await slots.currentVersion()
      const pending = await this.readHealthPending()
      if (current == null || this.app == null) {
        await removeFileDurable(this.healthPendingPath)
        return
      }
      if (pending !== current) {
        if (pending != null) {
          await removeFileDurable(this.healthPendingPath)
        }
        await this.app.start()
        return
      }
      log('release %s was switched to but not found healthy before the daemon stopped: checking it now', current)
      await this.settle(slots, current, await this.startAndCheck(this.app, false))
    })
  }

  async stop (): Promise<void> {
    await this.app?.stop()
  }

  async currentVersion (): Promise<string | null> {
    return (await this.slots()).currentVersion()
  }

  async ensureInitialRelease (version: string, sourceDir: string): Promise<InitialReleaseResult> {
    return this.serialize(async () => (await this.slots()).ensureInitialRelease(version, sourceDir))
  }

  async install (options: InstallReleaseOptions): Promise<InstallOutcome> {
    return this.serialize(async () => {
      const slots = await this.slots()
      const { version } = options
      if (await slots.currentVersion() === version) {
        return { status: 'unchanged', version }
      }
      await writeFileAtomic(this.healthPendingPath, version)
      let installed: InstallReleaseResult
      try {
        installed = await slots.installRelease(options)
      } catch (err) {
        // refused or failed before the switch: the current release is untouched
        await removeFileDurable(this.healthPendingPath)
        throw err
      }
      if (this.app == null) {
        await removeFileDurable(this.healthPendingPath)
        return { status: 'installed', version, previousVersion: installed.previousVersion }
      }
      const health = await this.startAndCheck(this.app, true)
      return this.settle(slots, version, health, installed.previousVersion)
    })
  }

  async rollback (): Promise<RollbackResult> {
    return this.serialize(async () => {
      const result = await (await this.slots()).rollback()
      await this.app?.restart()
      return result
    })
  }

  /** (Re)starts the app and judges it; a failure to start is a failed check. */
  private async startAndCheck (app: AppSupervisor, restart: boolean): Promise<HealthResult> {
    try {
      await (restart ? app.restart() : app.start())
      return await app.checkHealth()
    } catch (err: any) {
      return { ok: false, reason: err.message }
    }
  }

  /** Keeps a healthy release (and prunes old ones), or rolls an unhealthy one back. */
  private async settle (slots: ReleaseSlots, version: string, health: HealthResult, previousVersion: string | null = null): Promise<InstallOutcome> {
    if (health.ok) {
      await removeFileDurable(this.healthPendingPath)
      await slots.prune(this.keepReleases)
      log('release %s installed and healthy', version)
      return { status: 'installed', version, previousVersion: previousVersion ?? await slots.previousVersion() }
    }
    log.error('release %s failed its health check: %s; rolling back', version, health.reason)
    await this.app?.stop()
    const previous = await slots.previousVersion()
    if (previous == null || previous === version) {
      // nothing to go back to: leave the release in place, stopped, for someone to look at
      await removeFileDurable(this.healthPendingPath)
      return { status: 'failed', version, reason: `${health.reason}; no previous release to roll back to` }
    }
    const { to } = await slots.rollback()
    await removeFileDurable(this.healthPendingPath)
    try {
      await this.app?.start()
      const restored = await this.app?.checkHealth()
      if (restored != null && !restored.ok) {
        log.error('restored release %s is not healthy either: %s', to, restored.reason)
      }
    } catch (err: any) {
      log.error('could not restart restored release %s: %s', to, err.message)
    }
    return { status: 'rolled-back', version, restoredVersion: to, reason: health.reason }
  }

  private get healthPendingPath (): string {
    return join(this.dataDir, HEALTH_PENDING_FILE)
  }

  private async readHealthPending (): Promise<string | null> {
    try {
      return (await readFile(this.healthPendingPath, 'utf8')).trim()
    } catch (err: any) {
      if (err.code === 'ENOENT') {
        return null
      }
      throw err
    }
  }

  private async removeStagedMarkers (): Promise<void> {
    for (const name of await readdir(this.dataDir)) {
      if (name.startsWith(`${HEALTH_PENDING_FILE}${STAGING_INFIX}`)) {
        await rm(join(this.dataDir, name), { force: true })
      }
    }
  }

  private async serialize<T> (operation: () => Promise<T>): Promise<T> {
    return this.queue.run(operation)
  }
}
