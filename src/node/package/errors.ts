/** A manifest failed to decode, verify or validate; `message` says why. */
export class InvalidManifestError extends Error {
  static override readonly name = 'InvalidManifestError'
  override readonly name = 'InvalidManifestError'
}

/** A package file cannot be described by a manifest (empty, too big, changed while read). */
export class InvalidPackageError extends Error {
  static override readonly name = 'InvalidPackageError'
  override readonly name = 'InvalidPackageError'
}

/** Chunk data whose length or SHA-256 does not match the manifest. Nothing was written. */
export class ChunkVerificationError extends Error {
  static override readonly name = 'ChunkVerificationError'
  override readonly name = 'ChunkVerificationError'
  readonly index: number

  constructor (index: number, message: string) {
    super(message)
    this.index = index
  }
}

/** A chunk index that is not an integer in [0, chunkCount). */
export class ChunkIndexError extends RangeError {
  static override readonly name = 'ChunkIndexError'
  override readonly name = 'ChunkIndexError'
  readonly index: number

  constructor (index: number, chunkCount: number) {
    super(`chunk index ${index} is not in [0, ${chunkCount})`)
    this.index = index
  }
}

/** A read of a chunk the store does not hold yet. */
export class ChunkMissingError extends Error {
  static override readonly name = 'ChunkMissingError'
  override readonly name = 'ChunkMissingError'
  readonly index: number

  constructor (index: number) {
    super(`chunk ${index} is not stored yet`)
    this.index = index
  }
}

/** A store directory that already belongs to a different manifest. */
export class StoreManifestMismatchError extends Error {
  static override readonly name = 'StoreManifestMismatchError'
  override readonly name = 'StoreManifestMismatchError'
}

/** An operation on a closed store. */
export class StoreClosedError extends Error {
  static override readonly name = 'StoreClosedError'
  override readonly name = 'StoreClosedError'
}
