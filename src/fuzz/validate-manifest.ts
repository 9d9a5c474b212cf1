/**
 * Target (b), manifests: `decodeSignedManifest` (and through it
 * `verifyManifest`) with manifests that are properly signed but hostile:
 * absurd sizes (a 1 TB package), chunk sizes and counts that disagree,
 * wrong-length hashes, names and versions with control characters or path
 * tricks, foreign key types, signatures that are short, foreign or made
 * without the domain tag. What is accepted must meet every documented bound.
 */
import { privateKeyFromRaw, publicKeyFromProtobuf, publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { decodeSignedManifest } from '../node/package/index.js'
import {
  DEFAULT_MAX_PACKAGE_BYTES, HASH_BYTES, MANIFEST_SIGNATURE_DOMAIN, MAX_CHUNKS, MAX_CHUNK_SIZE, MAX_FILE_NAME_BYTES,
  MAX_MANIFEST_BYTES, MIN_CHUNK_SIZE, Manifest, NAME_PATTERN, SIGNATURE_BYTES, SignedManifest
} from '../protocols/manifest/index.js'
import { FIXED_TIME } from './fixture.js'
import { hostileString } from './validate-join.js'
import { INTERESTING_NUMBERS } from './rng.js'
import { mutate } from './mutate.js'
import { errorName, hex } from './stats.js'
import { carryOn } from './target.js'
import { concat, ldField } from './wire.js'
import type { PrivateKey } from '@libp2p/interface'
import type { Rng } from './rng.js'
import type { FuzzTarget, TargetContext } from './target.js'

const TARGET = 'validate SignedManifest'

function equal (a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((byte, i) => byte === b[i])
}
const DOMAIN = new TextEncoder().encode(MANIFEST_SIGNATURE_DOMAIN)

interface Keys {
  publisher: PrivateKey
  other: PrivateKey
  secp256k1: PrivateKey
}

/** Fields of a manifest, hostile or not, as a publisher could sign them. */
function hostileManifest (rng: Rng, keys: Keys): Manifest {
  const chunkSize = rng.weighted([[6, rng.pick([4096, 8192, 65536, 262144])], [3, rng.pick([0, 1, MIN_CHUNK_SIZE - 1, MIN_CHUNK_SIZE, MAX_CHUNK_SIZE, MAX_CHUNK_SIZE + 1, 2 ** 32 - 1])]])
  const size = rng.weighted([
    [6, rng.range(1, 8) * Math.max(chunkSize, 1) - rng.int(Math.max(chunkSize, 1))],
    [2, rng.pick([0, 2 ** 40, DEFAULT_MAX_PACKAGE_BYTES, DEFAULT_MAX_PACKAGE_BYTES + 1, 2 ** 53, 2 ** 64 - 1])],
    [1, rng.pick(INTERESTING_NUMBERS)],
    [1, MAX_CHUNKS * Math.max(chunkSize, 1) + rng.range(0, 1)]
  ])
  const needed = chunkSize > 0 && size > 0 ? Math.ceil(size / chunkSize) : 0
  const hashCount = rng.weighted([[7, needed], [2, Math.max(0, needed + rng.pick([-1, 1]))], [1, rng.pick([0, MAX_CHUNKS, MAX_CHUNKS + 1])]])
  const hashLength = (): number => rng.weighted([[30, HASH_BYTES], [1, rng.pick([0, 1, 31, 33, 64])]])
  const name = (): string => rng.weighted([[3, `app-${rng.string(4)}`], [2, hostileString(rng, 64)], [1, rng.pick(['.', '..', '.hidden', '-dash', 'a/b', 'a\\b', 'x'.repeat(65)])]])
  return {
    name: name(),
    version: rng.bool(0.5) ? `${rng.int(10)}.${rng.int(10)}.${rng.int(10)}` : name(),
    size,
    chunkSize,
    chunkHashes: Array.from({ length: Math.min(hashCount, MAX_CHUNKS + 1) }, () => rng.bytes(hashLength())),
    packageHash: rng.bytes(hashLength()),
    publisher: rng.weighted<() => Uint8Array<ArrayBuffer>>([
      [12, () => publicKeyToProtobuf(keys.publisher.publicKey) as Uint8Array<ArrayBuffer>],
      [1, () => publicKeyToProtobuf(keys.secp256k1.publicKey) as Uint8Array<ArrayBuffer>],
      [1, () => rng.bytes(rng.range(0, 40))],
      [1, () => new Uint8Array(0)]
    ])(),
    fileName: rng.weighted([[5, 'app.tar.gz'], [2, hostileString(rng, 255)], [2, rng.pick(['', '.', '..', 'a/b', '/etc/passwd', 'a\\b', 'a\0b', 'é'.repeat(128), 'é'.repeat(127), 'x'.repeat(255), 'x'.repeat(256), ' '])]]),
    createdAt: rng.weighted([[8, FIXED_TIME], [1, rng.pick([0, 2 ** 53, 2 ** 64 - 1])]]),
    rollback: rng.bool(0.1)
  }
}

/** The bounds manifest.ts documents, written again independently. */
function expectedRefusal (bytes: Uint8Array, signature: Uint8Array, signedBy: PrivateKey | undefined): string | undefined {
  if (bytes.byteLength > MAX_MANIFEST_BYTES) {
    return 'too big'
  }
  let m: Manifest
  try {
    m = Manifest.decode(bytes)
  } catch {
    return 'undecodable'
  }
  let key
  try {
    key = publicKeyFromProtobuf(m.publisher)
  } catch {
    return 'publisher key'
  }
  if (key.type !== 'Ed25519' || signedBy == null || !key.equals(signedBy.publicKey) || signature.byteLength !== SIGNATURE_BYTES) {
    return 'signature'
  }
  if (!NAME_PATTERN.test(m.name) || !NAME_PATTERN.test(m.version)) {
    return 'name or version'
  }
  const fileBytes = Buffer.byteLength(m.fileName)
  if (fileBytes === 0 || fileBytes > MAX_FILE_NAME_BYTES || m.fileName === '.' || m.fileName === '..' || /[/\\\0]/.test(m.fileName)) {
    return 'file name'
  }
  if (!Number.isSafeInteger(m.size) || m.size <= 0 || m.size > DEFAULT_MAX_PACKAGE_BYTES) {
    return 'size'
  }
  if (m.chunkSize < MIN_CHUNK_SIZE || m.chunkSize > MAX_CHUNK_SIZE) {
    return 'chunk size'
  }
  const count = Math.ceil(m.size / m.chunkSize)
  if (count > MAX_CHUNKS || m.chunkHashes.length !== count) {
    return 'chunk count'
  }
  if (m.chunkHashes.some(h => h.byteLength !== HASH_BYTES) || m.packageHash.byteLength !== HASH_BYTES) {
    return 'hash length'
  }
  if (!Number.isSafeInteger(m.createdAt) || m.createdAt < 0) {
    return 'created at'
  }
  return undefined
}

export async function checkSignedManifest (ctx: TargetContext, signed: Uint8Array, signedBy: PrivateKey | undefined, iteration: number): Promise<void> {
  ctx.stats.input(TARGET)
  let expected: string | undefined = 'undecodable'
  let outer: SignedManifest | undefined
  try {
    outer = SignedManifest.decode(signed)
  } catch {}
  if (outer != null && signed.byteLength <= MAX_MANIFEST_BYTES) {
    expected = expectedRefusal(outer.manifest, outer.signature, signedBy)
  }
  const fail = (kind: 'crash' | 'invariant', message: string): void => { ctx.stats.fail({ target: TARGET, kind, message, input: hex(signed), iteration }) }
  let verified
  try {
    verified = await decodeSignedManifest(signed)
  } catch (err: any) {
    ctx.stats.outcome(TARGET, errorName(err))
    if (err?.name !== 'InvalidManifestError') {
      fail('crash', `decodeSignedManifest threw ${errorName(err)}: ${err?.message}`)
    } else if (expected == null) {
      fail('invariant', `a valid manifest was refused: ${err.message}`)
    }
    return
  }
  ctx.stats.outcome(TARGET, 'accepted')
  if (expected != null) {
    fail('invariant', `accepted a manifest that breaks the rules (${expected})`)
  }
  const { fields } = verified
  if (fields.size > DEFAULT_MAX_PACKAGE_BYTES || verified.chunkCount > MAX_CHUNKS || fields.chunkHashes.length !== verified.chunkCount) {
    fail('invariant', `accepted manifest breaks its bounds: size ${fields.size}, ${verified.chunkCount} chunks, ${fields.chunkHashes.length} hashes`)
  }
}

export const manifestValidatorTarget: FuzzTarget = {
  name: 'validate-manifest',
  weight: 5,
  async run (ctx: TargetContext, iterations: number): Promise<void> {
    const rng = ctx.rng
    const keys: Keys = { publisher: ctx.fx.publisher, other: ctx.fx.keys[0], secp256k1: privateKeyFromRaw(rng.bytes(32)) }
    const valid = [ctx.fx.pkg.signedManifest]
    for (let i = 0; i < iterations; i++) {
      if (i % 32 === 0 && !await carryOn(ctx)) {
        break
      }
      if (rng.bool(0.15)) {
        // byte-level mutations of a valid signed manifest: the signature must catch every change
        const mutated = mutate(rng, rng.pick(valid), MAX_MANIFEST_BYTES + 1024)
        // the envelope may change harmlessly (unknown or repeated fields); the signed part may not
        let signedBy: PrivateKey | undefined
        try {
          const inner = SignedManifest.decode(mutated)
          if (equal(inner.manifest, ctx.fx.pkg.manifest.bytes) && equal(inner.signature, ctx.fx.pkg.manifest.signature)) {
            signedBy = keys.publisher
          }
        } catch {}
        await checkSignedManifest(ctx, mutated, signedBy, i)
        continue
      }
      const fields = hostileManifest(rng, keys)
      let bytes: Uint8Array<ArrayBuffer>
      try {
        bytes = Manifest.encode(fields)
      } catch (err) {
        ctx.stats.input(TARGET)
        ctx.stats.outcome(TARGET, `unencodable (${errorName(err)})`)
        continue
      }
      if (rng.bool(0.05)) {
        // signed padding: an unknown field that pushes the manifest past 1 MiB
        bytes = concat([bytes, ldField(99, new Uint8Array(MAX_MANIFEST_BYTES))])
      }
      const signer = rng.weighted([[10, keys.publisher], [1, keys.other], [1, keys.secp256k1]])
      let signature: Uint8Array<ArrayBuffer> = await signer.sign(rng.bool(0.95) ? concat([DOMAIN, bytes]) : bytes) as Uint8Array<ArrayBuffer>
      let signedBy: PrivateKey | undefined = signer
      if (rng.bool(0.05)) {
        signature = rng.bool() ? signature.slice(0, rng.int(signature.byteLength)) : concat([signature, rng.bytes(rng.range(1, 4))])
        signedBy = undefined
      }
      const domainless = signature.byteLength === SIGNATURE_BYTES && !(await signer.publicKey.verify(concat([DOMAIN, bytes]), signature))
      if (domainless) {
        signedBy = undefined
      }
      await checkSignedManifest(ctx, SignedManifest.encode({ manifest: bytes, signature }), signedBy, i)
    }
  }
}
