/**
 * A/B release slots in a data dir:
 *
 *   releases/<version>/   one complete release per version
 *   current -> releases/<version>
 *   previous -> releases/<version>   the release `current` replaced
 *
 * A release dir only ever appears by an atomic rename of a fsynced staging
 * dir, and the links are switched by renaming a new link over the old one,
 * so after a crash at any instant `current` names a complete release: the
 * old one or the new one. Staging leftovers are removed by {@link ReleaseSlots.open}.
 */
import { lstat, mkdir, readdir, readlink, rename, rm, stat, symlink } from 'node:fs/promises'
import { join } from 'node:path'
import { logger } from '@libp2p/logger'
import { copyDirectoryDurable, copyFileDurable, isStagingName, removeDirectory, stageDirectory } from './durable-fs.js'
import { STAGING_INFIX, fsyncDir, stagingPath } from '../package/file-io.js'
import { InvalidReleaseLinkError, NoPreviousReleaseError, ReleaseNotFoundError } from './errors.js'
import { assertValidFileName, assertValidVersion, isValidVersion } from './release-names.js'
import { isTarGz, unpackTarGz } from './unpack.js'
import { SerialQueue } from '../serial-queue.js'

const log = logger('cascade:installer:slots')

/** Dir of the data dir holding one subdir per release. */
export const RELEASES_DIR = 'releases'

/** Link to the release the app runs from. */
export const CURRENT_LINK = 'current'

/** Link to the release `current` pointed at before the last switch: the rollback target. */
export const PREVIOUS_LINK = 'previous'

/** Releases kept by {@link ReleaseSlots.prune}: the A and B slots, current and previous. */
export const DEFAULT_KEEP_RELEASES = 2

export interface InstallReleaseOptions {
  version: string
  /** The verified package: a .tar.gz is unpacked, anything else placed as is. */
  packagePath: string
  /** Name of the file in the release dir when the package is not an archive. */
  fileName: string
}

export interface StageResult {
  dir: string
  /** The release dir already existed (complete, by construction) and was kept. */
  reused: boolean
}

export interface ActivateResult {
  version: string
  /** The release that was current before, now `previous` (null on a first install). */
  previousVersion: string | null
  /** False when `version` was already current: nothing was switched. */
  switched: boolean
}

export interface InstallReleaseResult extends ActivateResult, StageResult {}

export interface RollbackResult {
  /** The release that was current and is now `previous`. */
  from: string | null
  /** The release that is current again. */
  to: string
}

export interface InitialReleaseResult {
  version: string
  /** False when a current release existed already and was left alone. */
  seeded: boolean
}

type LinkName = typeof CURRENT_LINK | typeof PREVIOUS_LINK

export class ReleaseSlots {
  readonly dataDir: string
  readonly releasesDir: string
  /** Operations run one at a time: two installs must not interleave their switches. */
  private readonly queue = new SerialQueue()

  private constructor (dataDir: string) {
    this.dataDir = dataDir
    this.releasesDir = join(dataDir, RELEASES_DIR)
  }

  /** Opens the slots in `dataDir`, creating it, and removes what a crash left half-done. */
  static async open (dataDir: string): Promise<ReleaseSlots> {
    const slots = new ReleaseSlots(dataDir)
    await slots.recover()
    return slots
  }

  /** Path of the `current` link: resolves to the current release dir. */
  get currentPath (): string {
    return join(this.dataDir, CURRENT_LINK)
  }

  releaseDir (version: string): string {
    assertValidVersion(version)
    return join(this.releasesDir, version)
  }

  async currentVersion (): Promise<string | null> {
    return this.readLink(CURRENT_LINK)
  }

  async previousVersion (): Promise<string | null> {
    return this.readLink(PREVIOUS_LINK)
  }

  async hasRelease (version: string): Promise<boolean> {
    try {
      return (await lstat(this.releaseDir(version))).isDirectory()
    } catch (err: any) {
      if (err.code === 'ENOENT') {
        return false
      }
      throw err
    }
  }

  /** Every complete release, staging dirs excluded. */
  async listReleases (): Promise<string[]> {
    const entries = await readdir(this.releasesDir, { withFileTypes: true })
    return entries
      .filter((entry) => entry.isDirectory() && !isStagingName(entry.name) && isValidVersion(entry.name))
      .map((entry) => entry.name)
      .sort()
  }

  /** Writes the package as `releases/<version>` and makes it current. */
  async installRelease (options: InstallReleaseOptions): Promise<InstallReleaseResult> {
    return this.serialize(async () => {
      const staged = await this.stage(options)
      const activated = await this.activate(options.version)
      return { ...staged, ...activated }
    })
  }

  /** First step of an install: `releases/<version>` complete on disk, not yet current. */
  async stageRelease (options: InstallReleaseOptions): Promise<StageResult> {
    return this.serialize(async () => this.stage(options))
  }

  /** Second step of an install: switch `previous` to the current release, then `current` to `version`. */
  async activateRelease (version: string): Promise<ActivateResult> {
    return this.serialize(async () => this.activate(version))
  }

  /**
   * Seeds a node with a release copied from a plain directory, unless a
   * release is current already (then nothing changes).
   */
  async ensureInitialRelease (version: string, sourceDir: string): Promise<InitialReleaseResult> {
    return this.serialize(async () => {
      const current = await this.currentVersion()
      if (current != null) {
        return { version: current, seeded: false }
      }
      const dir = this.releaseDir(version)
      if (!(await this.hasRelease(version))) {
        await stageDirectory(dir, async (stagingDir) => copyDirectoryDurable(sourceDir, stagingDir))
      }
      await this.activate(version)
      log('seeded release %s from %s', version, sourceDir)
      return { version, seeded: true }
    })
  }

