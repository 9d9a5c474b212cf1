/**
 * A release prepared offline (docs/security.md): the manifest signed by its
 * preparer, with release metadata (src/node/trust/release.ts) that each
 * publisher signs in turn (`cascade sign`) until the fleet's threshold is
 * met; `cascade publish --release FILE` then sends it as it is.
 */
import { readFile } from 'node:fs/promises'
import { loadKey } from '../identity.js'
import { buildManifest, decodeSignedManifest, encodeSignedManifest, signManifest } from '../package/index.js'
import { DEFAULT_RELEASE_LIFETIME_MS, DEFAULT_ROLLBACK_LIFETIME_MS, buildRelease, newDeploymentId, readRelease, signMetadata, withRelease } from '../trust/index.js'
import type { VerifiedManifest } from '../package/index.js'
import type { PrivateKey } from '@libp2p/interface'

export interface PrepareOptions {
  packagePath: string
  name: string
  version: string
  chunkSize?: number
  /** a rollback, bound to a new deployment id */
  rollback?: boolean
  /** how long the release may be installed (default 30 days, a rollback 1 day) */
  lifetimeMs?: number
}

/** The manifest of `packagePath` signed by `key`, with release metadata signed by `key` too. */
export async function prepareRelease (key: PrivateKey, options: PrepareOptions): Promise<VerifiedManifest> {
  const fields = await buildManifest(options.packagePath, { name: options.name, version: options.version, chunkSize: options.chunkSize, rollback: options.rollback })
  const manifest = await signManifest(fields, key)
  const lifetime = options.lifetimeMs ?? (options.rollback === true ? DEFAULT_ROLLBACK_LIFETIME_MS : DEFAULT_RELEASE_LIFETIME_MS)
  const release = buildRelease(manifest, {
    expires: new Date(Date.now() + lifetime),
    rollbackDeployment: options.rollback === true ? newDeploymentId() : undefined
  })
  signMetadata(release, key)
  return withRelease(manifest, release)
}

/** Adds `key`'s signature to a prepared release's metadata; returns the release. */
export function addReleaseSignature (manifest: VerifiedManifest, key: PrivateKey): VerifiedManifest {
  const release = readRelease(manifest)
  signMetadata(release, key)
  return withRelease(manifest, release)
}

/** Reads a release file written by `cascade release prepare` (an encoded SignedManifest). */
export async function readReleaseFile (path: string): Promise<VerifiedManifest> {
  return decodeSignedManifest(await readFile(path))
}

export { encodeSignedManifest, loadKey }
