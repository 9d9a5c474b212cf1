/**
 * What a node trusts (docs/security.md), kept in `DATA/trust/`: the fleet's
 * root metadata (provisioned with `cascade node --trust-root`, replaced
 * only by the next version signed by the old root's threshold and its own),
 * the newest timestamp, the highest release it installed and the rollback
 * deployments it already ran. The node checks every release against it
 * itself, so its host cannot make it install what the publishers did not sign.
 */
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { logger } from '@libp2p/logger'
import { writeFileAtomic } from '../package/file-io.js'
import { SerialQueue } from '../serial-queue.js'
import { compareVersions, isVersion } from '../package/index.js'
import { TrustError } from './errors.js'
import { checkRootUpdate, checkSelfSigned, encodeMetadata, parseRoot, readRootFile } from './root.js'
import { verifyRelease } from './release.js'
import { verifyTimestamp } from './timestamp.js'
import type { VerifiedManifest } from '../package/index.js'
import type { Metadata, Root } from '@tufjs/models'

const log = logger('cascade:node:trust')

export const TRUST_DIR = 'trust'
const ROOT_FILE = 'root.json'
const STATE_FILE = 'state.json'

/** A node remembers this many rollback deployments it ran (each may run once). */
const MAX_REMEMBERED_ROLLBACKS = 1000

interface TrustState {
  /** the highest version installed through a trusted release ('' when none) */
  highest: string
  /** rollback deployments already installed here: never again */
  rollbacks: string[]
  /** the rollback accepted and not installed yet (a restart mid-way may resume it) */
  pendingRollback?: { deployment: string, version: string }
  /** the newest timestamp seen: its version and expiry (unix ms) */
  timestampVersion: number
  timestampExpires?: number
}

export class NodeTrust {
  private readonly dir: string
  private trusted: Metadata<Root>
  private state: TrustState
  /**
   * Saves run one at a time: a timestamp refresh and an offer's check may
   * both save at once, and each writes what is current when its turn comes.
   */
  private readonly saves = new SerialQueue()

  private constructor (dir: string, root: Metadata<Root>, state: TrustState) {
    this.dir = dir
    this.trusted = root
    this.state = state
  }

  /**
   * The trust kept in `dataDir`, or the root in `provisioned` on a first
   * start (a newer provisioned root must chain from the kept one).
   */
  static async open (dataDir: string, provisioned: string, installed: string): Promise<NodeTrust> {
    const dir = join(dataDir, TRUST_DIR)
    await mkdir(dir, { recursive: true })
    const given = await readRootFile(provisioned, `--trust-root ${provisioned}`)
    checkSelfSigned(given)
    const keptBytes = await readFile(join(dir, ROOT_FILE)).catch(() => undefined)
    let root = keptBytes == null ? given : parseRoot(keptBytes, join(dir, ROOT_FILE))
    if (keptBytes != null && given.signed.version === root.signed.version + 1) {
      checkRootUpdate(root, given)
      root = given
    }
    const state: TrustState = JSON.parse(await readFile(join(dir, STATE_FILE), 'utf8').catch(() => 'null')) ?? { highest: '', rollbacks: [], timestampVersion: 0 }
    if (isVersion(installed) && (state.highest === '' || compareVersions(installed, state.highest) > 0)) {
      state.highest = installed
    }
    const trust = new NodeTrust(dir, root, state)
    await trust.save({ root: true })
    return trust
  }

  get root (): Metadata<Root> {
    return this.trusted
  }

  /** The root names timestamp keys and the newest timestamp has expired (or none came yet). */
  stale (now = Date.now()): boolean {
    if (this.trusted.signed.roles.timestamp.keyIDs.length === 0) {
      return false
    }
    return this.state.timestampExpires == null || now >= this.state.timestampExpires
  }

  get timestampExpires (): number | undefined {
    return this.state.timestampExpires
  }

  /**
   * Why this node refuses `manifest` as deployment `deploymentId`, or
   * undefined. A rollback is accepted once, as the deployment it names.
   */
  async refuse (manifest: VerifiedManifest, deploymentId: string): Promise<string | undefined> {
    let rollback: string | undefined
    try {
      rollback = verifyRelease(this.trusted, manifest).rollbackDeployment
    } catch (err: any) {
      if (err instanceof TrustError) return err.message
      throw err
    }
    const { version } = manifest.fields
    if (rollback != null) {
      if (rollback !== deploymentId) {
        return `the rollback to ${version} is signed for deployment ${rollback}, not ${deploymentId}: a replayed rollback is refused`
      }
      if (this.state.rollbacks.includes(rollback)) {
        return `the rollback to ${version} as deployment ${rollback} already ran here: a replayed rollback is refused`
      }
      this.state.pendingRollback = { deployment: rollback, version }
      await this.save()
      return undefined
    }
    if (isVersion(this.state.highest) && compareVersions(version, this.state.highest) <= 0) {
      return `version ${version} is not newer than ${this.state.highest}, the highest this node trusted (only a signed rollback goes back)`
    }
    return undefined
  }

  /**
   * After an install: a release older than this one needs a signed rollback
   * from now on, and the rollback that installed it never runs again.
   */
  async installed (version: string): Promise<void> {
    const pending = this.state.pendingRollback
    if (pending?.version === version) {
      this.state.rollbacks = [...this.state.rollbacks, pending.deployment].slice(-MAX_REMEMBERED_ROLLBACKS)
      this.state.pendingRollback = undefined
    }
    if (isVersion(version) && (!isVersion(this.state.highest) || compareVersions(version, this.state.highest) > 0)) {
      this.state.highest = version
    }
    await this.save()
  }

  /** Applies newer roots in order (each must chain from the one before); returns those accepted. */
  async updateRoots (roots: Uint8Array[]): Promise<Array<Metadata<Root>>> {
    const accepted: Array<Metadata<Root>> = []
    for (const bytes of roots) {
      const next = parseRoot(bytes)
      if (next.signed.version <= this.trusted.signed.version) {
        continue
      }
      checkRootUpdate(this.trusted, next)
      this.trusted = next
      accepted.push(next)
      await this.save({ root: true })
      log('trusting root version %d now', next.signed.version)
    }
    return accepted
  }

  /** A newer timestamp from the host; TrustError when it is not signed by the root's timestamp key. */
  async updateTimestamp (bytes: Uint8Array): Promise<void> {
    const timestamp = verifyTimestamp(this.trusted, bytes, this.state.timestampVersion)
    this.state.timestampVersion = timestamp.signed.version
    this.state.timestampExpires = Date.parse(timestamp.signed.expires)
    await this.save()
  }

  /** Writes the state, and the root when it may have changed (on open, and a newer root): the rest change only the state. */
  private async save ({ root = false }: { root?: boolean } = {}): Promise<void> {
    await this.saves.run(async () => {
      if (root) await writeFileAtomic(join(this.dir, ROOT_FILE), encodeMetadata(this.trusted))
      await writeFileAtomic(join(this.dir, STATE_FILE), JSON.stringify(this.state))
    })
  }
}
