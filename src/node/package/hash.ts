import { createHash } from 'node:crypto'
import { open } from 'node:fs/promises'
import { InvalidPackageError } from './errors.js'

/** Read size when hashing a file: few system calls, a bounded buffer. */
const READ_BUFFER_BYTES = 1024 * 1024

/** SHA-256 of `data`, as a plain Uint8Array (not a Buffer, so it compares equal to decoded bytes). */
export function sha256 (data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest())
}

/** Same digest as hex, for ids and log lines. */
export function sha256Hex (data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

export interface HashFileOptions {
  /** chunk length; with `onChunk`, each chunk's SHA-256 is reported in order */
  chunkSize?: number
  onChunk?(index: number, hash: Uint8Array): void
  /** stop with {@link InvalidPackageError} as soon as the file turns out longer */
  maxBytes?: number
}

export interface FileDigest {
  bytes: number
  /** SHA-256 of the whole file */
  hash: Uint8Array
}

/**
 * Reads a file once, hashing the whole and, when asked, each chunk. Memory
 * stays at one read buffer whatever the file or chunk size: the buffer is
 * reused for every read (a read stream allocates a new one per read, and a
 * relay re-hashing 1 GiB peaked ~60 MB higher on that garbage;
 * docs/benchmarks.md, "Resources").
 */
export async function hashFile (path: string, options: HashFileOptions = {}): Promise<FileDigest> {
  const { chunkSize, onChunk, maxBytes = Infinity } = options
  const whole = createHash('sha256')
  let chunk = createHash('sha256')
  let chunkIndex = 0
  let inChunk = 0
  let bytes = 0
  const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES)
  const file = await open(path, 'r')
  try {
    while (true) {
      const { bytesRead } = await file.read(buffer, 0, buffer.byteLength, null)
      if (bytesRead === 0) {
        break
      }
      // hash.update copies what it needs, so the buffer can be reused at once
      const piece = buffer.subarray(0, bytesRead)
      bytes += bytesRead
      if (bytes > maxBytes) {
        throw new InvalidPackageError(`${path} is longer than the expected ${maxBytes} bytes`)
      }
      whole.update(piece)
      if (chunkSize == null || onChunk == null) {
        continue
      }
      let offset = 0
      while (offset < bytesRead) {
        const take = Math.min(chunkSize - inChunk, bytesRead - offset)
        chunk.update(piece.subarray(offset, offset + take))
        inChunk += take
        offset += take
        if (inChunk === chunkSize) {
          onChunk(chunkIndex++, new Uint8Array(chunk.digest()))
          chunk = createHash('sha256')
          inChunk = 0
        }
      }
    }
  } finally {
    await file.close()
  }
  if (onChunk != null && inChunk > 0) {
    onChunk(chunkIndex, new Uint8Array(chunk.digest()))
  }
  return { bytes, hash: new Uint8Array(whole.digest()) }
}
