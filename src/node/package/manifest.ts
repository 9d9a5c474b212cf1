/**
 * Manifests: building one from a package file, signing it as a publisher,
 * and verifying one received from anywhere. A {@link VerifiedManifest} exists
 * only after its signature and every bound has been checked, so code that
 * holds one never re-checks.
 */
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { publicKeyFromProtobuf, publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { logger } from '@libp2p/logger'
import { peerIdFromPublicKey } from '@libp2p/peer-id'
import { concat as uint8ArrayConcat } from 'uint8arrays/concat'
import { fromString as uint8ArrayFromString } from 'uint8arrays/from-string'
import {
  DEFAULT_MAX_PACKAGE_BYTES,
  HASH_BYTES,
  MANIFEST_SIGNATURE_DOMAIN,
  MAX_CHUNKS,
  MAX_CHUNK_SIZE,
  MAX_FILE_NAME_BYTES,
  MAX_MANIFEST_BYTES,
  MIN_CHUNK_SIZE,
  Manifest,
  NAME_PATTERN,
  SIGNATURE_BYTES,
  SignedManifest
} from '../../protocols/manifest/index.js'
import { InvalidManifestError, InvalidPackageError } from './errors.js'
import { hashFile, sha256Hex } from './hash.js'
import type { PrivateKey, PublicKey } from '@libp2p/interface'

export { MAX_MANIFEST_BYTES, MAX_CHUNKS } from '../../protocols/manifest/index.js'
export { compareVersions } from './version.js'

const log = logger('cascade:package')

/**
 * 256 KiB nominal: small enough that each relay hop adds little latency when
 * chunks are forwarded as soon as they are verified (cut-through), large
 * enough that per-chunk overhead (a hash, a frame, a bitmap write) stays small.
 */
export const DEFAULT_CHUNK_SIZE = 256 * 1024

/**
 * Smaller packages get chunks down to 64 KiB nominal, so that they still have
 * about TARGET_CHUNKS chunks: a chunk crosses each hop of a stripe in k·C / R,
 * and with 256 KiB chunks a 16 MiB package striped over 4-5 trees of depth 3
 * spent ~20 % of its transfer filling the pipeline (bench mesh: 1.35-1.38 ×
 * T* with 256 KiB chunks, 1.24-1.25 × with 64 KiB; docs/benchmarks.md).
 */
export const MIN_DEFAULT_CHUNK_SIZE = 64 * 1024
export const TARGET_CHUNKS = 256

/**
 * Noise's largest message: 65,535 bytes, its 16-byte tag included, so 65,519
 * bytes of what it carries (the Noise protocol's limit, which libp2p's Noise
 * keeps).
 */
export const NOISE_MAX_PLAINTEXT = 65_535 - 16

/**
 * What travels with a chunk's bytes on a connection: a yamux frame header
 * (12 bytes) and the push frame's own header (src/node/relay/chunk-frame.ts:
 * at most 18 bytes for a chunk under 16 MiB), with room to spare.
 */
export const CHUNK_WIRE_OVERHEAD = 64

/**
 * A default chunk is a whole number of these, one per 64 KiB nominal: each
 * fills one Noise message with its frame around it. A 64 KiB chunk overflowed
 * its message by some 40 bytes, so every chunk cost its sender and receiver a
 * second, tiny Noise message (encrypted, framed, decrypted and decoded on its
 * own). Between two nodes on 127.0.0.1 that message cost about a tenth of the
 * CPU of moving the chunk (test/wire-chunks.test.ts counts the messages;
 * docs/benchmarks-log.md, "Chunks that fill whole Noise messages").
 */
export const WIRE_CHUNK_UNIT = MIN_DEFAULT_CHUNK_SIZE - CHUNK_WIRE_OVERHEAD

const SIGNATURE_DOMAIN_BYTES = uint8ArrayFromString(MANIFEST_SIGNATURE_DOMAIN)

export interface ManifestFields {
  name: string
  version: string
  /** package size in bytes */
  size: number
  chunkSize: number
  /** SHA-256 of each chunk, in order */
  chunkHashes: Uint8Array[]
  /** SHA-256 of the whole package */
  packageHash: Uint8Array
  /** plain file name the package is installed under */
  fileName: string
  /** ms since the Unix epoch */
  createdAt: number
  /** admin-signed explicit rollback to an older version */
  rollback: boolean
}

export interface VerifiedManifest {
  fields: ManifestFields
  /** the encoded Manifest, exactly as signed */
  bytes: Uint8Array
  signature: Uint8Array
  /** peer id string of the signer */
  publisher: string
  /** hex SHA-256 of `bytes` */
  id: string
  chunkCount: number
  /**
   * The release metadata that travels with the manifest (TUF targets JSON,
   * src/node/trust/release.ts), verified by nodes with a root of trust
   * only; absent when the publisher made none.
   */
  release?: Uint8Array
}

export interface ManifestLimits {
  /** largest package size a manifest may claim */
  maxPackageBytes: number
  /** most chunks a manifest may list (never more than MAX_CHUNKS, the wire limit) */
  maxChunks: number
}

export const DEFAULT_MANIFEST_LIMITS: Readonly<ManifestLimits> = Object.freeze({
  maxPackageBytes: DEFAULT_MAX_PACKAGE_BYTES,
  maxChunks: MAX_CHUNKS
})

/**
 * The default chunk for a package of `size` bytes: the smallest power of two
 * from MIN_DEFAULT_CHUNK_SIZE up to DEFAULT_CHUNK_SIZE whose TARGET_CHUNKS
 * chunks hold it, grown beyond only as far as MAX_CHUNKS requires; then cut to
 * as many WIRE_CHUNK_UNITs as it holds 64 KiB, so that each chunk fills whole
 * Noise messages (a 16 MiB package: 257 chunks of 65,472 bytes).
 */
export function chooseChunkSize (size: number): number {
  const wireSized = (nominal: number): number => nominal / MIN_DEFAULT_CHUNK_SIZE * WIRE_CHUNK_UNIT
  let nominal = MIN_DEFAULT_CHUNK_SIZE
  while (nominal < DEFAULT_CHUNK_SIZE && size > TARGET_CHUNKS * nominal) {
    nominal *= 2
  }
  while (nominal < MAX_CHUNK_SIZE && Math.ceil(size / wireSized(nominal)) > MAX_CHUNKS) {
    nominal *= 2
  }
  return wireSized(nominal)
}

function assertValidName (what: string, value: string): void {
  if (typeof value !== 'string' || !NAME_PATTERN.test(value)) {
    throw new InvalidManifestError(`${what} ${JSON.stringify(value)} must be 1-64 characters of [A-Za-z0-9._+-] starting with a letter or digit`)
  }
}

function assertValidFileName (fileName: string): void {
  if (typeof fileName !== 'string' || fileName.length === 0 || Buffer.byteLength(fileName) > MAX_FILE_NAME_BYTES) {
    throw new InvalidManifestError(`file name must be 1-${MAX_FILE_NAME_BYTES} bytes`)
  }
  if (fileName === '.' || fileName === '..' || fileName.includes('/') || fileName.includes('\\') || fileName.includes('\0')) {
    throw new InvalidManifestError(`file name ${JSON.stringify(fileName)} must be a plain file name`)
  }
}

/** Checks size and chunk size against the bounds; returns the chunk count they imply. */
function checkLayout (size: number, chunkSize: number, limits: ManifestLimits): number {
  if (!Number.isSafeInteger(size) || size <= 0) {
    throw new InvalidManifestError(`package size ${size} must be a positive integer`)
  }
  if (size > limits.maxPackageBytes) {
    throw new InvalidManifestError(`package size ${size} exceeds the limit of ${limits.maxPackageBytes} bytes`)
  }
  if (!Number.isInteger(chunkSize) || chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
    throw new InvalidManifestError(`chunk size ${chunkSize} is outside [${MIN_CHUNK_SIZE}, ${MAX_CHUNK_SIZE}]`)
  }
  const chunkCount = Math.ceil(size / chunkSize)
  if (chunkCount > Math.min(limits.maxChunks, MAX_CHUNKS)) {
    throw new InvalidManifestError(`${chunkCount} chunks exceed the limit of ${Math.min(limits.maxChunks, MAX_CHUNKS)}`)
  }
  return chunkCount
}

/** Every check on the fields other than the signature; returns the chunk count. */
function checkFields (fields: ManifestFields, limits: ManifestLimits): number {
  assertValidName('name', fields.name)
  assertValidName('version', fields.version)
  assertValidFileName(fields.fileName)
  const chunkCount = checkLayout(fields.size, fields.chunkSize, limits)
  if (fields.chunkHashes.length !== chunkCount) {
    throw new InvalidManifestError(`manifest lists ${fields.chunkHashes.length} chunk hashes, size ${fields.size} / chunk size ${fields.chunkSize} needs ${chunkCount}`)
  }
  const badHash = fields.chunkHashes.findIndex(hash => hash.byteLength !== HASH_BYTES)
  if (badHash !== -1) {
    throw new InvalidManifestError(`hash of chunk ${badHash} is ${fields.chunkHashes[badHash].byteLength} bytes, not ${HASH_BYTES}`)
  }
  if (fields.packageHash.byteLength !== HASH_BYTES) {
    throw new InvalidManifestError(`package hash is ${fields.packageHash.byteLength} bytes, not ${HASH_BYTES}`)
  }
  if (!Number.isSafeInteger(fields.createdAt) || fields.createdAt < 0) {
    throw new InvalidManifestError(`creation time ${fields.createdAt} is not a valid timestamp`)
  }
  return chunkCount
}

/**
 * The generated codec types byte fields as backed by an ArrayBuffer; it only
 * reads them, so a view on a SharedArrayBuffer encodes just as well.
 */
function asEncodable (bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes as Uint8Array<ArrayBuffer>
}

/** The bytes a publisher signs: the domain tag, then the encoded Manifest. */
function signedBytes (manifestBytes: Uint8Array): Uint8Array {
  return uint8ArrayConcat([SIGNATURE_DOMAIN_BYTES, manifestBytes])
}

/**
 * Describes a package file: streams it once, hashing each chunk and the
 * whole, so memory does not grow with the package. `fileName` is the file's
 * basename.
 */
export async function buildManifest (packagePath: string, options: { name: string, version: string, chunkSize?: number, rollback?: boolean }): Promise<ManifestFields> {
  const info = await stat(packagePath)
  if (!info.isFile()) {
    throw new InvalidPackageError(`${packagePath} is not a regular file`)
  }
  const size = info.size
  const chunkSize = options.chunkSize ?? chooseChunkSize(size)
  const fileName = basename(packagePath)
  assertValidName('name', options.name)
  assertValidName('version', options.version)
  assertValidFileName(fileName)
  checkLayout(size, chunkSize, DEFAULT_MANIFEST_LIMITS)

  const chunkHashes: Uint8Array[] = []
  const digest = await hashFile(packagePath, {
    chunkSize,
    onChunk: (_index, hash) => chunkHashes.push(hash),
    maxBytes: size
  })
  if (digest.bytes !== size) {
    throw new InvalidPackageError(`${packagePath} changed size while it was being hashed`)
  }

  return {
    name: options.name,
    version: options.version,
    size,
    chunkSize,
    chunkHashes,
    packageHash: digest.hash,
    fileName,
    createdAt: Date.now(),
    rollback: options.rollback ?? false
  }
}

/** Encodes and signs `fields` with the publisher's Ed25519 key. */
export async function signManifest (fields: ManifestFields, key: PrivateKey): Promise<VerifiedManifest> {
  if (key.type !== 'Ed25519') {
    throw new InvalidManifestError(`publisher key must be Ed25519, not ${key.type}`)
  }
  checkFields(fields, DEFAULT_MANIFEST_LIMITS)
  const bytes = Manifest.encode({
    name: fields.name,
    version: fields.version,
    size: fields.size,
    chunkSize: fields.chunkSize,
    chunkHashes: fields.chunkHashes.map(asEncodable),
    packageHash: asEncodable(fields.packageHash),
    publisher: asEncodable(publicKeyToProtobuf(key.publicKey)),
    fileName: fields.fileName,
    createdAt: fields.createdAt,
    rollback: fields.rollback
  })
  const signature = await key.sign(signedBytes(bytes))
  // verifying what we just signed proves the round trip and builds the result in one place
  return verifyManifest(bytes, signature)
}

/**
 * Decodes, authenticates and bounds-checks a manifest. Throws
 * {@link InvalidManifestError} saying why on any failure.
 */
export async function verifyManifest (bytes: Uint8Array, signature: Uint8Array, limits: Partial<ManifestLimits> = {}): Promise<VerifiedManifest> {
  const bounds: ManifestLimits = { ...DEFAULT_MANIFEST_LIMITS, ...limits }
  if (bytes.byteLength > MAX_MANIFEST_BYTES) {
    throw new InvalidManifestError(`manifest is ${bytes.byteLength} bytes, more than ${MAX_MANIFEST_BYTES}`)
  }
  // own copies: decoded byte fields are views into `bytes`, and the caller may reuse its buffer
  const ownBytes = Uint8Array.from(bytes)
  const ownSignature = Uint8Array.from(signature)

  let decoded: Manifest
  try {
    decoded = Manifest.decode(ownBytes)
  } catch (err: any) {
    throw new InvalidManifestError(`manifest cannot be decoded: ${err.message}`)
  }

  let publisherKey: PublicKey
  try {
    publisherKey = publicKeyFromProtobuf(decoded.publisher)
  } catch (err: any) {
    throw new InvalidManifestError(`publisher key cannot be decoded: ${err.message}`)
  }
  if (publisherKey.type !== 'Ed25519') {
    throw new InvalidManifestError(`publisher key must be Ed25519, not ${publisherKey.type}`)
  }

  if (ownSignature.byteLength !== SIGNATURE_BYTES) {
    throw new InvalidManifestError(`signature is ${ownSignature.byteLength} bytes, not ${SIGNATURE_BYTES}`)
  }
  if (!(await publisherKey.verify(signedBytes(ownBytes), ownSignature))) {
    throw new InvalidManifestError('signature does not match the manifest and its publisher key')
  }

  const fields: ManifestFields = {
    name: decoded.name,
    version: decoded.version,
    size: decoded.size,
    chunkSize: decoded.chunkSize,
    chunkHashes: decoded.chunkHashes,
    packageHash: decoded.packageHash,
    fileName: decoded.fileName,
    createdAt: decoded.createdAt,
    rollback: decoded.rollback
  }
  const chunkCount = checkFields(fields, bounds)
  const verified: VerifiedManifest = {
    fields,
    bytes: ownBytes,
    signature: ownSignature,
    publisher: peerIdFromPublicKey(publisherKey).toString(),
    id: sha256Hex(ownBytes),
    chunkCount
  }
  log.trace('verified manifest %s %s@%s from %s', verified.id, fields.name, fields.version, verified.publisher)
  return verified
}

/** The manifest and its signature as one message, for storing or sending. */
export function encodeSignedManifest (manifest: VerifiedManifest): Uint8Array {
  return SignedManifest.encode({
    manifest: asEncodable(manifest.bytes),
    signature: asEncodable(manifest.signature),
    release: manifest.release == null ? undefined : asEncodable(manifest.release)
  })
}

/** Decodes a {@link SignedManifest} and verifies it as {@link verifyManifest} does. */
export async function decodeSignedManifest (bytes: Uint8Array, limits?: Partial<ManifestLimits>): Promise<VerifiedManifest> {
  if (bytes.byteLength > MAX_MANIFEST_BYTES) {
    throw new InvalidManifestError(`signed manifest is ${bytes.byteLength} bytes, more than ${MAX_MANIFEST_BYTES}`)
  }
  let signed: SignedManifest
  try {
    signed = SignedManifest.decode(bytes)
  } catch (err: any) {
    throw new InvalidManifestError(`signed manifest cannot be decoded: ${err.message}`)
  }
  const verified = await verifyManifest(signed.manifest, signed.signature, limits)
  return signed.release == null ? verified : { ...verified, release: Uint8Array.from(signed.release) }
}
