import { fromString as uint8ArrayFromString } from 'uint8arrays/from-string'
import { concat as uint8ArrayConcat } from 'uint8arrays/concat'
import { AuthorizationPayload } from './join.js'
import type { PrivateKey, PublicKey } from '@libp2p/interface'

/**
 * Domain tags: a node's receipt and the host's install authorization are
 * signed over `tag ‖ payload`, so neither can be replayed as the other, nor
 * as a manifest signature or any other statement made with the same key.
 */
export const RECEIPT_DOMAIN = 'cascade/receipt/v1\n'
export const INSTALL_DOMAIN = 'cascade/install/v1\n'

export class InvalidStatementError extends Error {
  static override readonly name = 'InvalidStatementError'
  override readonly name = 'InvalidStatementError'
}

/** protons types bytes fields as ArrayBuffer-backed, so statements are too */
export interface Statement {
  payload: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

function tagged (domain: string, payload: Uint8Array): Uint8Array {
  return uint8ArrayConcat([uint8ArrayFromString(domain), payload])
}

export async function signStatement (domain: string, payload: AuthorizationPayload, key: PrivateKey): Promise<Statement> {
  const bytes = AuthorizationPayload.encode(payload)
  return { payload: bytes, signature: await key.sign(tagged(domain, bytes)) as Uint8Array<ArrayBuffer> }
}

/**
 * Checks the signature and that the statement is about exactly this
 * deployment, manifest and node; returns the payload.
 */
export async function verifyStatement (domain: string, statement: Statement, signer: PublicKey, expected: Pick<AuthorizationPayload, 'deploymentId' | 'manifestId' | 'node'>): Promise<AuthorizationPayload> {
  let valid = false
  try {
    valid = await signer.verify(tagged(domain, statement.payload), statement.signature)
  } catch {}
  if (!valid) {
    throw new InvalidStatementError('signature does not verify')
  }
  const payload = AuthorizationPayload.decode(statement.payload)
  for (const field of ['deploymentId', 'manifestId', 'node'] as const) {
    if (payload[field] !== expected[field]) {
      throw new InvalidStatementError(`statement is for ${field} "${payload[field]}", expected "${expected[field]}"`)
    }
  }
  return payload
}
