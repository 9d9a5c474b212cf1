/**
 * A site host's "installer" (docs/hierarchy.md): it runs no app, so taking a
 * release is keeping it. The package its member role received and verified
 * stays where it was received (DIR/deployments/<deployment id>, the same
 * folder the site's own host serves its members and late members from);
 * this records it in DIR/site-releases.json and reports its version as the
 * site's. Retention: the last `keep` releases per package, by version; the
 * newest of each package is always kept, and so is any release a
 * deployment at the site still serves.
 */
import { readFile, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { logger } from '@libp2p/logger'
import { compareVersions, decodeSignedManifest, isVersion, MANIFEST_FILE } from '../package/index.js'
import { writeFileAtomic } from '../package/file-io.js'
import { SiteReleaseError } from './errors.js'
import type { Installer, InstallOutcome } from '../installer/index.js'
import type { InitialReleaseResult, InstallReleaseOptions, ReleaseSlots, RollbackResult } from '../installer/index.js'

const log = logger('cascade:site:releases')

/** The record of the releases a site keeps, in its data dir. */
export const SITE_RELEASES_FILE = 'site-releases.json'

/** `cascade host --keep-releases`: releases kept per package (docs/hierarchy.md). */
export const DEFAULT_SITE_KEEP_RELEASES = 3

export interface KeptRelease {
  deploymentId: string
  name: string
  version: string
  keptAt: number
}

export interface SiteReleasesInit {
  dataDir: string
  /** where packages are kept, one folder per deployment id */
  packagesDir: string
  keep: number
  /** a release a deployment at the site still serves is never pruned */
  inUse: (deploymentId: string) => boolean
}

export class SiteReleases implements Installer {
  readonly dataDir: string
  private readonly init: SiteReleasesInit
  private releases: KeptRelease[] = []

  constructor (init: SiteReleasesInit) {
    if (!Number.isSafeInteger(init.keep) || init.keep < 1) {
      throw new SiteReleaseError(`keep-releases must be 1 or more, not ${init.keep}`)
    }
    this.init = init
    this.dataDir = init.dataDir
  }

  private get file (): string {
    return join(this.init.dataDir, SITE_RELEASES_FILE)
  }

  async start (): Promise<void> {
    try {
      this.releases = JSON.parse(await readFile(this.file, 'utf8'))
    } catch (err: any) {
      if (err.code !== 'ENOENT') {
        throw err
      }
      this.releases = []
    }
  }

  async stop (): Promise<void> {}

  /** Every kept release, oldest first. */
  list (): KeptRelease[] {
    return [...this.releases]
  }

  /** The release the site took last: what it reports as its version. */
  async currentVersion (): Promise<string | null> {
    return this.releases.at(-1)?.version ?? null
  }

  async ensureInitialRelease (version: string): Promise<InitialReleaseResult> {
    return { version, seeded: false }
  }

  /** Keeps the verified package where it was received, then prunes by the retention rule. */
  async install (options: InstallReleaseOptions): Promise<InstallOutcome> {
    const dir = dirname(options.packagePath)
    const manifest = await decodeSignedManifest(await readFile(join(dir, MANIFEST_FILE)))
    const previous = await this.currentVersion()
    const deploymentId = basename(dir)
    this.releases = this.releases.filter(release => release.deploymentId !== deploymentId)
    this.releases.push({ deploymentId, name: manifest.fields.name, version: options.version, keptAt: Date.now() })
    await this.prune(manifest.fields.name)
    await writeFileAtomic(this.file, new TextEncoder().encode(JSON.stringify(this.releases)))
    log('kept %s %s (deployment %s)', manifest.fields.name, options.version, deploymentId)
    return { status: 'installed', version: options.version, previousVersion: previous }
  }

  /** Drops the oldest releases of `name` beyond `keep`, except those still in use. */
  private async prune (name: string): Promise<void> {
    const byVersion = this.releases.filter(release => release.name === name && isVersion(release.version))
      .sort((a, b) => compareVersions(b.version, a.version))
    for (const release of byVersion.slice(this.init.keep)) {
      if (this.init.inUse(release.deploymentId)) {
        continue
      }
      await rm(join(this.init.packagesDir, release.deploymentId), { recursive: true, force: true })
      this.releases = this.releases.filter(kept => kept !== release)
      log('pruned %s %s (deployment %s)', release.name, release.version, release.deploymentId)
    }
  }

  async rollback (): Promise<RollbackResult> {
    throw new SiteReleaseError('a site host keeps releases; it has none to roll back to')
  }

  async slots (): Promise<ReleaseSlots> {
    throw new SiteReleaseError('a site host has no release slots')
  }
}
