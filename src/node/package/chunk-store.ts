/**
 * The on-disk home of one package while it is received and relayed: the
 * package bytes in `package.bin` (sparse, written at each chunk's offset), a
 * bitmap with one bit per chunk, and the signed manifest they belong to.
 * Every chunk is checked against the manifest before a byte of it is written,
 * so whatever the store serves has been verified. The dir's files and how a
 * dir is claimed are in src/node/package/store-dir.ts; the one-pass check of a
 * whole local package file in src/node/package/verify-package-file.ts.
 */
import { EventEmitter } from 'node:events'
import { copyFile, link, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { logger } from '@libp2p/logger'
import { equals as uint8ArrayEquals } from 'uint8arrays/equals'
import { bitmapLength, clearBit, hasBit, setBit } from './bitmap.js'
import { ChunkIndexError, ChunkMissingError, ChunkVerificationError, StoreClosedError } from './errors.js'
import { readFully, stagingPath, writeFully } from './file-io.js'
import { hashFile, sha256 } from './hash.js'
import { BITMAP_FILE, PACKAGE_FILE, claimDir, openOrCreate, removeStagingFiles } from './store-dir.js'
import { verifyPackageFile } from './verify-package-file.js'
import { sha256Pieces, writePieces } from './pieces.js'
import { RecentChunks } from './recent-chunks.js'
import type { VerifiedManifest } from './manifest.js'
import type { FileHandle } from 'node:fs/promises'
import type { Uint8ArrayList } from 'uint8arraylist'

const log = logger('cascade:package')

/**
 * Longest a stored chunk's bit waits before the bitmap file is written: the
 * chunks a crash can make us fetch again are those of this interval (about
 * 50 at 250 MB/s in 256 KiB chunks).
 */
const BITMAP_FLUSH_MS = 50

export { BITMAP_FILE, MANIFEST_FILE, PACKAGE_FILE } from './store-dir.js'

export interface ChunkStoreEvents {
  chunk: [index: number]
  complete: []
}

interface Waiter {
  resolve(): void
  reject(err: Error): void
}

/** How {@link ChunkStore} treats the bitmap it finds when opening. */
type OpenMode =
  /** trust no bit: re-read and re-hash every chunk the bitmap marks present */
  | 'resume'
  /** package.bin was just verified whole: mark every chunk present */
  | 'complete'


function errorCode (err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException)?.code
}

export class ChunkStore extends EventEmitter<ChunkStoreEvents> {
  readonly dir: string
  readonly packagePath: string
  readonly manifest: VerifiedManifest
  readonly chunkCount: number
  readonly #data: FileHandle
  readonly #bitmapFile: FileHandle
  readonly #bits: Uint8Array
  #count = 0
  #bytesStored = 0
  #closed = false
  /** puts that are writing, by chunk index: a concurrent put of the same chunk waits for it */
  readonly #writing = new Map<number, Promise<void>>()
  readonly #waiters = new Map<number, Set<Waiter>>()
  /** the newest chunks stored or read, so each child of a relay does not cost a disk read */
  readonly #recent = new RecentChunks()
  /** bitmap writes run one after another, so an older byte value never lands after a newer one */
  #bitmapWrites: Promise<void> = Promise.resolve()
  /** bitmap bytes changed since the last write: [from, to], empty when to < from */
  #dirtyFrom = Infinity
  #dirtyTo = -1
  #flushTimer?: NodeJS.Timeout

  private constructor (dir: string, manifest: VerifiedManifest, data: FileHandle, bitmapFile: FileHandle, bits: Uint8Array) {
    super()
    this.dir = dir
    this.packagePath = join(dir, PACKAGE_FILE)
    this.manifest = manifest
    this.chunkCount = manifest.chunkCount
    this.#data = data
    this.#bitmapFile = bitmapFile
    this.#bits = bits
    for (let index = 0; index < this.chunkCount; index++) {
      if (this.has(index)) {
        this.#count++
        this.#bytesStored += this.chunkLength(index)
      }
    }
  }

