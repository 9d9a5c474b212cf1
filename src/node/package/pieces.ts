/**
 * A chunk as it came off the stream: one buffer, or the pieces it arrived in
 * (src/node/relay/chunk-frame.ts), hashed and written without first being
 * copied into one buffer.
 */
import { createHash } from 'node:crypto'
import { writeFully } from './file-io.js'
import { sha256 } from './hash.js'
import type { FileHandle } from 'node:fs/promises'
import type { Uint8ArrayList } from 'uint8arraylist'

/** SHA-256 of a chunk, also of one still in the pieces it arrived in (src/node/relay/chunk-frame.ts). */
export function sha256Pieces (data: Uint8Array | Uint8ArrayList): Uint8Array {
  if (data instanceof Uint8Array) return sha256(data)
  const hash = createHash('sha256')
  for (const piece of data) hash.update(piece)
  return new Uint8Array(hash.digest())
}

/** Writes a chunk at `position`; its pieces in one system call (writev), not copied together first. */
export async function writePieces (handle: FileHandle, data: Uint8Array | Uint8ArrayList, position: number): Promise<void> {
  if (data instanceof Uint8Array) return writeFully(handle, data, position)
  const { bytesWritten } = await handle.writev([...data], position)
  if (bytesWritten < data.byteLength) {
    // a short write: the rest, as one buffer
    await writeFully(handle, data.subarray(bytesWritten), position + bytesWritten)
  }
}
