/**
 * Putting payloads on a stream the way the protocols frame them (an
 * unsigned-varint length, then the bytes) and the ways a hostile peer would
 * not: a length that claims more than follows (truncated), less (the rest
 * reads as the next frame), more than the protocol's bound (oversized), a
 * non-minimal or unterminated varint, or the frame split across writes.
 */
import { INTERESTING_NUMBERS } from './rng.js'
import { concat, overlongVarint, varint } from './wire.js'
import type { Rng } from './rng.js'

export type FrameLie = 'honest' | 'truncated' | 'short' | 'oversized' | 'overlong-prefix' | 'bad-varint' | 'empty'

export interface FramedBytes {
  bytes: Uint8Array<ArrayBuffer>
  lie: FrameLie
}

/** `payload` framed honestly most of the time, and otherwise with one lie about its length. */
export function frameWith (rng: Rng, payload: Uint8Array, bound: number, honesty = 0.75): FramedBytes {
  if (rng.bool(honesty)) {
    return { bytes: concat([varint(payload.byteLength), payload]), lie: 'honest' }
  }
  const lie = rng.weighted<FrameLie>([[3, 'truncated'], [2, 'short'], [3, 'oversized'], [1, 'overlong-prefix'], [1, 'bad-varint'], [1, 'empty']])
  switch (lie) {
    case 'truncated':
      return { bytes: concat([varint(payload.byteLength + rng.range(1, 64)), payload]), lie }
    case 'short':
      return { bytes: concat([varint(rng.int(payload.byteLength)), payload]), lie }
    case 'oversized': {
      const claimed = rng.weighted<number | bigint>([[4, bound + 1], [2, bound + rng.range(2, 1 << 20)], [1, rng.pick(INTERESTING_NUMBERS)], [1, 2n ** 63n]])
      // a few KiB after the lie: enough for a reader that trusts the prefix to start buffering
      return { bytes: concat([varint(claimed), payload, rng.bytes(rng.size(8192))]), lie }
    }
    case 'overlong-prefix':
      return { bytes: concat([overlongVarint(payload.byteLength, rng.range(1, 10)), payload]), lie }
    case 'bad-varint':
      return { bytes: concat([new Uint8Array(rng.range(10, 16)).fill(0xff), payload]), lie }
    case 'empty':
      return { bytes: varint(0), lie }
    default:
      throw new Error(`unknown frame lie ${String(lie)}`)
  }
}

/** Cuts `bytes` into 1 to 4 writes at random points, so a reader sees a frame arrive in pieces. */
export function splitWrites (rng: Rng, bytes: Uint8Array<ArrayBuffer>): Array<Uint8Array<ArrayBuffer>> {
  const pieces = rng.weighted([[6, 1], [3, 2], [1, rng.range(3, 4)]])
  if (pieces === 1 || bytes.byteLength < pieces) {
    return [bytes]
  }
  const cuts = Array.from({ length: pieces - 1 }, () => rng.range(1, bytes.byteLength - 1)).sort((a, b) => a - b)
  const out: Array<Uint8Array<ArrayBuffer>> = []
  let at = 0
  for (const cut of [...cuts, bytes.byteLength]) {
    if (cut > at) {
      out.push(bytes.subarray(at, cut))
      at = cut
    }
  }
  return out
}

/** Reads honest length-prefixed frames from what a peer sent back, stopping at the first that does not parse. */
export function parseFrames (bytes: Uint8Array, maxFrames = 64): Array<Uint8Array<ArrayBuffer>> {
  const frames: Array<Uint8Array<ArrayBuffer>> = []
  let pos = 0
  while (pos < bytes.byteLength && frames.length < maxFrames) {
    let length = 0
    let scale = 1
    let i = 0
    for (; i < 8 && pos + i < bytes.byteLength; i++) {
      length += (bytes[pos + i] & 0x7f) * scale
      scale *= 128
      if ((bytes[pos + i] & 0x80) === 0) {
        break
      }
    }
    const start = pos + i + 1
    if (i === 8 || start + length > bytes.byteLength) {
      break
    }
    frames.push(Uint8Array.from(bytes.subarray(start, start + length)))
    pos = start + length
  }
  return frames
}
