/**
 * `/cascade/trust/1.0.0`: a node asks its host for the fleet's root metadata
 * newer than its own and the newest timestamp metadata (docs/security.md).
 * TUF metadata is JSON, so the two messages are JSON too, each one
 * length-prefixed frame (@libp2p/utils lpStream): the request
 * `{ "rootVersion": N, "stale": bool }`, the response
 * `{ "roots": [root metadata…], "timestamp": timestamp metadata }`.
 */

export const TRUST_PROTOCOL = '/cascade/trust/1.0.0'

/** Largest request: two small fields. */
export const MAX_TRUST_REQUEST_BYTES = 1024

/** Largest response a node reads: MAX_TRUST_ROOTS roots of a few KiB each, plus a timestamp. */
export const MAX_TRUST_RESPONSE_BYTES = 1024 * 1024

/** Most roots in one response: a node further behind catches up over several requests. */
export const MAX_TRUST_ROOTS = 64

export interface TrustRequest {
  /** the version of the root metadata the node trusts now */
  rootVersion: number
  /** its newest timestamp has expired (for its host's status) */
  stale?: boolean
}

export interface TrustResponse {
  /** every root metadata (TUF root JSON) newer than the node's, in order, at most MAX_TRUST_ROOTS */
  roots: Uint8Array[]
  /** the newest timestamp metadata (TUF timestamp JSON), signed by the host's online key */
  timestamp?: Uint8Array
}

export class InvalidTrustMessageError extends Error {
  static override readonly name = 'InvalidTrustMessageError'
  override readonly name = 'InvalidTrustMessageError'
}

function parse (bytes: Uint8Array, what: string): any {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'))
  } catch (err: any) {
    throw new InvalidTrustMessageError(`${what} is not JSON: ${err.message}`)
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value != null && !Array.isArray(value)

export function encodeTrustRequest (request: TrustRequest): Uint8Array {
  return Buffer.from(JSON.stringify({ rootVersion: request.rootVersion, stale: request.stale === true }))
}

export function decodeTrustRequest (bytes: Uint8Array): TrustRequest {
  const value = parse(bytes, 'trust request')
  if (!isObject(value) || !Number.isSafeInteger(value.rootVersion) || (value.rootVersion as number) < 0) {
    throw new InvalidTrustMessageError('trust request must be { "rootVersion": N, "stale": bool }')
  }
  return { rootVersion: value.rootVersion as number, stale: value.stale === true }
}

export function encodeTrustResponse (response: TrustResponse): Uint8Array {
  return Buffer.from(JSON.stringify({
    roots: response.roots.map(root => parse(root, 'root metadata')),
    ...(response.timestamp == null ? {} : { timestamp: parse(response.timestamp, 'timestamp metadata') })
  }))
}

/** Checks only the shape; the metadata inside is verified by its reader (src/node/trust/). */
export function decodeTrustResponse (bytes: Uint8Array): TrustResponse {
  const value = parse(bytes, 'trust response')
  if (!isObject(value) || !Array.isArray(value.roots) || value.roots.length > MAX_TRUST_ROOTS || !value.roots.every(isObject) ||
    (value.timestamp != null && !isObject(value.timestamp))) {
    throw new InvalidTrustMessageError(`trust response must be { "roots": [at most ${MAX_TRUST_ROOTS} objects], "timestamp": object }`)
  }
  return {
    roots: value.roots.map(root => Buffer.from(JSON.stringify(root))),
    timestamp: value.timestamp == null ? undefined : Buffer.from(JSON.stringify(value.timestamp))
  }
}
