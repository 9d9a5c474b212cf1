/**
 * A chunk bitmap: one bit per chunk, bit `i % 8` of byte `i >> 3`, set when
 * the chunk is held. The chunk store keeps one on disk; a receiver sends a
 * copy to its sender (`have`) so only missing chunks travel.
 */

/** Bytes a bitmap of `chunkCount` chunks takes. */
export function bitmapLength (chunkCount: number): number {
  return Math.ceil(chunkCount / 8)
}

/** Whether chunk `index` is marked; false past the end of a short bitmap. */
export function hasBit (bitmap: Uint8Array, index: number): boolean {
  return index >> 3 < bitmap.length && (bitmap[index >> 3] & (1 << (index & 7))) !== 0
}

export function setBit (bitmap: Uint8Array, index: number): void {
  bitmap[index >> 3] |= 1 << (index & 7)
}

export function clearBit (bitmap: Uint8Array, index: number): void {
  bitmap[index >> 3] &= ~(1 << (index & 7))
}
