import { mkdir, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { logger } from '@libp2p/logger'
import { writeFileAtomic } from './package/file-io.js'
import type { PrivateKey } from '@libp2p/interface'

const log = logger('cascade:identity')

/** Name of the key file inside a data dir. */
export const IDENTITY_FILE = 'identity.key'

/** Owner read/write only: the key is the peer's identity. */
const KEY_FILE_MODE = 0o600

export class InvalidKeyFileError extends Error {
  static override readonly name = 'InvalidKeyFileError'
  override readonly name = 'InvalidKeyFileError'
}

/** Reads an Ed25519 private key saved with {@link saveKey}. */
export async function loadKey (path: string): Promise<PrivateKey> {
  const bytes = await readFile(path)
  try {
    return privateKeyFromProtobuf(bytes)
  } catch (err: any) {
    throw new InvalidKeyFileError(`${path} is not a Cascade key file: ${err.message}`)
  }
}

/** Writes a key atomically and durably with mode 0600 (protobuf encoding, as libp2p does). */
export async function saveKey (path: string, key: PrivateKey): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  await writeFileAtomic(path, privateKeyToProtobuf(key), { mode: KEY_FILE_MODE })
}

/** {@link saveNewKey} found a file at the path: replacing it would lose that key. */
export class KeyFileExistsError extends Error {
  static override readonly name = 'KeyFileExistsError'
  override readonly name = 'KeyFileExistsError'
  readonly path: string

  constructor (path: string) {
    super(`${path} already exists`)
    this.path = path
  }
}

/**
 * Writes a key with mode 0600 only if nothing is at `path` yet (a hard link
 * of a complete temp file, which fails when the name is taken, so a key is
 * never half-written nor replaced). The parent directory must exist.
 */
export async function saveNewKey (path: string, key: PrivateKey): Promise<void> {
  try {
    await writeFileAtomic(path, privateKeyToProtobuf(key), { mode: KEY_FILE_MODE, exclusive: true })
  } catch (err: any) {
    throw err.code === 'EEXIST' ? new KeyFileExistsError(path) : err
  }
}

export async function generateKey (): Promise<PrivateKey> {
  return generateKeyPair('Ed25519')
}

/** The data dir's identity: created on first start, the same peer id ever after. */
export async function loadOrCreateIdentity (dataDir: string): Promise<PrivateKey> {
  const path = join(dataDir, IDENTITY_FILE)
  try {
    return await loadKey(path)
  } catch (err: any) {
    if (err.code !== 'ENOENT') {
      throw err
    }
  }
  const key = await generateKey()
  await saveKey(path, key)
  log('created a new identity in %s', path)
  return key
}
