/**
 * Shared set-up of the package tests (test/manifest.test.ts,
 * test/chunk-store.test.ts): a package file of random bytes, its chunks, and
 * a publisher key.
 */
import { randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { MIN_CHUNK_SIZE } from '../src/protocols/manifest/index.js'
import { cleanup, tempDir } from './helpers.js'
import type { PrivateKey } from '@libp2p/interface'

export const CHUNK = MIN_CHUNK_SIZE
/** Five full chunks and a short sixth. */
export const SIZE = CHUNK * 5 + 123
export const CHUNK_COUNT = 6

export function chunkOf (data: Uint8Array, index: number): Uint8Array {
  return data.subarray(index * CHUNK, Math.min(data.byteLength, (index + 1) * CHUNK))
}

/** A fresh temp dir of a describe that calls {@link usePackageFixture} (live bindings, as are the next three). */
export let dir: string
/** an Ed25519 publisher key */
export let key: PrivateKey
/** `dir/fileName`, holding `content` */
export let packagePath: string
/** SIZE random bytes */
export let content: Uint8Array

/** Registers hooks on the enclosing describe: before its tests, a temp dir with a package file of SIZE random bytes, and a publisher key; after them, the dir is removed. */
export function usePackageFixture (fileName: string): void {
  before(async () => {
    dir = await tempDir()
    key = await generateKeyPair('Ed25519')
    packagePath = join(dir, fileName)
    content = new Uint8Array(randomBytes(SIZE))
    await writeFile(packagePath, content)
  })

  after(async () => {
    await cleanup(dir)
  })
}
