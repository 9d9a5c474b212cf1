import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { open, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { generateKeyPair, publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPublicKey } from '@libp2p/peer-id'
import { concat as uint8ArrayConcat } from 'uint8arrays/concat'
import { fromString as uint8ArrayFromString } from 'uint8arrays/from-string'
import {
  BITMAP_FILE,
  ChunkIndexError,
  ChunkMissingError,
  ChunkStore,
  ChunkVerificationError,
  DEFAULT_CHUNK_SIZE,
  InvalidManifestError,
  MANIFEST_FILE,
  MAX_CHUNKS,
  MAX_MANIFEST_BYTES,
  PACKAGE_FILE,
  StoreClosedError,
  StoreManifestMismatchError,
  buildManifest,
  chooseChunkSize,
  compareVersions,
  decodeSignedManifest,
  encodeSignedManifest,
  signManifest,
  storeFromFile,
  verifyManifest
} from '../src/node/package/index.js'
import { MANIFEST_SIGNATURE_DOMAIN, MIN_CHUNK_SIZE, Manifest } from '../src/protocols/manifest/index.js'
import { cleanup, tempDir } from './helpers.js'
import type { ManifestFields, VerifiedManifest } from '../src/node/package/index.js'
import type { PrivateKey } from '@libp2p/interface'

const CHUNK = MIN_CHUNK_SIZE
/** Five full chunks and a short sixth. */
const SIZE = CHUNK * 5 + 123
const CHUNK_COUNT = 6

function chunkOf (data: Uint8Array, index: number): Uint8Array {
  return data.subarray(index * CHUNK, Math.min(data.byteLength, (index + 1) * CHUNK))
}

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
  let dir: string
  let key: PrivateKey
  let packagePath: string
  let content: Uint8Array

  before(async () => {
    dir = await tempDir()
    key = await generateKeyPair('Ed25519')
    packagePath = join(dir, 'app-1.2.3.tar')
    content = new Uint8Array(randomBytes(SIZE))
    await writeFile(packagePath, content)
  })

  after(async () => {
    await cleanup(dir)
  })

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

  it('defaults to 64-256 KiB chunks by size and grows them to stay within MAX_CHUNKS', async () => {
    const fields = await buildManifest(packagePath, { name: 'app', version: '1.2.3', rollback: true })
    assert.equal(fields.chunkSize, 64 * 1024)
    assert.equal(fields.chunkHashes.length, 1)
    assert.equal(chooseChunkSize(16 * 1024 ** 2), 64 * 1024)
    assert.equal(chooseChunkSize(16 * 1024 ** 2 + 1), 128 * 1024)
    assert.equal(chooseChunkSize(64 * 1024 ** 2), DEFAULT_CHUNK_SIZE)
    assert.equal(fields.rollback, true)
    assert.equal(chooseChunkSize(1024 ** 3), DEFAULT_CHUNK_SIZE)
    assert.equal(chooseChunkSize(MAX_CHUNKS * DEFAULT_CHUNK_SIZE), DEFAULT_CHUNK_SIZE)
    assert.equal(chooseChunkSize(MAX_CHUNKS * DEFAULT_CHUNK_SIZE + 1), 2 * DEFAULT_CHUNK_SIZE)
    assert.equal(chooseChunkSize(64 * 1024 ** 3), 4 * 1024 * 1024)
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

describe('chunk store', () => {
  let dir: string
  let key: PrivateKey
  let packagePath: string
  let content: Uint8Array
  let manifest: VerifiedManifest
  let fields: ManifestFields

  before(async () => {
    dir = await tempDir()
    key = await generateKeyPair('Ed25519')
    packagePath = join(dir, 'app.tar')
    content = new Uint8Array(randomBytes(SIZE))
    await writeFile(packagePath, content)
    fields = await buildManifest(packagePath, { name: 'app', version: '1.0.0', chunkSize: CHUNK })
    manifest = await signManifest(fields, key)
  })

  after(async () => {
    await cleanup(dir)
  })

  let storeCount = 0
  function storeDir (): string {
    return join(dir, `store-${storeCount++}`)
  }

  async function corruptOnDisk (path: string, position: number): Promise<void> {
    const handle = await open(path, 'r+')
    await handle.write(new Uint8Array([0xde, 0xad]), 0, 2, position)
    await handle.close()
  }

  it('stores chunks in any order, serves them back and completes', async () => {
    const store = await ChunkStore.open(storeDir(), manifest)
    assert.equal(store.chunkCount, CHUNK_COUNT)
    assert.equal(store.count, 0)
    assert.deepEqual(store.missing(), [0, 1, 2, 3, 4, 5])
    assert.equal(store.chunkLength(0), CHUNK)
    assert.equal(store.chunkLength(5), 123)
    assert.equal((await stat(store.packagePath)).size, SIZE)

    const stored: number[] = []
    store.on('chunk', index => stored.push(index))
    const completed = once(store, 'complete')
    for (const index of [5, 0, 3]) {
      assert.equal(await store.put(index, chunkOf(content, index)), 'stored')
    }
    assert.deepEqual(stored, [5, 0, 3])
    assert.deepEqual(store.missing(), [1, 2, 4])
    assert.deepEqual(store.bitmap(), new Uint8Array([0b101001]))
    assert.equal(store.bytesStored, 2 * CHUNK + 123)
    assert.equal(store.complete, false)
    assert.deepEqual(await store.get(5), chunkOf(content, 5))

    // the rest concurrently
    assert.deepEqual(await Promise.all([1, 2, 4].map(async index => store.put(index, chunkOf(content, index)))), ['stored', 'stored', 'stored'])
    await completed
    assert.equal(store.complete, true)
    assert.equal(store.bytesStored, SIZE)
    for (let index = 0; index < CHUNK_COUNT; index++) {
      assert.deepEqual(await store.get(index), chunkOf(content, index))
    }
    assert.equal(await store.verifyWhole(), true)
    assert.deepEqual(new Uint8Array(await readFile(store.packagePath)), content)
    await store.close()

    const decoded = await decodeSignedManifest(await readFile(join(store.dir, MANIFEST_FILE)))
    assert.equal(decoded.id, manifest.id)
  })

  it('refuses a tampered or wrong-length chunk and writes nothing', async () => {
    const store = await ChunkStore.open(storeDir(), manifest)
    const tampered = chunkOf(content, 2).slice()
    tampered[100] ^= 0xff
    await assert.rejects(store.put(2, tampered), (err: any) => {
      assert.ok(err instanceof ChunkVerificationError)
      assert.equal(err.name, 'ChunkVerificationError')
      assert.equal(err.index, 2)
      return true
    })
    await assert.rejects(store.put(5, chunkOf(content, 4)), ChunkVerificationError)
    assert.equal(store.has(2), false)
    assert.equal(store.count, 0)
    await assert.rejects(store.get(2), ChunkMissingError)
    await store.close()
    const onDisk = await readFile(join(store.dir, PACKAGE_FILE))
    assert.ok(onDisk.subarray(2 * CHUNK, 3 * CHUNK).every(byte => byte === 0))
    assert.deepEqual(new Uint8Array(await readFile(join(store.dir, BITMAP_FILE))), new Uint8Array(1))
  })

  it('reports duplicates, even when the same chunk arrives twice at once', async () => {
    const store = await ChunkStore.open(storeDir(), manifest)
    const results = await Promise.all([store.put(1, chunkOf(content, 1)), store.put(1, chunkOf(content, 1))])
    assert.deepEqual(results.sort(), ['duplicate', 'stored'])
    assert.equal(await store.put(1, chunkOf(content, 1)), 'duplicate')
    assert.equal(store.count, 1)
    // a corrupt copy of a held chunk is still refused, not waved through as a duplicate
    await assert.rejects(store.put(1, new Uint8Array(CHUNK)), ChunkVerificationError)
    await store.close()
  })

  it('refuses chunk indexes out of range', async () => {
    const store = await ChunkStore.open(storeDir(), manifest)
    for (const index of [-1, CHUNK_COUNT, 1.5, Number.NaN]) {
      await assert.rejects(store.put(index, chunkOf(content, 0)), (err: any) => {
        assert.ok(err instanceof ChunkIndexError)
        assert.ok(err instanceof RangeError)
        assert.equal(err.name, 'ChunkIndexError')
        return true
      })
      await assert.rejects(store.get(index), ChunkIndexError)
      await assert.rejects(store.waitFor(index), ChunkIndexError)
    }
    await store.close()
  })

  it('resumes after a restart with the chunks it had', async () => {
    const path = storeDir()
    const first = await ChunkStore.open(path, manifest)
    await Promise.all([0, 2, 5].map(async index => first.put(index, chunkOf(content, index))))
    await first.close()
    await assert.rejects(first.put(1, chunkOf(content, 1)), StoreClosedError)

    const second = await ChunkStore.open(path, manifest)
    assert.deepEqual(second.missing(), [1, 3, 4])
    assert.equal(second.count, 3)
    assert.equal(second.bytesStored, 2 * CHUNK + 123)
    assert.deepEqual(await second.get(2), chunkOf(content, 2))
    for (const index of second.missing()) {
      await second.put(index, chunkOf(content, index))
    }
    assert.equal(second.complete, true)
    assert.equal(await second.verifyWhole(), true)
    await second.close()
  })

  it('clears the bit of a chunk that no longer verifies on disk', async () => {
    const path = storeDir()
    const first = await ChunkStore.open(path, manifest)
    for (const index of [0, 1, 2]) {
      await first.put(index, chunkOf(content, index))
    }
    await first.close()
    // changed behind the store's back
    await corruptOnDisk(join(path, PACKAGE_FILE), CHUNK + 10)
    // a crash after the bitmap write but before the data landed: bit 4 set, no data
    await writeFile(join(path, BITMAP_FILE), new Uint8Array([0b10111]))

    const second = await ChunkStore.open(path, manifest)
    assert.deepEqual(second.missing(), [1, 3, 4, 5])
    assert.equal(second.has(0), true)
    assert.equal(second.has(1), false)
    assert.equal(second.has(4), false)
    await second.close()
    // the cleared bits were persisted
    assert.deepEqual(new Uint8Array(await readFile(join(path, BITMAP_FILE))), new Uint8Array([0b101]))
  })

  it('waits for a chunk, and stops waiting on abort or close', async () => {
    const store = await ChunkStore.open(storeDir(), manifest)
    let arrived = false
    const waiting = store.waitFor(3).then(() => { arrived = true })
    await new Promise(resolve => setImmediate(resolve))
    assert.equal(arrived, false)
    await store.put(3, chunkOf(content, 3))
    await waiting
    assert.equal(arrived, true)
    await store.waitFor(3)

    const controller = new AbortController()
    const aborted = assert.rejects(store.waitFor(4, controller.signal), /gave up/)
    controller.abort(new Error('gave up'))
    await aborted

    const closing = assert.rejects(store.waitFor(4), StoreClosedError)
    await store.close()
    await closing
  })

  it('detects a whole package that does not match', async () => {
    const store = await ChunkStore.open(storeDir(), manifest)
    for (let index = 0; index < CHUNK_COUNT; index++) {
      await store.put(index, chunkOf(content, index))
    }
    assert.equal(await store.verifyWhole(), true)
    await corruptOnDisk(store.packagePath, 3 * CHUNK)
    assert.equal(await store.verifyWhole(), false)
    await store.close()
  })

  it('refuses a dir that holds another package', async () => {
    const path = storeDir()
    await (await ChunkStore.open(path, manifest)).close()
    const other = await signManifest({ ...fields, version: '1.0.1' }, key)
    await assert.rejects(ChunkStore.open(path, other), StoreManifestMismatchError)
  })

  it('makes a complete store from a local file', async () => {
    const store = await storeFromFile(storeDir(), manifest, packagePath)
    assert.equal(store.complete, true)
    assert.equal(store.count, CHUNK_COUNT)
    assert.deepEqual(store.missing(), [])
    assert.deepEqual(store.bitmap(), new Uint8Array([0b111111]))
    assert.equal(await store.verifyWhole(), true)
    assert.deepEqual(await store.get(5), chunkOf(content, 5))
    assert.equal(await store.put(0, chunkOf(content, 0)), 'duplicate')
    await store.close()

    // and it resumes as complete
    const reopened = await ChunkStore.open(store.dir, manifest)
    assert.equal(reopened.complete, true)
    await reopened.close()
  })

  it('refuses to make a store from a file that does not match', async () => {
    const wrong = join(dir, 'wrong.tar')
    const altered = content.slice()
    altered[4 * CHUNK + 7] ^= 1
    await writeFile(wrong, altered)
    const path = storeDir()
    await assert.rejects(storeFromFile(path, manifest, wrong), (err: any) => {
      assert.ok(err instanceof ChunkVerificationError)
      assert.equal(err.index, 4)
      return true
    })
    await writeFile(wrong, content.subarray(0, SIZE - 1))
    await assert.rejects(storeFromFile(path, manifest, wrong), /manifest says/)
    // nothing half-made is left behind
    assert.deepEqual((await readdir(path)).sort(), [MANIFEST_FILE])
  })
})