  /**
   * Creates the store in `dir`, or resumes the one there. On resume every
   * chunk the bitmap marks present is read back and re-hashed, and its bit
   * cleared if it fails: a crash between a data write and its bitmap write,
   * or a change behind the store's back, never leaves a bad chunk marked good.
   */
  static async open (dir: string, manifest: VerifiedManifest): Promise<ChunkStore> {
    await claimDir(dir, manifest)
    await removeStagingFiles(dir)
    return ChunkStore.#open(dir, manifest, 'resume')
  }

  /**
   * A complete store from a local copy of the package (the host's buffer of
   * an uploaded package, or a relay that already has it): the file is
   * hard-linked into the dir (copied when that is impossible, e.g. across
   * file systems), verified chunk by chunk and whole, then every bit is set.
   */
  static async fromFile (dir: string, manifest: VerifiedManifest, sourcePath: string): Promise<ChunkStore> {
    await claimDir(dir, manifest)
    const packagePath = join(dir, PACKAGE_FILE)
    const staging = stagingPath(packagePath)
    try {
      try {
        await link(sourcePath, staging)
      } catch (err) {
        log.trace('cannot hard-link %s (%s), copying', sourcePath, errorCode(err))
        await copyFile(sourcePath, staging)
      }
      // verify what the store will serve, not the source, which could change in between
      await verifyPackageFile(staging, manifest)
      await rename(staging, packagePath)
    } catch (err) {
      await rm(staging, { force: true })
      throw err
    }
    return ChunkStore.#open(dir, manifest, 'complete')
  }

