/**
 * @packageDocumentation
 *
 * Installs verified, authorized packages on a `cascade node`: A/B release
 * slots in the data dir (`releases/<version>/`, `current`, `previous`), a
 * safe .tar.gz unpacker, and the supervisor of the device's managed app.
 *
 * Install is atomic: a crash at any instant leaves `current` on the old or
 * the new complete release. A release whose app does not pass its health
 * check after the restart is rolled back and the old app restarted.
 *
 * @example
 *
 * ```ts
 * const installer = createInstaller({
 *   dataDir,
 *   app: { command: 'node server.mjs', env: { APP_PORT: '8080' } }
 * })
 * await installer.ensureInitialRelease('v1', './examples/sample-app')
 * await installer.start()
 * const outcome = await installer.install({ version: 'v2', packagePath, fileName: 'app-v2.tar.gz' })
 * ```
 */
import { DefaultInstaller } from './installer.js'
import type { AppSupervisor, AppSupervisorInit } from './app-supervisor.js'
import type { InitialReleaseResult, InstallReleaseOptions, ReleaseSlots, RollbackResult } from './release-slots.js'

export interface InstallerInit {
  /** The node's data dir: holds `releases/`, `current`, `previous` and `app.log`. */
  dataDir: string
  /** The managed app; without it an install only switches releases. */
  app?: Omit<AppSupervisorInit, 'cwdResolver' | 'logFile'>
  /** Releases kept on disk after a healthy install; default 2 (current and previous). */
  keepReleases?: number
}

export type InstallOutcome =
  /** The release is current and, with an app, passed its health check. */
  | { status: 'installed', version: string, previousVersion: string | null }
  /** The release was current already: nothing was done. */
  | { status: 'unchanged', version: string }
  /** The release failed its health check; `restoredVersion` is current and running again. */
  | { status: 'rolled-back', version: string, restoredVersion: string, reason: string }
  /** The release failed its health check and there was nothing to roll back to: the app is stopped. */
  | { status: 'failed', version: string, reason: string }

export interface Installer {
  readonly dataDir: string
  /** The managed app, when one is configured. */
  readonly app?: AppSupervisor

  /**
   * Opens the slots (cleaning what a crash left), and starts the app from
   * the current release. A release a crash left unchecked is checked now,
   * and rolled back if it fails.
   */
  start(): Promise<void>

  /** Stops the app. */
  stop(): Promise<void>

  /** The release `current` points at, or null before the first install. */
  currentVersion(): Promise<string | null>

  /** Makes `sourceDir` (a plain directory) the first release, unless one is current. */
  ensureInitialRelease(version: string, sourceDir: string): Promise<InitialReleaseResult>

  /** Unpacks or places the package, switches to it, restarts the app, checks it, rolls back on failure. */
  install(options: InstallReleaseOptions): Promise<InstallOutcome>

  /** Switches back to the previous release and restarts the app (an explicit, admin-signed rollback). */
  rollback(): Promise<RollbackResult>

  /** The release slots underneath, opened on first use. */
  slots(): Promise<ReleaseSlots>
}

export function createInstaller (init: InstallerInit): Installer {
  return new DefaultInstaller(init)
}

export { AppSupervisor, DEFAULT_GRACE_MS, DEFAULT_HEALTH_TIMEOUT_MS, DEFAULT_STOP_TIMEOUT_MS } from './app-supervisor.js'
export type { AppExit, AppRun, AppSupervisorEvents, AppSupervisorInit, HealthResult } from './app-supervisor.js'
export * from './errors.js'
export { APP_LOG_FILE, HEALTH_PENDING_FILE } from './installer.js'
export { assertValidVersion, isValidVersion, MAX_VERSION_LENGTH } from './release-names.js'
export { CURRENT_LINK, DEFAULT_KEEP_RELEASES, PREVIOUS_LINK, RELEASES_DIR, ReleaseSlots } from './release-slots.js'
export type { ActivateResult, InitialReleaseResult, InstallReleaseOptions, InstallReleaseResult, RollbackResult, StageResult } from './release-slots.js'
export { buildSampleRelease, findSampleAppDir, SAMPLE_APP_DIR } from './sample-release.js'
export { isTarGz, MAX_ARCHIVE_ENTRIES, MAX_ENTRY_NAME_LENGTH, unpackTarGz } from './unpack.js'
export type { UnpackOptions, UnpackSummary } from './unpack.js'
