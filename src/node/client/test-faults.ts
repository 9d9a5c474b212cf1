/**
 * Faults a test can switch on in a real node process (never in production
 * use): `cascade node --test-fault …` (src/cli/cmds/node/options.ts) sets them.
 */
import { open } from 'node:fs/promises'
import { createUploadLimiter } from '../upload-limiter.js'
import type { PushFaults } from '../relay/push-sender.js'
import type { UploadLimiter } from '../upload-limiter.js'

export interface TestFaults {
  /** refuses the first push it is offered as one the host never announced, as when the host's notice was lost */
  refuseFirstPush?: boolean
  /** relay: flip a byte of this chunk index in everything we forward */
  corruptRelayChunk?: number
  /** after receiving everything, flip a byte on disk before the whole-package check (once) */
  corruptStoredChunk?: boolean
  /** relay: once this node has relayed `after` chunks, its uplink drops to `rate` bytes/s (all its relays together) */
  slowRelay?: { after: number, rate: number }
  /**
   * relay: withholds the last chunk each push owes and sends, without end,
   * either the chunks it already sent again ('repeat': every frame well-formed,
   * every chunk valid) or chunk indexes past the package's last ('beyond')
   */
  endlessRelay?: EndlessMode
}

export type EndlessMode = 'repeat' | 'beyond'

/**
 * What an endless relay sends of the chunks it owes (`owed`), and what it
 * sends after them, for ever. A push that owes one chunk sends it, so a
 * repeat has something to repeat (and its child, which then holds everything,
 * closes the push).
 */
export function endlessChunks (mode: EndlessMode, owed: number[], chunkCount: number): { send: number[], then: Iterable<{ index: number, bytesOf: number }> } {
  const send = owed.length > 1 ? owed.slice(0, -1) : owed
  function * then (): Generator<{ index: number, bytesOf: number }> {
    for (let i = 0; ; i++) {
      const bytesOf = send[i % send.length]
      yield { index: mode === 'repeat' ? bytesOf : chunkCount + i, bytesOf }
    }
  }
  return { send, then: send.length === 0 ? [] : then() }
}

/** The slowed uplink of a node with a `slowRelay` fault, shared by all its relays. */
const slowUplinks = new WeakMap<TestFaults, { sent: number, limiter: UploadLimiter }>()


/** The push faults of a node's relays (a corrupting, a slowing or an endless relay); undefined for none. */
export function relayFaults (faults: TestFaults | undefined): PushFaults | undefined {
  const corrupt = faults?.corruptRelayChunk
  const slow = faults?.slowRelay
  const endless = faults?.endlessRelay
  if (faults == null || (corrupt == null && slow == null && endless == null)) {
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
    },
    overrun: endless == null ? undefined : (owed, chunkCount) => endlessChunks(endless, owed, chunkCount)
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
