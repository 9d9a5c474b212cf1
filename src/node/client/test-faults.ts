/**
 * Faults a test can switch on in a real node process (never in production
 * use): `cascade node --fault …` (src/cli/main.ts) sets them.
 */
import { open } from 'node:fs/promises'
import { createUploadLimiter } from '../upload-limiter.js'
import type { PushFaults } from '../relay/push-sender.js'
import type { UploadLimiter } from '../upload-limiter.js'

export interface TestFaults {
  /** relay: flip a byte of this chunk index in everything we forward */
  corruptRelayChunk?: number
  /** after receiving everything, flip a byte on disk before the whole-package check (once) */
  corruptStoredChunk?: boolean
  /** relay: once this node has relayed `after` chunks, its uplink drops to `rate` bytes/s (all its relays together) */
  slowRelay?: { after: number, rate: number }
}

/** The slowed uplink of a node with a `slowRelay` fault, shared by all its relays. */
const slowUplinks = new WeakMap<TestFaults, { sent: number, limiter: UploadLimiter }>()


/** The push faults of a node's relays (a corrupting or a slowing relay); undefined for none. */
export function relayFaults (faults: TestFaults | undefined): PushFaults | undefined {
  const corrupt = faults?.corruptRelayChunk
  const slow = faults?.slowRelay
  if (faults == null || (corrupt == null && slow == null)) {
    return undefined
  }
  const uplink = slowUplinks.get(faults) ?? { sent: 0, limiter: createUploadLimiter(slow?.rate) }
  slowUplinks.set(faults, uplink)
  return {
    corruptChunk: (index, data) => {
      if (index !== corrupt) {
        return data
      }
      const copy = new Uint8Array(data)
      copy[0] ^= 0xff
      return copy
    },
    beforeSend: async (bytes, signal) => {
      if (slow != null && uplink.sent++ >= slow.after) {
        await uplink.limiter.take(bytes, signal)
      }
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