  /** Makes `previous` current again; the release it replaces becomes `previous`. */
  async rollback (): Promise<RollbackResult> {
    return this.serialize(async () => {
      const to = await this.previousVersion()
      if (to == null) {
        throw new NoPreviousReleaseError('no previous release to roll back to')
      }
      await this.assertReleaseExists(to)
      const from = await this.currentVersion()
      // current first: a crash in between leaves both links on the good release
      await this.switchLink(CURRENT_LINK, to)
      if (from != null && from !== to) {
        await this.switchLink(PREVIOUS_LINK, from)
      }
      log('rolled back from %s to %s', from, to)
      return { from, to }
    })
  }

  /**
   * Removes releases beyond the `keep` most recent, never `current` or
   * `previous`. Returns the versions removed.
   */
  async prune (keep: number = DEFAULT_KEEP_RELEASES): Promise<string[]> {
    return this.serialize(async () => {
      const kept = new Set<string>()
      for (const version of [await this.currentVersion(), await this.previousVersion()]) {
        if (version != null) {
          kept.add(version)
        }
      }
      const others: Array<{ version: string, mtimeMs: number }> = []
      for (const version of await this.listReleases()) {
        if (!kept.has(version)) {
          others.push({ version, mtimeMs: (await stat(this.releaseDir(version))).mtimeMs })
        }
      }
      others.sort((a, b) => b.mtimeMs - a.mtimeMs)
      const removed: string[] = []
      for (const { version } of others) {
        if (kept.size < keep) {
          kept.add(version)
          continue
        }
        await removeDirectory(this.releaseDir(version))
        removed.push(version)
      }
      if (removed.length > 0) {
        log('pruned releases %s', removed.join(', '))
      }
      return removed
    })
  }

  private async stage (options: InstallReleaseOptions): Promise<StageResult> {
    const { version, packagePath, fileName } = options
    const dir = this.releaseDir(version)
    if (await this.hasRelease(version)) {
      log('release %s is already on disk, reusing it', version)
      return { dir, reused: true }
    }
    if (await isTarGz(packagePath)) {
      await unpackTarGz(packagePath, dir)
    } else {
      assertValidFileName(fileName)
      await stageDirectory(dir, async (stagingDir) => copyFileDurable(packagePath, join(stagingDir, fileName)))
      log('placed %s as %s in release %s', packagePath, fileName, version)
    }
    return { dir, reused: false }
  }

  private async activate (version: string): Promise<ActivateResult> {
    await this.assertReleaseExists(version)
    const current = await this.currentVersion()
    if (current === version) {
      return { version, previousVersion: await this.previousVersion(), switched: false }
    }
    // previous first: a crash in between leaves current on the old release, still a valid state
    if (current != null) {
      await this.switchLink(PREVIOUS_LINK, current)
    }
    await this.switchLink(CURRENT_LINK, version)
    log('current release is now %s (was %s)', version, current)
    return { version, previousVersion: current, switched: true }
  }

  /** Points `name` at `releases/<version>` by renaming a new link over it. */
  private async switchLink (name: LinkName, version: string): Promise<void> {
    const staging = stagingPath(join(this.dataDir, name))
    // relative target: the data dir can be moved as a whole
    await symlink(`${RELEASES_DIR}/${version}`, staging)
    try {
      await rename(staging, join(this.dataDir, name))
    } catch (err) {
      await rm(staging, { force: true })
      throw err
    }
    await fsyncDir(this.dataDir)
  }

  private async readLink (name: LinkName): Promise<string | null> {
    const path = join(this.dataDir, name)
    let target: string
    try {
      target = await readlink(path)
    } catch (err: any) {
      if (err.code === 'ENOENT') {
        return null
      }
      if (err.code === 'EINVAL') {
        throw new InvalidReleaseLinkError(`${path} is not a symbolic link`)
      }
      throw err
    }
    const prefix = `${RELEASES_DIR}/`
    const version = target.startsWith(prefix) ? target.slice(prefix.length) : ''
    if (!isValidVersion(version)) {
      throw new InvalidReleaseLinkError(`${path} points at ${JSON.stringify(target)}, not at ${prefix}<version>`)
    }
    return version
  }

  private async assertReleaseExists (version: string): Promise<void> {
    if (!(await this.hasRelease(version))) {
      throw new ReleaseNotFoundError(`release ${version} is not in ${this.releasesDir}`)
    }
  }

  /** Removes staging dirs and staging links: each is incomplete by construction. */
  private async recover (): Promise<void> {
    await mkdir(this.releasesDir, { recursive: true })
    for (const name of await readdir(this.releasesDir)) {
      if (isStagingName(name)) {
        log('removing %s left by an interrupted install', name)
        await rm(join(this.releasesDir, name), { recursive: true, force: true })
      }
    }
    for (const name of await readdir(this.dataDir)) {
      if (name.startsWith(`${CURRENT_LINK}${STAGING_INFIX}`) || name.startsWith(`${PREVIOUS_LINK}${STAGING_INFIX}`)) {
        log('removing %s left by an interrupted switch', name)
        await rm(join(this.dataDir, name), { force: true })
      }
    }
  }

  private async serialize<T> (operation: () => Promise<T>): Promise<T> {
    return this.queue.run(operation)
  }
}
