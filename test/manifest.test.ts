import assert from 'node:assert/strict'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { generateKeyPair, publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPublicKey } from '@libp2p/peer-id'
import { concat as uint8ArrayConcat } from 'uint8arrays/concat'
import { fromString as uint8ArrayFromString } from 'uint8arrays/from-string'
import {
  DEFAULT_CHUNK_SIZE,
  InvalidManifestError,
  MAX_CHUNKS,
  MAX_MANIFEST_BYTES,
  WIRE_CHUNK_UNIT,
  buildManifest,
  chooseChunkSize,
  compareVersions,
  decodeSignedManifest,
  encodeSignedManifest,
  signManifest,
  verifyManifest
} from '../src/node/package/index.js'
import { MANIFEST_SIGNATURE_DOMAIN, Manifest } from '../src/protocols/manifest/index.js'
import { CHUNK, CHUNK_COUNT, SIZE, dir, key, packagePath, usePackageFixture } from './package-fixtures.js'
import type { PrivateKey } from '@libp2p/interface'

async function assertInvalid (promise: Promise<unknown>, reason: RegExp): Promise<void> {
  await assert.rejects(promise, (err: any) => {
    assert.equal(err.name, 'InvalidManifestError')
    assert.ok(err instanceof InvalidManifestError)
    assert.match(err.message, reason)
    return true
  })
}

/** Encodes any fields (valid or not) and signs them as a publisher would. */
async function craft (key: PrivateKey, fields: Partial<Manifest>): Promise<{ bytes: Uint8Array, signature: Uint8Array }> {
  const base: Manifest = {
    name: 'app',
    version: '1.0.0',
    size: CHUNK,
    chunkSize: CHUNK,
    chunkHashes: [new Uint8Array(32)],
    packageHash: new Uint8Array(32),
    publisher: publicKeyToProtobuf(key.publicKey) as Uint8Array<ArrayBuffer>,
    fileName: 'app.tar',
    createdAt: 1,
    rollback: false
  }
  const bytes = Manifest.encode({ ...base, ...fields })
  const signature = await key.sign(uint8ArrayConcat([uint8ArrayFromString(MANIFEST_SIGNATURE_DOMAIN), bytes]))
  return { bytes, signature }
}

