/**
 * Faults a test can switch on in a real node process (never in production
 * use): `cascade node --fault …` (src/cli/main.ts) sets them.
 */
import { open } from 'node:fs/promises'
import type { PushFaults } from '../relay/push-sender.js'

export interface TestFaults {
  /** relay: flip a byte of this chunk index in everything we forward */
  corruptRelayChunk?: number
  /** after receiving everything, flip a byte on disk before the whole-package check (once) */
  corruptStoredChunk?: boolean
}

/** Push faults that flip the first byte of chunk `corrupt` in everything we relay; undefined for none. */
export function relayFaults (corrupt: number | undefined): PushFaults | undefined {
  if (corrupt == null) {
    return undefined
  }
  return {
    corruptChunk: (index, data) => {
      if (index !== corrupt) {
        return data
      }
      const copy = new Uint8Array(data)
      copy[0] ^= 0xff
      return copy
    }
  }
}

/** Flips the first byte of the file at `path`. */
export async function flipFirstByte (path: string): Promise<void> {
  const handle = await open(path, 'r+')
  try {
    await handle.write(new Uint8Array([0xff ^ (await handle.read(new Uint8Array(1), 0, 1, 0)).buffer[0]]), 0, 1, 0)
  } finally {
    await handle.close()
  }
}
