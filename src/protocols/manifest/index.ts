/**
 * The package manifest wire format: a protobuf `Manifest` (what is published)
 * wrapped in a `SignedManifest` (the exact signed bytes plus the publisher's
 * signature). The bounds below are what every decoder enforces, so a peer can
 * never make us allocate or hash more than they allow.
 */
export { Manifest, SignedManifest } from './manifest.js'

/**
 * Prefix of the bytes the publisher signs (UTF-8, then the encoded Manifest):
 * a signature made by the same key for any other purpose can never pass as a
 * manifest signature.
 */
export const MANIFEST_SIGNATURE_DOMAIN = 'cascade/manifest/v1\n'

/**
 * Most chunks a package may have. Each costs ~34 bytes in the manifest
 * (32-byte hash + tag + length), so this bounds a manifest to ~560 KiB.
 * Must match the `limit` on `chunk_hashes` in manifest.proto.
 */
export const MAX_CHUNKS = 16_384

/** Largest encoded (Signed)Manifest a decoder accepts: MAX_CHUNKS hashes plus generous room. */
export const MAX_MANIFEST_BYTES = 1024 * 1024

/** Smallest chunk: below a 4 KiB page, per-chunk overhead dominates. */
export const MIN_CHUNK_SIZE = 4 * 1024

/** Largest chunk: bounds the buffer a node needs to hold one chunk while verifying it. */
export const MAX_CHUNK_SIZE = 16 * 1024 * 1024

/**
 * Default largest package (64 GiB): far beyond any release we ship, small
 * enough that a forged size claim (say 1 TB) is refused before any disk is
 * reserved for it.
 */
export const DEFAULT_MAX_PACKAGE_BYTES = 64 * 1024 ** 3

/** SHA-256 digest length, of every chunk hash and of the package hash. */
export const HASH_BYTES = 32

/** Ed25519 signature length (RFC 8032). */
export const SIGNATURE_BYTES = 64

/**
 * Package names and versions: safe path characters, a letter or digit first
 * (the installer names release dirs after versions, and its staging dirs
 * start with a dot), at most 64 characters.
 */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/

/** Linux NAME_MAX: the longest single path component, in bytes. */
export const MAX_FILE_NAME_BYTES = 255
