/**
 * `/cascade/trust/1.0.0`: a node asks its host for the fleet's root metadata
 * newer than its own and the newest timestamp metadata (docs/security.md).
 */
export { TrustRequest, TrustResponse } from './trust.js'

export const TRUST_PROTOCOL = '/cascade/trust/1.0.0'

/**
 * Largest response a node reads: 64 roots (the `limit` on `roots` in
 * trust.proto) of a few KiB each, plus a timestamp.
 */
export const MAX_TRUST_RESPONSE_BYTES = 1024 * 1024
