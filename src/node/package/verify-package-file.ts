/**
 * Checks a whole package file against its manifest in one pass: the size,
 * every chunk's SHA-256 and the package's.
 */
import { stat } from 'node:fs/promises'
import { equals as uint8ArrayEquals } from 'uint8arrays/equals'
import { ChunkVerificationError, InvalidPackageError } from './errors.js'
import { hashFile } from './hash.js'
import type { VerifiedManifest } from './manifest.js'

/**
 * Streams a file once and checks its size, every chunk and the whole against
 * the manifest; throws {@link ChunkVerificationError} or {@link InvalidPackageError}.
 */
export async function verifyPackageFile (path: string, manifest: VerifiedManifest): Promise<void> {
  const { size, chunkSize, chunkHashes, packageHash } = manifest.fields
  const actualSize = (await stat(path)).size
  if (actualSize !== size) {
    throw new InvalidPackageError(`${path} is ${actualSize} bytes, the manifest says ${size}`)
  }
  const digest = await hashFile(path, {
    chunkSize,
    maxBytes: size,
    onChunk: (index, hash) => {
      if (!uint8ArrayEquals(hash, chunkHashes[index])) {
        throw new ChunkVerificationError(index, `chunk ${index} of ${path} does not match the manifest`)
      }
    }
  })
  if (digest.bytes !== size || !uint8ArrayEquals(digest.hash, packageHash)) {
    throw new InvalidPackageError(`${path} does not match the manifest's package hash`)
  }
}