describe('package manifest', () => {
  usePackageFixture('app-1.2.3.tar')

  it('builds, signs and verifies a manifest', async () => {
    const fields = await buildManifest(packagePath, { name: 'app', version: '1.2.3', chunkSize: CHUNK })
    assert.equal(fields.size, SIZE)
    assert.equal(fields.chunkSize, CHUNK)
    assert.equal(fields.fileName, 'app-1.2.3.tar')
    assert.equal(fields.rollback, false)
    assert.equal(fields.chunkHashes.length, CHUNK_COUNT)

    const signed = await signManifest(fields, key)
    assert.equal(signed.chunkCount, CHUNK_COUNT)
    assert.equal(signed.publisher, peerIdFromPublicKey(key.publicKey).toString())
    assert.match(signed.id, /^[0-9a-f]{64}$/)

    const verified = await verifyManifest(signed.bytes, signed.signature)
    assert.equal(verified.id, signed.id)
    assert.deepEqual(verified.fields, fields)

    const decoded = await decodeSignedManifest(encodeSignedManifest(signed))
    assert.equal(decoded.id, signed.id)
    assert.deepEqual(decoded.fields, fields)
  })

  it('defaults to 64-256 KiB chunks (nominal, cut to whole Noise messages) by size and grows them to stay within MAX_CHUNKS', async () => {
    const fields = await buildManifest(packagePath, { name: 'app', version: '1.2.3', rollback: true })
    assert.equal(fields.chunkSize, WIRE_CHUNK_UNIT)
    assert.equal(fields.chunkHashes.length, 1)
    assert.equal(fields.rollback, true)
    assert.equal(WIRE_CHUNK_UNIT, 64 * 1024 - 64)
    assert.equal(chooseChunkSize(16 * 1024 ** 2), WIRE_CHUNK_UNIT)
    assert.equal(chooseChunkSize(16 * 1024 ** 2 + 1), 2 * WIRE_CHUNK_UNIT)
    assert.equal(chooseChunkSize(64 * 1024 ** 2), 4 * WIRE_CHUNK_UNIT)
    assert.equal(chooseChunkSize(1024 ** 3), 4 * WIRE_CHUNK_UNIT)
    assert.equal(chooseChunkSize(MAX_CHUNKS * 4 * WIRE_CHUNK_UNIT), 4 * WIRE_CHUNK_UNIT)
    assert.equal(chooseChunkSize(MAX_CHUNKS * 4 * WIRE_CHUNK_UNIT + 1), 8 * WIRE_CHUNK_UNIT)
    assert.equal(chooseChunkSize(64 * 1024 ** 3), 128 * WIRE_CHUNK_UNIT)
    assert.equal(DEFAULT_CHUNK_SIZE, 4 * 64 * 1024)
  })

  it('refuses to build a manifest for an empty file or a bad version', async () => {
    const empty = join(dir, 'empty.bin')
    await writeFile(empty, new Uint8Array(0))
    await assertInvalid(buildManifest(empty, { name: 'app', version: '1' }), /size 0/)
    await assertInvalid(buildManifest(packagePath, { name: 'app', version: '../1' }), /version/)
  })

  it('refuses a tampered manifest', async () => {
    const signed = await signManifest(await buildManifest(packagePath, { name: 'app', version: '1.2.3', chunkSize: CHUNK }), key)
    const tampered = signed.bytes.slice()
    // flip a bit inside a chunk hash: still decodes, no longer matches the signature
    const hashAt = Buffer.from(tampered).indexOf(Buffer.from(signed.fields.chunkHashes[2]))
    assert.ok(hashAt > 0)
    tampered[hashAt + 5] ^= 1
    await assertInvalid(verifyManifest(tampered, signed.signature), /signature/)
  })

  it('refuses a signature by another key', async () => {
    const other = await generateKeyPair('Ed25519')
    const { bytes } = await craft(key, {})
    const { signature } = await craft(other, { publisher: publicKeyToProtobuf(key.publicKey) as Uint8Array<ArrayBuffer> })
    await assertInvalid(verifyManifest(bytes, signature), /signature/)
  })

  it('refuses a signature made without the domain tag', async () => {
    const { bytes, signature } = await craft(key, {})
    await verifyManifest(bytes, signature)
    const untagged = await key.sign(bytes)
    await assertInvalid(verifyManifest(bytes, untagged), /signature/)
  })

  it('refuses a publisher key that is not Ed25519', async () => {
    const secp = await generateKeyPair('secp256k1')
    const { bytes, signature } = await craft(secp, {})
    await assertInvalid(verifyManifest(bytes, signature), /Ed25519/)
    const garbage = await craft(key, { publisher: new Uint8Array([1, 2, 3]) })
    await assertInvalid(verifyManifest(garbage.bytes, garbage.signature), /publisher key/)
  })

  it('refuses a 1 TB size claim and honours a lower limit', async () => {
    const huge = await craft(key, { size: 1e12, chunkSize: 16 * 1024 * 1024 })
    await assertInvalid(verifyManifest(huge.bytes, huge.signature), /size 1000000000000 exceeds/)
    const small = await craft(key, {})
    await assertInvalid(verifyManifest(small.bytes, small.signature, { maxPackageBytes: CHUNK - 1 }), /exceeds/)
  })

  it('refuses a chunk count that does not match size / chunk size', async () => {
    const { bytes, signature } = await craft(key, { size: CHUNK + 1 })
    await assertInvalid(verifyManifest(bytes, signature), /1 chunk hashes.*needs 2/)
  })

  it('refuses bad sizes, chunk sizes and hashes', async () => {
    const cases: Array<[Partial<Manifest>, RegExp]> = [
      [{ size: 0, chunkHashes: [] }, /size 0/],
      [{ chunkSize: 1024 }, /chunk size 1024 is outside/],
      [{ chunkSize: 32 * 1024 * 1024 }, /outside/],
      [{ chunkHashes: [new Uint8Array(31)] }, /chunk 0 is 31 bytes/],
      [{ packageHash: new Uint8Array(0) }, /package hash is 0 bytes/]
    ]
    for (const [fields, reason] of cases) {
      const { bytes, signature } = await craft(key, fields)
      await assertInvalid(verifyManifest(bytes, signature), reason)
    }
  })

  it('refuses bad names, versions and file names', async () => {
    const cases: Array<[Partial<Manifest>, RegExp]> = [
      [{ version: '1.0/../../etc' }, /version/],
      [{ version: '' }, /version/],
      [{ version: '..' }, /version/],
      [{ version: 'x'.repeat(65) }, /version/],
      [{ name: 'my app' }, /name/],
      [{ fileName: 'dir/app.tar' }, /file name/],
      [{ fileName: '..' }, /file name/],
      [{ fileName: '' }, /file name/],
      [{ fileName: 'a'.repeat(256) }, /file name/]
    ]
    for (const [fields, reason] of cases) {
      const { bytes, signature } = await craft(key, fields)
      await assertInvalid(verifyManifest(bytes, signature), reason)
    }
  })

  it('refuses undecodable and oversized input', async () => {
    await assertInvalid(verifyManifest(new Uint8Array([0xff, 0xff, 0xff]), new Uint8Array(64)), /cannot be decoded/)
    await assertInvalid(verifyManifest(new Uint8Array(MAX_MANIFEST_BYTES + 1), new Uint8Array(64)), /more than/)
    await assertInvalid(decodeSignedManifest(new Uint8Array([0x0a, 0xff])), /cannot be decoded/)
    await assertInvalid(decodeSignedManifest(new Uint8Array(MAX_MANIFEST_BYTES + 1)), /more than/)
    const { bytes } = await craft(key, {})
    await assertInvalid(verifyManifest(bytes, new Uint8Array(10)), /signature is 10 bytes/)
  })

  it('refuses more chunk hashes than MAX_CHUNKS at decode time', async () => {
    const { bytes, signature } = await craft(key, {
      size: (MAX_CHUNKS + 1) * CHUNK,
      chunkHashes: Array.from({ length: MAX_CHUNKS + 1 }, () => new Uint8Array(32))
    })
    await assertInvalid(verifyManifest(bytes, signature), /cannot be decoded/)
  })
})

describe('compareVersions', () => {
  it('orders versions semver-like', () => {
    const ascending = ['0.9', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-rc1', '1.0.0-rc9', '1.0.0-rc10', '1.0.0', '1.0.1', '1.9.9', '1.10.0', '2.0.0-rc1', '2.0.0', 'v9', 'v10']
    for (let i = 0; i < ascending.length; i++) {
      for (let j = 0; j < ascending.length; j++) {
        assert.equal(Math.sign(compareVersions(ascending[i], ascending[j])), Math.sign(i - j), `${ascending[i]} vs ${ascending[j]}`)
      }
    }
  })

  it('treats equivalent spellings as equal', () => {
    assert.equal(compareVersions('v1.2.3', '1.2.3'), 0)
    assert.equal(compareVersions('1.2', '1.2.0'), 0)
    assert.equal(compareVersions('1.2.3+build5', '1.2.3'), 0)
    assert.equal(compareVersions('01.2', '1.2'), 0)
    assert.ok(compareVersions('99999999999999999999999.0', '99999999999999999999998.0') > 0)
  })
})
