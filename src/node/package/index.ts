/**
 * Packages: the signed manifest that describes one, and the chunk store that
 * holds one on disk while it is received, verified and relayed.
 */
export {
  CHUNK_WIRE_OVERHEAD,
  DEFAULT_CHUNK_SIZE,
  DEFAULT_MANIFEST_LIMITS,
  MAX_CHUNKS,
  MAX_MANIFEST_BYTES,
  NOISE_MAX_PLAINTEXT,
  WIRE_CHUNK_UNIT,
  buildManifest,
  chooseChunkSize,
  decodeSignedManifest,
  encodeSignedManifest,
  signManifest,
  verifyManifest
} from './manifest.js'
export type { ManifestFields, ManifestLimits, VerifiedManifest } from './manifest.js'
export { compareVersions, isVersion, parseVersion, InvalidVersionTextError } from './version.js'
export { bitmapLength, clearBit, hasBit, setBit } from './bitmap.js'
export { ChunkStore, PACKAGE_FILE, BITMAP_FILE, MANIFEST_FILE } from './chunk-store.js'
export type { ChunkStoreEvents } from './chunk-store.js'
export {
  ChunkIndexError,
  ChunkMissingError,
  ChunkVerificationError,
  InvalidManifestError,
  InvalidPackageError,
  StoreClosedError,
  StoreManifestMismatchError
} from './errors.js'
export { defaultPackageName } from './package-name.js'
