/**
 * `/cascade/push/1.0.0`: a parent (the host or a relay) pushes a package to
 * one child. The parent sends a PushOffer (manifest + the child's share of the
 * addressee list); the child accepts with the chunks it already holds and
 * grants credit; the parent sends chunks only within that credit, so a slow
 * child bounds what its parent buffers for it, and each child is served by
 * its own stream at its own pace.
 */
export { PushFrame, PushOffer, PushReply, Addressee, Chunk, Stripe } from './push.js'

export const PUSH_PROTOCOL = '/cascade/push/1.0.0'

/**
 * A frame carries one chunk (at most 16 MiB, the manifest's chunk-size cap)
 * or an offer (a manifest of at most 1 MiB plus the addressee list); 24 MiB
 * bounds both with room for framing.
 */
export const MAX_PUSH_FRAME_BYTES = 24 * 1024 * 1024

/** Addressees in one offer: a whole fleet's subtree at most. */
export const MAX_ADDRESSEES = 200_000

/**
 * The most chunks a child lets its parent send ahead of what it has stored:
 * enough to keep a link busy across a round trip (8 × 256 KiB = 2 MiB in
 * flight), small enough to bound a parent's memory per child. A push whose
 * offer names its planned rate gets a window of CREDIT_WINDOW_SECONDS of
 * that rate instead, within [MIN_WINDOW_CHUNKS, PUSH_WINDOW_CHUNKS].
 */
export const PUSH_WINDOW_CHUNKS = 8

/**
 * The credit window in time: half a second of the push's planned rate covers
 * a credit's round trip (tens of ms on the reference testbed's 5 ms links)
 * many times over, while a slow stripe parks little data in its parent's
 * socket, where it would sit behind other children's chunks.
 */
export const CREDIT_WINDOW_SECONDS = 0.5

/** A window of two chunks keeps one chunk in flight while the last is being stored. */
export const MIN_WINDOW_CHUNKS = 2

/** The credit window, in chunks, for a push planned at `rate` bytes/s of `chunkSize`-byte chunks. */
export function creditWindow (rate: number | undefined, chunkSize: number): number {
  if (rate == null || !(rate > 0) || !(chunkSize > 0)) {
    return PUSH_WINDOW_CHUNKS
  }
  return Math.min(PUSH_WINDOW_CHUNKS, Math.max(MIN_WINDOW_CHUNKS, Math.ceil(rate * CREDIT_WINDOW_SECONDS / chunkSize)))
}

/** A push that moves no chunk for this long is abandoned (the host retries elsewhere). */
export const PUSH_IDLE_TIMEOUT_MS = 30_000

/**
 * Most stripes a package may be split over: the planner tries every count
 * from 1 to 8 (STRIPE_CHOICES in src/tree/constants.ts, used by
 * src/tree/stripes.ts); beyond that a stripe's per-hop chunk time outweighs
 * the upload it brings in.
 */
export const MAX_STRIPES = 8
