/**
 * Timestamp metadata: the host's online key says "this is fresh" for a short
 * while (`cascade host --timestamp-lifetime`); a node whose newest timestamp
 * has expired reports its metadata stale (TUF's freeze attack:
 * docs/security.md).
 */
import { MetadataKind, Timestamp } from '@tufjs/models'
import { TrustError } from './errors.js'
import { TUF_SPEC_VERSION, parseMetadata, verifyRole } from './root.js'
import type { Metadata, Root } from '@tufjs/models'

/** A day: short enough that a frozen fleet learns it within a day, long enough to ride out a host restart. */
export const DEFAULT_TIMESTAMP_LIFETIME_MS = 24 * 3600_000

/** New, unsigned timestamp metadata, valid until `expires`. */
export function buildTimestamp (version: number, expires: Date): Metadata<Timestamp> {
  return parseMetadata(MetadataKind.Timestamp, Buffer.from(JSON.stringify({
    signatures: [],
    signed: {
      _type: MetadataKind.Timestamp,
      spec_version: TUF_SPEC_VERSION,
      version,
      expires: expires.toISOString(),
      meta: { 'snapshot.json': { version: 1 } }
    }
  })), 'timestamp metadata')
}

/** Timestamp metadata the root's timestamp key signed, newer than `after`; TrustError when not. */
export function verifyTimestamp (root: Metadata<Root>, bytes: Uint8Array, after: number): Metadata<Timestamp> {
  const timestamp = parseMetadata<Metadata<Timestamp>>(MetadataKind.Timestamp, bytes, 'timestamp metadata')
  verifyRole(root, 'timestamp', timestamp, `timestamp version ${timestamp.signed.version}`)
  if (timestamp.signed.version < after) {
    throw new TrustError(`timestamp version ${timestamp.signed.version} is older than version ${after}, already seen`)
  }
  return timestamp
}
