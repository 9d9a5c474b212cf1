/**
 * Release metadata: TUF targets metadata naming exactly one manifest (by its
 * SHA-256 and length), signed by the fleet's publisher keys up to the
 * root's threshold (`cascade release prepare`, `cascade sign`). It travels
 * inside the SignedManifest (src/protocols/manifest/manifest.proto), so
 * every relay passes it on unchanged. A rollback release names the one
 * deployment it may run as (docs/security.md).
 */
import { randomBytes } from 'node:crypto'
import { MetadataKind, Targets } from '@tufjs/models'
import { TrustError } from './errors.js'
import { TUF_SPEC_VERSION, encodeMetadata, parseMetadata, verifyRole } from './root.js'
import type { VerifiedManifest } from '../package/index.js'
import type { Metadata, Root } from '@tufjs/models'

/** A release is installable for 30 days after it is prepared, unless `--expires` says otherwise. */
export const DEFAULT_RELEASE_LIFETIME_MS = 30 * 24 * 3600_000

/** A rollback is a remedy for now: it expires after a day unless `--expires` says otherwise. */
export const DEFAULT_ROLLBACK_LIFETIME_MS = 24 * 3600_000

export interface ReleaseInit {
  expires: Date
  /** a rollback: the deployment id it may run as, once */
  rollbackDeployment?: string
}

/** What a verified release allows. */
export interface TrustedRelease {
  metadata: Metadata<Targets>
  /** set on a rollback: the one deployment it may run as */
  rollbackDeployment?: string
  /** unix ms */
  expires: number
}

/** A deployment id as the host makes them (src/node/client/push-handler.ts DEPLOYMENT_ID accepts it): time, then randomness. */
export function newDeploymentId (): string {
  return `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`
}

function targetPath (manifest: VerifiedManifest): string {
  return `${manifest.fields.name}/${manifest.fields.version}`
}

function isoSeconds (date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** New, unsigned release metadata for `manifest`. */
export function buildRelease (manifest: VerifiedManifest, init: ReleaseInit): Metadata<Targets> {
  const custom = init.rollbackDeployment == null ? {} : { custom: { rollback: { deployment: init.rollbackDeployment } } }
  return parseMetadata(MetadataKind.Targets, Buffer.from(JSON.stringify({
    signatures: [],
    signed: {
      _type: MetadataKind.Targets,
      spec_version: TUF_SPEC_VERSION,
      version: 1,
      expires: isoSeconds(init.expires),
      targets: { [targetPath(manifest)]: { length: manifest.bytes.byteLength, hashes: { sha256: manifest.id }, ...custom } }
    }
  })), 'release metadata')
}

/** `manifest` carrying `release` (signed or not yet). */
export function withRelease (manifest: VerifiedManifest, release: Metadata<Targets>): VerifiedManifest {
  return { ...manifest, release: encodeMetadata(release) }
}

export function readRelease (manifest: VerifiedManifest): Metadata<Targets> {
  if (manifest.release == null) {
    throw new TrustError('the release carries no publisher signatures (prepared before the fleet had a root of trust?)')
  }
  return parseMetadata<Metadata<Targets>>(MetadataKind.Targets, manifest.release, 'the release metadata')
}

/** The deployment a rollback release names, unverified: the host runs it under that id. */
export function rollbackDeploymentOf (manifest: VerifiedManifest): string | undefined {
  if (manifest.release == null) {
    return undefined
  }
  try {
    return bindingOf(readRelease(manifest), manifest)
  } catch {
    return undefined
  }
}

function bindingOf (release: Metadata<Targets>, manifest: VerifiedManifest): string | undefined {
  const deployment = (release.signed.targets[targetPath(manifest)]?.unrecognizedFields?.custom as any)?.rollback?.deployment
  return typeof deployment === 'string' ? deployment : undefined
}

/**
 * The release of `manifest` as `root` trusts it: signed by the publishers'
 * threshold, not expired, naming exactly this manifest. TrustError saying
 * why not.
 */
export function verifyRelease (root: Metadata<Root>, manifest: VerifiedManifest, now = new Date()): TrustedRelease {
  // TUF: an expired root trusts nothing (its keys may be long gone)
  if (root.signed.isExpired(now)) {
    throw new TrustError(`the fleet's root version ${root.signed.version} expired at ${root.signed.expires}: sign the next one (cascade trust init --version ${root.signed.version + 1})`)
  }
  const metadata = readRelease(manifest)
  verifyRole(root, 'targets', metadata, `release ${manifest.fields.name} ${manifest.fields.version}`)
  if (metadata.signed.isExpired(now)) {
    throw new TrustError(`release ${manifest.fields.name} ${manifest.fields.version} expired at ${metadata.signed.expires}`)
  }
  const paths = Object.keys(metadata.signed.targets)
  const target = metadata.signed.targets[targetPath(manifest)]
  if (paths.length !== 1 || target == null || target.hashes.sha256 !== manifest.id || target.length !== manifest.bytes.byteLength) {
    throw new TrustError(`the release metadata names ${paths.join(', ')} ${target?.hashes.sha256?.slice(0, 12) ?? ''}, not manifest ${targetPath(manifest)} ${manifest.id.slice(0, 12)}: metadata of another release (mix-and-match) refused`)
  }
  const rollbackDeployment = bindingOf(metadata, manifest)
  if (manifest.fields.rollback !== (rollbackDeployment != null)) {
    throw new TrustError(manifest.fields.rollback ? 'a rollback release must name the deployment it runs as (cascade release prepare --rollback)' : 'the release metadata names a rollback deployment for a manifest that is not a rollback')
  }
  return { metadata, rollbackDeployment, expires: Date.parse(metadata.signed.expires) }
}