  static async #open (dir: string, manifest: VerifiedManifest, mode: OpenMode): Promise<ChunkStore> {
    const { size, chunkSize, chunkHashes } = manifest.fields
    const chunkCount = manifest.chunkCount
    const data = await openOrCreate(join(dir, PACKAGE_FILE))
    let bitmap: { handle: FileHandle, created: boolean } | undefined
    try {
      if ((await data.handle.stat()).size !== size) {
        // sparse: reserves no blocks until chunks are written
        await data.handle.truncate(size)
      }
      bitmap = await openOrCreate(join(dir, BITMAP_FILE))
      const length = bitmapLength(chunkCount)
      let bits = new Uint8Array(length)
      let rewrite = false
      if (mode === 'complete') {
        bits.fill(0xff)
        rewrite = true
      } else if (!data.created && !bitmap.created) {
        const found = new Uint8Array(length)
        const read = await readFully(bitmap.handle, found, 0)
        if (read === length && (await bitmap.handle.stat()).size === length) {
          bits = found
        } else {
          log('bitmap in %s has the wrong length, starting from an empty one', dir)
          rewrite = true
        }
      } else {
        // a new package.bin holds no chunk, whatever an old bitmap says
        rewrite = true
      }
      // bits past the last chunk mean nothing; keep them clear so counts stay exact
      const spareBits = length * 8 - chunkCount
      if (spareBits > 0) {
        const masked = bits[length - 1] & (0xff >> spareBits)
        rewrite ||= masked !== bits[length - 1]
        bits[length - 1] = masked
      }

      if (mode === 'resume') {
        const cleared = await ChunkStore.#reverify(data.handle, bits, chunkCount, size, chunkSize, chunkHashes)
        if (cleared.length > 0) {
          log('chunks %o in %s failed re-verification, they will be fetched again', cleared, dir)
          rewrite = true
        }
      }
      if (rewrite) {
        await bitmap.handle.truncate(length)
        await writeFully(bitmap.handle, bits, 0)
      }
      const store = new ChunkStore(dir, manifest, data.handle, bitmap.handle, bits)
      log('opened store %s for %s@%s: %d of %d chunks', dir, manifest.fields.name, manifest.fields.version, store.count, chunkCount)
      return store
    } catch (err) {
      await data.handle.close()
      await bitmap?.handle.close()
      throw err
    }
  }

  /** Re-hashes every chunk marked in `bits`, clearing the bits of those that fail; returns their indexes. */
  static async #reverify (data: FileHandle, bits: Uint8Array, chunkCount: number, size: number, chunkSize: number, chunkHashes: Uint8Array[]): Promise<number[]> {
    const cleared: number[] = []
    // one buffer for all chunks: memory does not grow with the package
    const buffer = new Uint8Array(chunkSize)
    for (let index = 0; index < chunkCount; index++) {
      if (!hasBit(bits, index)) {
        continue
      }
      const length = Math.min(chunkSize, size - index * chunkSize)
      const chunk = buffer.subarray(0, length)
      const read = await readFully(data, chunk, index * chunkSize)
      if (read !== length || !uint8ArrayEquals(sha256(chunk), chunkHashes[index])) {
        clearBit(bits, index)
        cleared.push(index)
      }
    }
    return cleared
  }

  has (index: number): boolean {
    return Number.isInteger(index) && index >= 0 && index < this.chunkCount &&
      hasBit(this.#bits, index)
  }

  /** Chunks present. */
  get count (): number {
    return this.#count
  }

  get complete (): boolean {
    return this.#count === this.chunkCount
  }

  /** Bytes of the chunks present. */
  get bytesStored (): number {
    return this.#bytesStored
  }

  /** The chunks held in each of `stripes` stripes (chunk i is in stripe i mod `stripes`). */
  countsPerStripe (stripes: number): number[] {
    const counts = new Array<number>(stripes).fill(0)
    for (let index = 0; index < this.chunkCount; index++) {
      if (this.has(index)) counts[index % stripes]++
    }
    return counts
  }

  /** Indexes of the chunks not present yet, ascending. */
  missing (): number[] {
    const missing: number[] = []
    for (let index = 0; index < this.chunkCount; index++) {
      if (!this.has(index)) {
        missing.push(index)
      }
    }
    return missing
  }

  /** A copy of the bitmap, for telling a sender which chunks we already hold. */
  bitmap (): Uint8Array {
    return this.#bits.slice()
  }

  /** Every chunk is `chunkSize` long except the last, which holds the rest. */
  chunkLength (index: number): number {
    this.#assertIndex(index)
    const { size, chunkSize } = this.manifest.fields
    return Math.min(chunkSize, size - index * chunkSize)
  }

  /**
   * Verifies `data` against the manifest, then writes it at its offset and
   * records it. Throws {@link ChunkVerificationError}, writing nothing, when
   * the length or SHA-256 is wrong, even for a chunk already held.
   */
  async put (index: number, data: Uint8Array | Uint8ArrayList): Promise<'stored' | 'duplicate'> {
    this.#assertOpen()
    const expectedLength = this.chunkLength(index)
    if (data.byteLength !== expectedLength) {
      throw new ChunkVerificationError(index, `chunk ${index} is ${data.byteLength} bytes, the manifest says ${expectedLength}`)
    }
    if (!uint8ArrayEquals(sha256Pieces(data), this.manifest.fields.chunkHashes[index])) {
      throw new ChunkVerificationError(index, `chunk ${index} does not match its SHA-256 in the manifest`)
    }
    for (;;) {
      if (this.has(index)) {
        return 'duplicate'
      }
      const writing = this.#writing.get(index)
      if (writing == null) {
        break
      }
      // the same chunk is being written: it is a duplicate once that succeeds, ours to write if it failed
      await writing.catch(() => {})
    }
    this.#assertOpen()
    const writing = this.#store(index, data)
    this.#writing.set(index, writing)
    try {
      await writing
    } finally {
      this.#writing.delete(index)
    }
    return 'stored'
  }

  async #store (index: number, data: Uint8Array | Uint8ArrayList): Promise<void> {
    await writePieces(this.#data, data, index * this.manifest.fields.chunkSize)
    this.#recent.add(index, data)
    setBit(this.#bits, index)
    this.#count++
    this.#bytesStored += data.byteLength
    for (const waiter of this.#waiters.get(index) ?? []) {
      waiter.resolve()
    }
    // no fsync: a bit that outlives its data is caught by re-verification on open
    this.#bitmapChanged(index >> 3)
    this.emit('chunk', index)
    if (this.complete) {
      log('store %s complete (%d chunks)', this.dir, this.chunkCount)
      await this.#flushBitmap()
      this.emit('complete')
    }
  }

  /**
   * Bits reach the bitmap file after their data, in one write per
   * BITMAP_FLUSH_MS rather than one per chunk (a system call per chunk was as
   * much CPU as the chunk's own write; docs/benchmarks.md, "CPU per MiB"). A
   * crash loses at most the bits of that interval: those chunks are fetched
   * again, never trusted unverified.
   */
  #bitmapChanged (byteIndex: number): void {
    this.#dirtyFrom = Math.min(this.#dirtyFrom, byteIndex)
    this.#dirtyTo = Math.max(this.#dirtyTo, byteIndex)
    if (this.#flushTimer == null) {
      this.#flushTimer = setTimeout(() => { void this.#flushBitmap() }, BITMAP_FLUSH_MS)
      this.#flushTimer.unref()
    }
  }

  async #flushBitmap (): Promise<void> {
    clearTimeout(this.#flushTimer)
    this.#flushTimer = undefined
    if (this.#dirtyTo < this.#dirtyFrom) {
      return this.#bitmapWrites
    }
    const from = this.#dirtyFrom
    const to = this.#dirtyTo
    this.#dirtyFrom = Infinity
    this.#dirtyTo = -1
    const write = this.#bitmapWrites.then(async () => {
      // the bytes' values when this write runs, which include every bit set so far
      await writeFully(this.#bitmapFile, this.#bits.slice(from, to + 1), from)
    })
    // a lost bitmap write only makes those chunks be fetched again
    this.#bitmapWrites = write.catch((err) => { log('bitmap write in %s failed: %e', this.dir, err) })
    return this.#bitmapWrites
  }

  /** A held chunk: from memory when it is among the newest, else read back from disk. Callers must not modify it. */
  async get (index: number): Promise<Uint8Array> {
    this.#assertOpen()
    if (!this.has(index)) {
      this.#assertIndex(index)
      throw new ChunkMissingError(index)
    }
    const recent = this.#recent.get(index)
    if (recent != null) return recent
    const chunk = new Uint8Array(this.chunkLength(index))
    const read = await readFully(this.#data, chunk, index * this.manifest.fields.chunkSize)
    if (read !== chunk.byteLength) {
      throw new ChunkMissingError(index)
    }
    this.#recent.add(index, chunk)
    return chunk
  }

  /** Resolves once chunk `index` is held; rejects on abort or when the store closes. */
  async waitFor (index: number, signal?: AbortSignal): Promise<void> {
    this.#assertIndex(index)
    if (this.has(index)) {
      return
    }
    this.#assertOpen()
    signal?.throwIfAborted()
    await new Promise<void>((resolve, reject) => {
      let waiters = this.#waiters.get(index)
      if (waiters == null) {
        waiters = new Set()
        this.#waiters.set(index, waiters)
      }
      const onAbort = (): void => {
        waiter.reject(signal?.reason)
      }
      const settle = (): void => {
        waiters.delete(waiter)
        if (waiters.size === 0) {
          this.#waiters.delete(index)
        }
        signal?.removeEventListener('abort', onAbort)
      }
      const waiter: Waiter = {
        resolve: () => { settle(); resolve() },
        reject: (err) => { settle(); reject(err) }
      }
      waiters.add(waiter)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  /** Streams package.bin once and compares its SHA-256 with the manifest's package hash. */
  async verifyWhole (): Promise<boolean> {
    this.#assertOpen()
    const digest = await hashFile(this.packagePath)
    return digest.bytes === this.manifest.fields.size &&
      uint8ArrayEquals(digest.hash, this.manifest.fields.packageHash)
  }

  /** Lets writes in flight finish, rejects waiters, closes the files. Idempotent. */
  async close (): Promise<void> {
    if (this.#closed) {
      return
    }
    this.#closed = true
    this.#recent.clear()
    const closed = new StoreClosedError(`store ${this.dir} is closed`)
    for (const waiters of [...this.#waiters.values()]) {
      for (const waiter of [...waiters]) {
        waiter.reject(closed)
      }
    }
    await Promise.allSettled(this.#writing.values())
    await this.#flushBitmap()
    await this.#data.close()
    await this.#bitmapFile.close()
  }

  #assertOpen (): void {
    if (this.#closed) {
      throw new StoreClosedError(`store ${this.dir} is closed`)
    }
  }

  #assertIndex (index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.chunkCount) {
      throw new ChunkIndexError(index, this.chunkCount)
    }
  }
}
