/**
 * `/cascade/push/1.0.0`: a parent (the host or a relay) pushes a package to
 * one child. The parent sends a PushOffer (manifest + the child's share of the
 * addressee list); the child accepts with the chunks it already holds and
 * grants credit; the parent sends chunks only within that credit, so a slow
 * child bounds what its parent buffers for it, and each child is served by
 * its own stream at its own pace.
 */
import type { Stripe } from './push.js'

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

/**
 * The finest class a stripe is split into (PushOffer.share): a quarter
 * (SPLIT_PARTS in src/tree/constants.ts), of at most MAX_STRIPES stripes.
 */
export const MAX_SHARE_COUNT = 4 * MAX_STRIPES

/** Whether `share` is a class of `stripe`'s chunks: its count a multiple of the stripe's (at most MAX_SHARE_COUNT), its index in the stripe. */
export function isShareOf (share: Stripe, stripe: Stripe): boolean {
  return Number.isInteger(share.count) && share.count >= stripe.count && share.count <= MAX_SHARE_COUNT &&
    share.count % stripe.count === 0 && share.index < share.count && share.index % stripe.count === stripe.index
}

function gcd (a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b)
}

/** Whether two classes of chunk indices (index mod count) have a chunk in common. */
export function sharesOverlap (a: Stripe, b: Stripe): boolean {
  return (a.index - b.index) % gcd(a.count, b.count) === 0
}

/** Why an offer's share cannot be taken (it must be a class of the offer's stripe), or undefined. */
export function shareRefusal (share: Stripe | undefined, stripe: Stripe | undefined): string | undefined {
  if (share == null || (stripe != null && isShareOf(share, stripe))) return undefined
  return `share ${share.index} of ${share.count} is not part of ${stripe == null ? 'a striped push' : `stripe ${stripe.index} of ${stripe.count}`}`
}

/** The planned rate of a push of `share` of a stripe planned at `rate`: the share's part of it. */
export function shareRate (rate: number | undefined, stripe: Stripe | undefined, share: Stripe | undefined): number | undefined {
  return rate == null || stripe == null || share == null ? rate : rate * stripe.count / share.count
}
