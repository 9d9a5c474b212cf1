import { randomFillSync } from 'node:crypto'
import { open } from 'node:fs/promises'

/** Random data is written this much at a time: a 1 GiB package never sits in memory. */
const BLOCK_BYTES = 4 * 1024 * 1024

/** Writes `size` random bytes to `path` (incompressible, like a real release). */
export async function writeRandomFile (path: string, size: number): Promise<void> {
  const file = await open(path, 'w')
  try {
    const block = new Uint8Array(Math.min(BLOCK_BYTES, Math.max(1, size)))
    for (let written = 0; written < size;) {
      const length = Math.min(block.byteLength, size - written)
      randomFillSync(block, 0, length)
      await file.write(block, 0, length)
      written += length
    }
  } finally {
    await file.close()
  }
}
