/**
 * The on-disk layout of a package dir (src/node/package/chunk-store.ts keeps
 * one package there): its files, claiming a dir for one manifest, and
 * clearing what a crash left under staging names.
 */
import { mkdir, open, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { logger } from '@libp2p/logger'
import { equals as uint8ArrayEquals } from 'uint8arrays/equals'
import { StoreManifestMismatchError } from './errors.js'
import { STAGING_INFIX, writeFileAtomic } from './file-io.js'
import { sha256Hex } from './hash.js'
import { SignedManifest } from '../../protocols/manifest/index.js'
import { encodeSignedManifest } from './manifest.js'
import type { VerifiedManifest } from './manifest.js'
import type { FileHandle } from 'node:fs/promises'

const log = logger('cascade:package')

/** The package bytes, at their final offsets. */
export const PACKAGE_FILE = 'package.bin'

/** One bit per chunk (bit `i % 8` of byte `i >> 3`), set once the chunk is on disk. */
export const BITMAP_FILE = 'bitmap'

/** The signed manifest (encodeSignedManifest), naming what this dir holds. */
export const MANIFEST_FILE = 'manifest.bin'

/** Opens a file read/write, creating it when absent; says whether it was created. */
export async function openOrCreate (path: string): Promise<{ handle: FileHandle, created: boolean }> {
  try {
    return { handle: await open(path, 'r+'), created: false }
  } catch (err) {
    if ((err as NodeJS.ErrnoException)?.code !== 'ENOENT') {
      throw err
    }
    return { handle: await open(path, 'w+'), created: true }
  }
}

/**
 * Makes `dir` the home of `manifest`: writes manifest.bin when absent and
 * refuses a dir that already holds another package.
 */
export async function claimDir (dir: string, manifest: VerifiedManifest): Promise<void> {
  await mkdir(dir, { recursive: true })
  const path = join(dir, MANIFEST_FILE)
  const encoded = encodeSignedManifest(manifest)
  let existing: Uint8Array
  try {
    existing = await readFile(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException)?.code !== 'ENOENT') {
      throw err
    }
    await writeFileAtomic(path, encoded)
    return
  }
  if (uint8ArrayEquals(existing, encoded)) {
    return
  }
  let existingId: string | undefined
  try {
    existingId = sha256Hex(SignedManifest.decode(existing).manifest)
  } catch {
    // unreadable: nothing can depend on it, and every chunk is re-verified against `manifest` anyway
  }
  if (existingId != null && existingId !== manifest.id) {
    throw new StoreManifestMismatchError(`${dir} holds package ${existingId}, not ${manifest.id}`)
  }
  log('rewriting %s for manifest %s', path, manifest.id)
  await writeFileAtomic(path, encoded)
}

/** Removes files a crash left under staging names (they are incomplete by construction). */
export async function removeStagingFiles (dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (name.includes(STAGING_INFIX)) {
      await rm(join(dir, name), { force: true })
    }
  }
}
