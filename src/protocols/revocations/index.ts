/**
 * `/cascade/revocations/1.0.0`: a host tells each of its site hosts the
 * peers revoked in its fleet (`cascade member remove --revoke`,
 * docs/enrollment.md), when one is revoked and whenever the site joins; the
 * site revokes them too and tells its own sites. One length-prefixed JSON
 * frame, `{ "revoked": ["12D3Koo…", …] }`.
 */

export const REVOCATIONS_PROTOCOL = '/cascade/revocations/1.0.0'

/** Most peers in one list: a fleet revokes devices by the handful, not by the million. */
export const MAX_REVOKED = 100_000

/** A peer id is ~52 characters, quoted and comma-separated. */
export const MAX_REVOCATIONS_BYTES = MAX_REVOKED * 64

export class InvalidRevocationsError extends Error {
  static override readonly name = 'InvalidRevocationsError'
  override readonly name = 'InvalidRevocationsError'
}

export function encodeRevocations (revoked: string[]): Uint8Array {
  return Buffer.from(JSON.stringify({ revoked }))
}

/** The list's shape only; each entry is checked as a peer id by its reader. */
export function decodeRevocations (bytes: Uint8Array): string[] {
  let value: any
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'))
  } catch (err: any) {
    throw new InvalidRevocationsError(`revocations are not JSON: ${err.message}`)
  }
  if (typeof value !== 'object' || value == null || !Array.isArray(value.revoked) || value.revoked.length > MAX_REVOKED ||
    !value.revoked.every((id: unknown) => typeof id === 'string')) {
    throw new InvalidRevocationsError(`revocations must be { "revoked": [at most ${MAX_REVOKED} peer ids] }`)
  }
  return value.revoked
}
