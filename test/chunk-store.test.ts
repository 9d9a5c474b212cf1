import assert from 'node:assert/strict'
import { once } from 'node:events'
import { open, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Uint8ArrayList } from 'uint8arraylist'
import {
  BITMAP_FILE,
  ChunkIndexError,
  ChunkMissingError,
  ChunkStore,
  ChunkVerificationError,
  MANIFEST_FILE,
  PACKAGE_FILE,
  StoreClosedError,
  StoreManifestMismatchError,
  buildManifest,
  decodeSignedManifest,
  signManifest
} from '../src/node/package/index.js'
import { CHUNK, CHUNK_COUNT, SIZE, chunkOf, content, dir, key, packagePath, usePackageFixture } from './package-fixtures.js'
import type { ManifestFields, VerifiedManifest } from '../src/node/package/index.js'

describe('chunk store', () => {
  usePackageFixture('app.tar')
  let manifest: VerifiedManifest
  let fields: ManifestFields

  before(async () => {
    fields = await buildManifest(packagePath, { name: 'app', version: '1.0.0', chunkSize: CHUNK })
    manifest = await signManifest(fields, key)
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

  it('writes the bits of chunks stored close together to the bitmap file in one go, shortly after', async () => {
    const store = await ChunkStore.open(storeDir(), manifest)
    const bitmapPath = join(store.dir, BITMAP_FILE)
    await store.put(0, chunkOf(content, 0))
    await store.put(2, chunkOf(content, 2))
    // not yet written: the bits wait for the flush interval
    assert.deepEqual(new Uint8Array(await readFile(bitmapPath)), new Uint8Array(1))
    await new Promise(resolve => setTimeout(resolve, 200))
    assert.deepEqual(new Uint8Array(await readFile(bitmapPath)), new Uint8Array([0b101]))
    await store.put(4, chunkOf(content, 4))
    // closing writes what is pending
    await store.close()
    assert.deepEqual(new Uint8Array(await readFile(bitmapPath)), new Uint8Array([0b10101]))
  })

  it('takes a chunk still in the pieces it arrived in', async () => {
    const store = await ChunkStore.open(storeDir(), manifest)
    const chunk = chunkOf(content, 1)
    const pieces = new Uint8ArrayList(chunk.subarray(0, 10), chunk.subarray(10, 300), chunk.subarray(300))
    assert.equal(await store.put(1, pieces), 'stored')
    assert.deepEqual(await store.get(1), chunk)
    const tampered = new Uint8ArrayList(chunk.subarray(0, 10), new Uint8Array(chunk.byteLength - 10))
    await assert.rejects(store.put(2, tampered), ChunkVerificationError)
    await store.close()
  })

  it('serves a chunk it just stored or read from memory, not from disk', async () => {
    const store = await ChunkStore.open(storeDir(), manifest)
    await store.put(1, chunkOf(content, 1))
    // a disk that changes under the store does not reach a relay's children: they get the bytes that were verified
    await corruptOnDisk(store.packagePath, CHUNK + 10)
    assert.deepEqual(await store.get(1), chunkOf(content, 1))
    await store.close()

    // what the disk holds now fails the check when the store is opened again, which reads it back
    const reopened = await ChunkStore.open(store.dir, manifest)
    assert.equal(reopened.has(1), false)
    await assert.rejects(reopened.get(1), ChunkMissingError)
    await reopened.close()
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
    const store = await ChunkStore.fromFile(storeDir(), manifest, packagePath)
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
    await assert.rejects(ChunkStore.fromFile(path, manifest, wrong), (err: any) => {
      assert.ok(err instanceof ChunkVerificationError)
      assert.equal(err.index, 4)
      return true
    })
    await writeFile(wrong, content.subarray(0, SIZE - 1))
    await assert.rejects(ChunkStore.fromFile(path, manifest, wrong), /manifest says/)
    // nothing half-made is left behind
    assert.deepEqual((await readdir(path)).sort(), [MANIFEST_FILE])
  })
})
