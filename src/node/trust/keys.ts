/**
 * Our Ed25519 keys (libp2p's, from `cascade keygen`) as TUF keys: a TUF key
 * id is the key's peer id (TUF recommends a hash of the key; any unique id
 * verifies the same way, and a peer id is what operators already see), its
 * value the hex raw public key. Signatures are made over the canonical JSON
 * that `Metadata.sign` hands its signer, the same bytes `Key.verifySignature`
 * checks.
 */
import { createPrivateKey, sign as cryptoSign } from 'node:crypto'
import { peerIdFromPublicKey, peerIdFromString } from '@libp2p/peer-id'
import { Key, Signature } from '@tufjs/models'
import { TrustError } from './errors.js'
import type { PrivateKey, PublicKey } from '@libp2p/interface'

/** An Ed25519 libp2p private key is the 32-byte seed followed by the public key (@libp2p/crypto). */
const ED25519_SEED_BYTES = 32

export interface TufKey {
  /** the key's peer id */
  id: string
  key: Key
}

export function tufKey (publicKey: PublicKey): TufKey {
  if (publicKey.type !== 'Ed25519') {
    throw new TrustError(`keys must be Ed25519, not ${publicKey.type}`)
  }
  const id = peerIdFromPublicKey(publicKey).toString()
  return { id, key: new Key({ keyID: id, keyType: 'ed25519', scheme: 'ed25519', keyVal: { public: Buffer.from(publicKey.raw).toString('hex') } }) }
}

/** The TUF key of a peer id (an Ed25519 peer id holds its public key). */
export function tufKeyOfPeerId (peerId: string): TufKey {
  let publicKey: PublicKey | undefined
  try {
    publicKey = peerIdFromString(peerId).publicKey
  } catch {}
  if (publicKey == null) {
    throw new TrustError(`"${peerId.slice(0, 64)}" is not the peer id of an Ed25519 key (as \`cascade keygen\` prints)`)
  }
  return tufKey(publicKey)
}

/** A synchronous signer for `Metadata.sign`: node:crypto signs with the key's seed. */
export function tufSigner (privateKey: PrivateKey): (bytes: Buffer) => Signature {
  if (privateKey.type !== 'Ed25519') {
    throw new TrustError(`keys must be Ed25519, not ${privateKey.type}`)
  }
  const { id } = tufKey(privateKey.publicKey)
  const keyObject = createPrivateKey({
    format: 'jwk',
    key: {
      kty: 'OKP',
      crv: 'Ed25519',
      d: Buffer.from(privateKey.raw.subarray(0, ED25519_SEED_BYTES)).toString('base64url'),
      x: Buffer.from(privateKey.publicKey.raw).toString('base64url')
    }
  })
  return (bytes) => new Signature({ keyID: id, sig: cryptoSign(null, bytes, keyObject).toString('hex') })
}
