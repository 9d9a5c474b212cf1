/**
 * The host's side of the fleet's root of trust (docs/security.md): it keeps
 * every root version in `DATA/trust/roots/` (from `cascade host
 * --trust-root`, each new one chaining from the last), signs a short-lived
 * timestamp with its own key when the root names that key, and serves both
 * on `/cascade/trust/1.0.0` to its members, which check them themselves.
 * A site host (src/node/site/site-trust.ts) also keeps the newer roots its
 * member role accepted from its parent, and serves its parent's timestamps
 * instead of signing its own.
 */
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { logger } from '@libp2p/logger'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { lpStream } from '@libp2p/utils'
import { MAX_TRUST_REQUEST_BYTES, MAX_TRUST_ROOTS, decodeTrustRequest, encodeTrustResponse } from '../../protocols/trust/index.js'
import { checkRootUpdate, checkSelfSigned, encodeMetadata, parseRoot, readRootFile, signMetadata } from './root.js'
import { buildTimestamp, verifyTimestamp, DEFAULT_TIMESTAMP_LIFETIME_MS } from './timestamp.js'
import { verifyRelease } from './release.js'
import { TRUST_DIR } from './node-trust.js'
import type { TrustedRelease } from './release.js'
import type { VerifiedManifest } from '../package/index.js'
import type { PrivateKey, Stream } from '@libp2p/interface'
import type { Metadata, Root } from '@tufjs/models'

const log = logger('cascade:host:trust')

const ROOTS_DIR = 'roots'

/** A member's request is one small message; it has this long to send it. */
const REQUEST_TIMEOUT_MS = 10_000

/** The timestamp is re-signed when a third of its lifetime is left... after two thirds of it. */
const REFRESH_SHARE = 2 / 3

export interface HostTrustInit {
  dataDir: string
  hostKey: PrivateKey
  /** `--trust-root FILE`: the first root, or the next version of the kept one */
  trustRoot?: string
  /** `--timestamp-lifetime MS` */
  timestampLifetimeMs?: number
  /** who is a member now: only members' trust reports are kept */
  members?: { has(peerId: string): boolean }
  /** a site host: serve the timestamps its parent signed (relayTimestamp), never sign its own (docs/security.md) */
  timestampsFromParent?: boolean
}

export class HostTrust {
  private readonly init: HostTrustInit
  private readonly roots: Array<Metadata<Root>>
  private timestamp?: Uint8Array
  private timestampVersion = 0
  private timer?: ReturnType<typeof setTimeout>
  /** what each member said in its last request: "root N" or "root N, stale" */
  private readonly reports = new Map<string, string>()

  private constructor (init: HostTrustInit, roots: Array<Metadata<Root>>) {
    this.init = init
    this.roots = roots
  }

  /** The host's trust, or undefined when it has no root (a fleet that trusts its host). */
  static async open (init: HostTrustInit): Promise<HostTrust | undefined> {
    const dir = join(init.dataDir, TRUST_DIR, ROOTS_DIR)
    const names = (await readdir(dir).catch(() => [] as string[])).filter(name => /^\d+\.root\.json$/.test(name))
    const roots = await Promise.all(names.sort((a, b) => parseInt(a) - parseInt(b)).map(async name => parseRoot(await readFile(join(dir, name)), join(dir, name))))
    if (init.trustRoot != null) {
      const given = await readRootFile(init.trustRoot, `--trust-root ${init.trustRoot}`)
      const latest = roots.at(-1)
      if (latest == null) {
        checkSelfSigned(given)
        roots.push(given)
      } else if (given.signed.version > latest.signed.version) {
        checkRootUpdate(latest, given)
        roots.push(given)
        log('root version %d accepted: it follows version %d', given.signed.version, latest.signed.version)
      }
      await keepRoot(init.dataDir, roots[roots.length - 1])
    }
    return roots.length === 0 ? undefined : new HostTrust(init, roots)
  }

  get root (): Metadata<Root> {
    return this.roots[this.roots.length - 1]
  }

  /** The file the newest root is kept in (a site's member role is provisioned with it). */
  get rootFile (): string {
    return rootPath(this.init.dataDir, this.root.signed.version)
  }

