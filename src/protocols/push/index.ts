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
 * Chunks a child lets its parent send ahead of what it has stored: enough to
 * keep a link busy across a round trip (8 × 256 KiB = 2 MiB in flight),
 * small enough to bound a parent's memory per child.
 */
export const PUSH_WINDOW_CHUNKS = 8

/** A push that moves no chunk for this long is abandoned (the host retries elsewhere). */
export const PUSH_IDLE_TIMEOUT_MS = 30_000

/**
 * Most stripes a package may be split over: the planner tries every count
 * from 1 to 8 (STRIPE_CHOICES in src/tree/constants.ts, used by
 * src/tree/stripes.ts); beyond that a stripe's per-hop chunk time outweighs
 * the upload it brings in.
 */
export const MAX_STRIPES = 8
