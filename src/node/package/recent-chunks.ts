/**
 * The chunks a store verified most recently, kept in memory so that a relay
 * sends a fresh chunk to each of its children without reading it back from
 * disk once per child (docs/benchmarks.md, "CPU per MiB"). A relay forwards
 * a chunk within its children's credit windows of its arrival, so the newest
 * few megabytes serve nearly every send; an older chunk is read from disk as
 * before. Oldest out first, bounded by bytes.
 */
import type { Uint8ArrayList } from 'uint8arraylist'

/**
 * What the newest chunks may hold: 4 MiB, 64 chunks of 64 KiB. The credit
 * window is half a second of a push's rate (`CREDIT_WINDOW_SECONDS` in
 * src/protocols/push/index.ts), so this covers
 * several seconds of a relay's intake at the reference testbed's 25 Mbit/s
 * downlinks (docs/benchmarks.md), at the cost of 4 MiB per open store.
 */
export const RECENT_CHUNK_BYTES = 4 * 1024 * 1024

export class RecentChunks {
  readonly maxBytes: number
  #bytes = 0
  // Map keeps insertion order: the first key is the oldest
  readonly #chunks = new Map<number, Uint8Array | Uint8ArrayList>()

  constructor (maxBytes = RECENT_CHUNK_BYTES) {
    this.maxBytes = maxBytes
  }

  /** Holds `data` (verified, never modified afterwards) as chunk `index`, dropping the oldest beyond the bound. */
  add (index: number, data: Uint8Array | Uint8ArrayList): void {
    if (data.byteLength > this.maxBytes) return
    this.delete(index)
    // a list of our own over the same pieces: what the caller does with its list later does not reach us
    this.#chunks.set(index, data instanceof Uint8Array ? data : data.sublist())
    this.#bytes += data.byteLength
    for (const [oldest, chunk] of this.#chunks) {
      if (this.#bytes <= this.maxBytes) break
      this.#chunks.delete(oldest)
      this.#bytes -= chunk.byteLength
    }
  }

  /** Chunk `index` as one array (the pieces joined once, on the first read), or undefined when it is not held. */
  get (index: number): Uint8Array | undefined {
    const chunk = this.#chunks.get(index)
    if (chunk == null || chunk instanceof Uint8Array) return chunk
    const joined = chunk.subarray()
    this.#chunks.set(index, joined)
    return joined
  }

  delete (index: number): void {
    const chunk = this.#chunks.get(index)
    if (chunk == null) return
    this.#chunks.delete(index)
    this.#bytes -= chunk.byteLength
  }

  clear (): void {
    this.#chunks.clear()
    this.#bytes = 0
  }

  get byteLength (): number {
    return this.#bytes
  }
}