  /**
   * A root accepted elsewhere (a site's member role, from its parent): kept
   * and served when it is newer than the newest here, and then only when it
   * follows it (checkRootUpdate: TrustError when not). True when kept.
   */
  async adopt (next: Metadata<Root>): Promise<boolean> {
    if (next.signed.version <= this.root.signed.version) {
      return false
    }
    checkRootUpdate(this.root, next)
    this.roots.push(next)
    log('root version %d accepted from the parent: it follows version %d', next.signed.version, next.signed.version - 1)
    await keepRoot(this.init.dataDir, next)
    return true
  }

  /**
   * A timestamp the site's member role accepted from its parent: served to
   * the members as it is, once it verifies against this host's root.
   * TrustError when it does not.
   */
  relayTimestamp (bytes: Uint8Array): void {
    const timestamp = verifyTimestamp(this.root, bytes, this.timestampVersion)
    this.timestamp = bytes
    this.timestampVersion = timestamp.signed.version
  }

  /** Starts signing timestamps, when the root names this host's key as its timestamp key. */
  start (): void {
    if (this.init.timestampsFromParent === true) {
      log('a site host: it serves its parent\'s timestamps')
      return
    }
    const self = peerIdFromPrivateKey(this.init.hostKey).toString()
    if (!this.root.signed.roles.timestamp.keyIDs.includes(self)) {
      log('the root names no timestamp key of this host: no timestamps')
      return
    }
    this.refresh()
  }

  stop (): void {
    clearTimeout(this.timer)
  }

  private refresh (): void {
    const lifetime = this.init.timestampLifetimeMs ?? DEFAULT_TIMESTAMP_LIFETIME_MS
    this.timestampVersion = Math.max(this.timestampVersion + 1, Math.floor(Date.now() / 1000))
    const timestamp = buildTimestamp(this.timestampVersion, new Date(Date.now() + lifetime))
    signMetadata(timestamp, this.init.hostKey)
    this.timestamp = encodeMetadata(timestamp)
    this.timer = setTimeout(() => { this.refresh() }, Math.max(1, lifetime * REFRESH_SHARE))
    this.timer.unref()
  }

  /** What member `peerId` said of its trust last ("root 2, stale"), for `cascade status`. */
  reportOf (peerId: string): string | undefined {
    return this.reports.get(peerId)
  }

  /** The release as the fleet's root trusts it; TrustError when the publishers did not sign it enough. */
  checkRelease (manifest: VerifiedManifest): TrustedRelease {
    return verifyRelease(this.root, manifest)
  }

  /** `/cascade/trust/1.0.0`: the roots newer than the member's, and the newest timestamp. */
  async handle (stream: Stream, peer: string): Promise<void> {
    const lp = lpStream(stream, { maxDataLength: MAX_TRUST_REQUEST_BYTES })
    try {
      const request = decodeTrustRequest((await lp.read({ signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })).subarray())
      if (this.init.members?.has(peer) === true) {
        this.reports.set(peer, `root ${request.rootVersion}${request.stale === true ? ', stale' : ''}`)
      }
      const roots = this.roots.filter(root => root.signed.version > request.rootVersion).slice(0, MAX_TRUST_ROOTS).map(encodeMetadata)
      await lp.write(encodeTrustResponse({ roots, timestamp: this.timestamp }))
      await stream.close()
    } catch (err: any) {
      log('trust request failed: %e', err)
      stream.abort(err)
    }
  }
}

function rootPath (dataDir: string, version: number): string {
  return join(dataDir, TRUST_DIR, ROOTS_DIR, `${version}.root.json`)
}

/** Writes `root` as DATA/trust/roots/<version>.root.json, atomically. */
async function keepRoot (dataDir: string, root: Metadata<Root>): Promise<void> {
  const path = rootPath(dataDir, root.signed.version)
  await mkdir(dirname(path), { recursive: true })
  const temp = join(dirname(path), `.new-${process.pid}-${root.signed.version}`)
  await writeFile(temp, encodeMetadata(root))
  await rename(temp, path)
}
